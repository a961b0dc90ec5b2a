"""The workspace's `.opsbook-cache/` folder: made on first write, never seen by git.

The command line keeps its caches there (parsed YAML, SQL analyses, the `who`
answers). A `.gitignore` of `*` inside the folder keeps it and everything in it out of
`git status` whatever the workspace's own `.gitignore` says, as pytest does for its
cache, so `opsbook init` never has to touch a team's `.gitignore`. Standard library
only: the `who` fast path writes here too.
"""

from __future__ import annotations

import os

NAME = ".opsbook-cache"
"""The folder's name, under the workspace root."""

_IGNORE_ALL = "# Made by opsbook: caches only, safe to delete.\n*\n"


def make(folder: str | os.PathLike[str]) -> None:
    """Create the cache folder (and its parents) with its `.gitignore`; OSError when
    the workspace is not writable (callers treat the cache as optional)."""
    os.makedirs(folder, exist_ok=True)
    try:
        with open(os.path.join(folder, ".gitignore"), "x", encoding="utf-8") as handle:
            handle.write(_IGNORE_ALL)
    except FileExistsError:
        pass
