"""Everything opsbook writes goes through this package.

* `atomic`: a file is replaced whole (temporary file, fsync, rename) or not at all;
* `lock`: one exclusive lock per workspace held for a command's whole
  read-modify-write cycle, so parallel `swap`, `cover` and `plan` never lose an update;
* `cache_store`: the one store the caches (parsed YAML, SQL analyses, `who` answers)
  keep their JSON in: versioned, tolerant of corruption, atomic, off with
  `OPSBOOK_CACHE=0`.

`atomic` and `cache_store` are standard library only: the `who` fast path reads and
writes through them.
"""
