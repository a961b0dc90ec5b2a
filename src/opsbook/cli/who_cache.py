"""The `who` cache: every rotation's effective pieces as JSON, keyed by the input files.

`opsbook who` is the command people type most, and loading a workspace means importing
pydantic and validating every file. The full command therefore leaves behind
`<root>/.opsbook-cache/who.json`: the effective schedule of every rotation (with names
and emails) and a key made of the path, mtime_ns and size of every YAML file under the
workspace folders and of opsbook.yaml. While the key still matches, the stdlib-only
fast path (`opsbook.cli.who_fast`) answers from the cache without loading anything.

Reading needs only the standard library, so this module imports nothing else at module
level; building imports the loader and the schedule lazily.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta

from opsbook import cache_dir
from opsbook.workspace_folders import SETTINGS_FILE

# Not `typing.TYPE_CHECKING`: importing typing alone costs the fast path milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from opsbook.files.cache_store import CacheStore
    from opsbook.loader.workspace import Workspace

FORMAT = 2
"""Bumped whenever the payload's shape changes, so an old cache is never misread."""
CACHE_DIR = cache_dir.NAME
CACHE_FILE = "who.json"
_SUFFIXES = (".yaml", ".yml", ".lock")


def cache_store(root: str) -> CacheStore:
    """The store of `<root>/.opsbook-cache/who.json`."""
    from opsbook.files.cache_store import CacheStore

    return CacheStore(os.path.join(root, CACHE_DIR), CACHE_FILE, FORMAT)


def _version() -> str:
    from opsbook import __version__

    return __version__


# --- the key ----------------------------------------------------------------------------


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def input_key(root: str, folders: Sequence[str]) -> dict[str, Any]:
    """What the answer depends on: opsbook.yaml and every YAML file under `folders`,
    by path (relative to root), mtime_ns and size. Hidden folders and files are skipped,
    as the loader skips them."""
    files: list[list[Any]] = []
    # String slicing instead of os.path.relpath, and scandir instead of walk: the fast
    # path stats every file of a thousand-runbook workspace on each `who`.
    prefix = len(os.path.join(root, ""))
    for folder in folders:
        top = os.path.join(root, folder)
        if os.path.isfile(top):  # spec.paths may name a file
            stat = _stat(top)
            if stat is not None:
                files.append([os.path.relpath(top, root), *stat])
            continue
        _scan(top, prefix, files)
    return {
        "settings": _stat(os.path.join(root, SETTINGS_FILE)),
        "folders": list(folders),
        "files": sorted(files),
    }


def _scan(folder: str, prefix: int, files: list[list[Any]]) -> None:
    """Every workspace file under `folder`, depth first in name order, as os.walk with
    sorted names would list them; hidden files and folders skipped. Linked folders are
    not entered, as the loader enters none (a link back up would never end)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    subfolders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            subfolders.append(entry.path)
        elif entry.name.endswith(_SUFFIXES):
            stat = _stat(entry.path)
            if stat is not None:
                files.append([entry.path[prefix:], *stat])
    for sub in subfolders:
        _scan(sub, prefix, files)


# --- reading ----------------------------------------------------------------------------


def read_cache(root: str) -> dict[str, Any] | None:
    """The cached payload when it is current: same format, same opsbook version and the
    same input files; None otherwise (missing, unreadable, stale)."""
    payload = cache_store(root).load(version=_version())
    if payload is None:
        return None
    key = payload.get("key")
    if not isinstance(key, dict) or not isinstance(key.get("folders"), list):
        return None
    if input_key(root, key["folders"]) != key:
        return None
    return payload


# --- building ---------------------------------------------------------------------------


def build_payload(
    ws: Workspace, key: dict[str, Any], since: datetime | None = None
) -> dict[str, Any]:
    """The effective pieces of every rotation with a lock, ending after `since` (all of
    them when None), with the names and emails a page needs."""
    from opsbook.schedule.availability import Availability
    from opsbook.schedule.effective import resolve

    availability = Availability(ws)
    rotations: dict[str, Any] = {}
    for name in sorted(ws.rotations):
        rotation = ws.rotations[name]
        pieces = []
        shifts = resolve(ws, name).shifts
        for piece in shifts:
            if since is not None and piece.end <= since:
                continue
            member = ws.member(piece.member) if piece.member is not None else None
            pieces.append(
                {
                    "role": piece.role,
                    "member": piece.member,
                    "name": member.name if member else None,
                    "email": member.email if member else None,
                    "start": piece.start.isoformat(),
                    "end": piece.end.isoformat(),
                    "source": piece.source,
                    "reason": piece.reason,
                    "shift": piece.shift.isoformat(),
                    "zone": ws.member_zone(member.id) if member else None,
                    **_marks(availability, piece.member, piece.start, piece.end),
                }
            )
        first = min((p.start for p in shifts), default=None)
        rotations[name] = {
            "roles": list(rotation.spec.roles),
            "zone": rotation.spec.shift.handoff.timezone,
            "has_lock": name in ws.locks,
            "first_start": first.isoformat() if first is not None else None,
            "pieces": pieces,
        }
    ends = [p["end"] for r in rotations.values() for p in r["pieces"]]
    return {
        "format": FORMAT,
        "version": _version(),
        "key": key,
        "valid_from": since.isoformat() if since is not None else None,
        "valid_to": max(ends, key=datetime.fromisoformat) if ends else None,
        "rotations": rotations,
    }


def _marks(
    availability: Any, member: str | None, start: datetime, end: datetime
) -> dict[str, list[dict[str, str]]]:
    """Where in [start, end) the holder is on their own public holiday (said beside them)
    and on time off (a warning: the shift was frozen before the time off was added), as
    instants clipped to the piece, so the fast path needs no calendar."""
    if member is None:
        return {"holidays": [], "away": []}
    from opsbook.schedule.shifts import local_instant, zone

    tz = zone(availability.zone_of(member))

    def span(first: Any, last: Any, name: str) -> dict[str, str]:
        begin = max(start, local_instant(first, datetime.min.time(), tz))
        finish = min(end, local_instant(last + timedelta(days=1), datetime.min.time(), tz))
        return {"start": begin.isoformat(), "end": finish.isoformat(), "name": name}

    holidays = [
        span(a.start, a.end, a.reason) for a in availability.holiday_absences(member, start, end)
    ]
    away = [
        span(a.start, a.end, f"{a.reason} ({a.start}..{a.end})")
        for a in availability.hard_conflicts(member, start, end)
    ]
    return {"holidays": holidays, "away": away}


def window(payload: dict[str, Any], since: datetime) -> dict[str, Any]:
    """The payload with only the pieces that end after `since`, valid from then on."""
    rotations = {
        name: {
            **rotation,
            "pieces": [p for p in rotation["pieces"] if datetime.fromisoformat(p["end"]) > since],
        }
        for name, rotation in payload["rotations"].items()
    }
    return {**payload, "valid_from": since.isoformat(), "rotations": rotations}


def write_cache(root: str, payload: dict[str, Any]) -> bool:
    """Write the cache atomically; False when caching is off (`OPSBOOK_CACHE=0`) or the
    folder is not writable (the cache is only a speed-up, so that is not an error)."""
    return cache_store(root).save(payload)
