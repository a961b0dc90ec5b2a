"""Create a file that must not exist yet, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def create_new_file(path: Path, text: str) -> bool:
    """Write `text` to `path` unless something is already there; False if it was.

    The text goes to a temporary file in the same folder first, then is hard-linked
    into place: the link fails when `path` exists, even if another process created it
    a moment ago, so nobody's postmortem is overwritten and no half file is seen.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)
