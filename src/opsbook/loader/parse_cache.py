"""The values of each clean YAML file, remembered between runs of the command line.

Reading a thousand runbooks costs about a second even through libyaml; most runs read
exactly the files the previous run read. The cache keeps, per file, the plain values of
its documents as JSON, keyed by the file's size, mtime_ns and SHA-256: a hit gives the
same values parsing would, and positions are still found from the file's own text when
something is reported (see `yamlio.document.YamlDocument`). Only files that read without a
single problem are remembered, so every diagnostic still comes from a real parse.

It is JSON, never pickle, so a cache file can hold nothing but data. And because the key
includes mtime_ns, which a fresh checkout sets anew, a cache committed to a repository by
mistake (or on purpose, to smuggle in values the YAML does not hold) never matches.

The command line turns it on (`enable`); library callers and tests read files fresh
unless they ask. `OPSBOOK_CACHE=0` turns it off.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from opsbook import cache_dir
from opsbook.files.cache_store import CacheStore, caching_enabled
from opsbook.yamlio.document import YamlDocument, YamlFile

FORMAT = 1
"""Bumped whenever what is stored changes, so an old cache is never misread."""
CACHE_DIR = cache_dir.NAME
CACHE_FILE = "parsed.json"

_enabled = False


def enable() -> None:
    """Remember parsed files under each workspace's `.opsbook-cache/` (the CLI's choice)."""
    global _enabled
    _enabled = caching_enabled()


def disable() -> None:
    global _enabled
    _enabled = False


class ParseCache:
    """The cache of one workspace folder; `save` writes it back if anything changed."""

    def __init__(self, root: Path) -> None:
        self.store = CacheStore(root / CACHE_DIR, CACHE_FILE, FORMAT)
        self.path = Path(self.store.path)
        self.entries: dict[str, list[Any]] = {}
        self.used: set[str] = set()
        self.changed = False
        stored = self.store.load(opsbook=_version())
        if stored is not None and isinstance(stored.get("files"), dict):
            self.entries = stored["files"]

    def read(self, path: Path, display: str) -> YamlFile | None:
        """The file as parsing it would give, if the cache holds it unchanged."""
        key = str(path)
        entry = self.entries.get(key)
        if not isinstance(entry, list) or len(entry) != 4:
            return None
        try:
            stat = path.stat()
            if [stat.st_size, stat.st_mtime_ns] != entry[:2]:
                return None
            raw = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(raw).hexdigest() != entry[2] or not isinstance(entry[3], list):
            return None
        text = raw.decode("utf-8")
        text = text.removeprefix("\ufeff")
        lines = tuple(text.splitlines())
        self.used.add(key)
        documents = [
            YamlDocument(display, index, data, None, lines, text=text)
            for index, data in enumerate(entry[3])
        ]
        return YamlFile(display, documents=documents, text=text)

    def remember(self, path: Path, parsed: YamlFile) -> None:
        """Keep a freshly parsed file, if it read cleanly (values only, no problems)."""
        key = str(path)
        self.used.add(key)
        if parsed.diagnostics or not all(d.lazy for d in parsed.documents):
            if self.entries.pop(key, None) is not None:
                self.changed = True
            return
        try:
            stat = path.stat()
            raw = path.read_bytes()
        except OSError:
            return
        # Stat, then read, then compare with what was parsed: a file changed meanwhile is
        # not remembered, or is remembered under a key its new content will not match.
        if raw.decode("utf-8", errors="replace").removeprefix("\ufeff") != parsed.text:
            return
        self.entries[key] = [
            stat.st_size,
            stat.st_mtime_ns,
            hashlib.sha256(raw).hexdigest(),
            [d.data for d in parsed.documents],
        ]
        self.changed = True

    def save(self) -> None:
        """Write the cache back, dropping files no longer read; never fails the command."""
        stale = set(self.entries) - self.used
        if not self.changed and not stale:
            return
        for key in stale:
            del self.entries[key]
        # Key order is kept: the order of a mapping's keys is part of its value. A
        # read-only checkout, or a value JSON cannot hold: just slower next time.
        self.store.save({"opsbook": _version(), "files": self.entries})


def open_cache(root: Path) -> ParseCache | None:
    """The workspace's cache when caching is on, else None."""
    return ParseCache(root) if _enabled else None


def _version() -> str:
    from opsbook import __version__

    return __version__
