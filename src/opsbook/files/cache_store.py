"""The one store the caches keep their JSON in.

The parse cache, the SQL cache and the `who` cache each keep one JSON file under
`<root>/.opsbook-cache/`. This store does what all three need, once:

* versioned: a payload carries its format number (and whatever else its owner asks to
  match, such as the opsbook version); anything else reads as "no cache";
* tolerant: a missing, truncated, non-JSON or wrongly shaped file is a miss, never an
  error; a cache only ever costs a re-parse;
* atomic: saved through `files.atomic.write_atomic`, so a reader sees a whole file;
  two runs saving at once each write a whole file and the last one wins, which for a
  cache loses nothing but time (so no lock is taken here);
* disabled by one switch: `OPSBOOK_CACHE=0` turns every cache off, reads and writes.

JSON, never pickle: a cache file can hold nothing but data. Standard library only: the
`who` fast path reads through it.
"""

from __future__ import annotations

import json
import os

from opsbook import cache_dir

# Not `typing.TYPE_CHECKING`: importing typing costs the `who` fast path milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SWITCH = "OPSBOOK_CACHE"


def caching_enabled() -> bool:
    """False when `OPSBOOK_CACHE=0`: no cache is read or written."""
    return os.environ.get(SWITCH, "1") != "0"


class CacheStore:
    """One cache file: `<folder>/<name>`, holding a JSON object with `format`."""

    def __init__(self, folder: str | os.PathLike[str], name: str, fmt: int) -> None:
        self.folder = os.fspath(folder)
        self.path = os.path.join(self.folder, name)
        self.format = fmt

    def load(self, *, stamped: bool = False, **expected: Any) -> dict[str, Any] | None:
        """The stored object when it has this format and every `expected` value; None
        otherwise. With `stamped`, also only when the file's mtime is the one recorded
        in it when it was saved (see `save`)."""
        if not caching_enabled():
            return None
        try:
            with open(self.path, encoding="utf-8") as handle:
                mtime = os.fstat(handle.fileno()).st_mtime_ns
                payload = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(payload, dict) or payload.get("format") != self.format:
            return None
        if any(payload.get(key) != value for key, value in expected.items()):
            return None
        if stamped and payload.get("stamp") != mtime:
            return None
        return payload

    def save(self, payload: dict[str, Any], *, stamped: bool = False) -> bool:
        """Write `payload` (with this format) atomically; False when caching is off or
        the folder is not writable. Never raises for a cache that cannot be kept.

        With `stamped`, the file records its own mtime and is given it after the write:
        a copy made by a checkout or a copy command gets a new mtime and is never
        believed, so a cache committed to a repository (perhaps doctored) is ignored.
        """
        if not caching_enabled():
            return False
        # Imported here: writing needs tempfile, which the `who` fast path (reading
        # only) should not pay for.
        from opsbook.files.atomic import write_atomic

        try:
            cache_dir.make(self.folder)
            body = {**payload, "format": self.format}
            stamp = 0
            if stamped:
                # The folder's mtime comes from the filesystem's own clock.
                stamp = os.stat(self.folder).st_mtime_ns
                body["stamp"] = stamp
            write_atomic(self.path, json.dumps(body, ensure_ascii=False, separators=(",", ":")))
            if stamped:
                os.utime(self.path, ns=(stamp, stamp))
        except (OSError, ValueError, TypeError):
            return False
        return True
