"""One exclusive lock per workspace, held for a whole read-modify-write cycle.

`opsbook swap`, `cover` and `plan` read the workspace, decide, then rewrite an
Overrides file or a lock. Two of them interleaving would each write back what it read,
and the second would erase the first's change. So each takes this lock *before* it
reads anything and keeps it until its last write: a command that had to wait reads the
files as the previous one left them. `ical` and `site build` take it too, so their
outputs are made from one consistent state.

The lock is an OS advisory lock (flock via `filelock`) on
`<root>/.opsbook-cache/workspace.lock`: released by the kernel when the process dies,
so a `kill -9` never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from opsbook import cache_dir
from opsbook.errors import InputError

LOCK_FILE = "workspace.lock"
WAIT_SECONDS = 120.0
"""How long a command waits for another one before giving up (planning an organisation
takes seconds, never minutes)."""


def lock_path(root: Path) -> Path:
    return root / cache_dir.NAME / LOCK_FILE


@contextmanager
def workspace_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the workspace's write lock for the body of the `with` block.

    Raises InputError when the workspace cannot hold a lock file (a read-only folder)
    or another opsbook command holds it longer than `timeout` seconds.
    """
    if not root.is_dir():
        # Nothing to protect; the command's own loading says the folder is missing
        # (and no folder is created for a mistyped --root).
        yield
        return
    from filelock import FileLock, Timeout

    path = lock_path(root)
    try:
        cache_dir.make(path.parent)
    except OSError as exc:
        raise InputError(
            f"{path.parent}: cannot create the workspace lock: {exc.strerror or exc}"
        ) from None
    wait = WAIT_SECONDS if timeout is None else timeout
    lock = FileLock(os.fspath(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            f"{path}: another opsbook command has been changing this workspace for "
            f"{wait:.0f} s; expected it to finish (try again)"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot lock the workspace: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()
