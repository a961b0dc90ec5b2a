"""Postmortems built from the workspace: scaffolds, check names, incident figures."""
