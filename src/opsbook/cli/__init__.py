"""The command line: thin commands over the library. Start-up is kept lazy on purpose."""
