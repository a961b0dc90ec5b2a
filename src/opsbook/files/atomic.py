"""Atomic file writes: readers see the old file or the new one, never half of either.

Standard library only (the `who` fast path writes its cache through it).
"""

from __future__ import annotations

import contextlib
import os
import tempfile


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace `path` with `data` (text is written as UTF-8 with `\\n` line ends).

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    file is renamed over the target, so a crash or `kill -9` at any point leaves the old
    file or the new one. The file keeps the target's permissions (0644 when new). A
    symbolic link is written through: the file it leads to is replaced and the link
    stays (a rename over the link would swap it for a copy that nothing else sees).
    """
    target = os.path.realpath(os.fspath(path))
    folder = os.path.dirname(target) or "."
    os.makedirs(folder, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    # The rename itself is durable only once the folder is flushed; a filesystem that
    # cannot open folders (or refuses fsync on them) still got an atomic rename.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sweep_leftovers(folder: str | os.PathLike[str], names: set[str]) -> None:
    """Remove the temporary files a writer killed mid-write left beside the files
    `names` of `folder` (`.<name>.<random>.tmp`). Only for a caller holding the
    workspace lock: nobody else may be writing those files right now."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        # mkstemp's random part is 8 characters: `.` + name + `.` + 8 + `.tmp`.
        if not (name.startswith(".") and name.endswith(".tmp")) or len(name) < 15:
            continue
        if name[1:-13] in names and name[-13] == ".":
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
