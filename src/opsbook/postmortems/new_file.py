"""Create a file that must not exist yet, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from opsbook.errors import InputError


def create_new_file(path: Path, text: str) -> bool:
    """Write `text` to `path` unless something is already there; False if it was.

    The text goes to a temporary file in the same folder first, then is hard-linked
    into place: the link fails when `path` exists, even if another process created it
    a moment ago, so nobody's postmortem is overwritten and no half file is seen. Where
    the file system has no hard links, the name is claimed with an exclusive create
    and the whole file renamed over the (empty) claim. Raises InputError when the
    folder cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
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
        except OSError:
            return _claim_then_replace(Path(tmp), path)
        return True
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _claim_then_replace(tmp: Path, path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return False
    os.replace(tmp, path)
    return True
