"""`opsbook who` without pydantic, click or rich: answered from the who cache.

`cli/entry.py` calls `try_answer(args)` before anything heavy is imported. It answers
only when it understands every argument, the cache is current and `--at` lies inside
the cached window; otherwise it returns None and the full command (`who_cmd`) runs,
which rebuilds the cache. Both paths render through `render_who` below, so they print
the same bytes for the same arguments.

Only the standard library may be imported here, at module level or in any function the
fast path calls.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

# Not `typing.TYPE_CHECKING`: importing typing alone costs the fast path milliseconds.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FORMATS = ("text", "json")
_VALUED = {"--at": "at", "--format": "format", "--tz": "tz", "--root": "root"}


class WhoArgs:
    """The arguments the fast path understands."""

    def __init__(self) -> None:
        self.rotations: list[str] = []
        self.at: str | None = None
        self.format = "text"
        self.tz: str | None = None
        self.root = "."


def parse_args(args: Sequence[str]) -> WhoArgs | None:
    """`[ROTATION...] [--at ISO] [--format text|json] [--tz ZONE] [--root DIR]`, or None
    for anything else (help, unknown options, options added later such as --runbook)."""
    parsed = WhoArgs()
    items = list(args)
    i = 0
    while i < len(items):
        item = items[i]
        if not item.startswith("-"):
            parsed.rotations.append(item)
            i += 1
            continue
        name, eq, value = item.partition("=")
        if name not in _VALUED:
            return None
        if not eq:
            if i + 1 >= len(items):
                return None
            value = items[i + 1]
            i += 1
        setattr(parsed, _VALUED[name], value)
        i += 1
    if parsed.format not in FORMATS:
        return None
    return parsed


def parse_instant(value: str, reader: tzinfo | None) -> datetime:
    """`--at`: an ISO 8601 instant; without an offset it is the reader's wall-clock time.
    Raises ValueError when it cannot be read."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=reader) if reader is not None else parsed.astimezone()
    return parsed


def reader_zone(name: str | None) -> tzinfo | None:
    """The zone times are shown in: `--tz`, else None for the machine's local zone (TZ
    or /etc/localtime, applied per instant so DST is right). Raises on an unknown zone."""
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def now() -> datetime:
    """The clock, read only here and in cli.common (the CLI boundary)."""
    return datetime.now(UTC).replace(microsecond=0)


# --- rendering (shared with the full command) -------------------------------------------


def shift_json(piece: dict[str, Any]) -> dict[str, Any]:
    """One effective piece in the JSON contract of `who` and `schedule`."""
    return {
        "role": piece["role"],
        "member": piece["member"],
        "name": piece["name"],
        "start": piece["start"],
        "end": piece["end"],
        "source": piece["source"],
    }


def on_call(rotation: dict[str, Any], at: datetime) -> list[dict[str, Any]]:
    """The pieces covering `at`, one per role, in role order."""
    order = {role: i for i, role in enumerate(rotation["roles"])}
    found = [
        p
        for p in rotation["pieces"]
        if datetime.fromisoformat(p["start"]) <= at < datetime.fromisoformat(p["end"])
    ]
    return sorted(found, key=lambda p: order.get(p["role"], len(order)))


def _until(rotation: dict[str, Any], piece: dict[str, Any]) -> datetime:
    """When the member stops holding the role: the end of the run of back-to-back
    pieces of this role held by the same member (two planned shifts in a row, a cover
    ending where their own shift starts)."""
    end = piece["end"]
    for later in rotation["pieces"]:
        if later["role"] == piece["role"] and later["start"] == end:
            if later["member"] != piece["member"]:
                break
            end = later["end"]
    return datetime.fromisoformat(end)


def _local(instant: datetime, reader: tzinfo | None) -> str:
    shown = instant.astimezone(reader) if reader is not None else instant.astimezone()
    return shown.strftime("%a %d %b %Y %H:%M %Z").strip()


def render_who(
    payload: dict[str, Any],
    names: Sequence[str],
    at: datetime,
    output_format: str,
    reader: tzinfo | None,
) -> str:
    """The answer of `opsbook who`, as text or JSON, from a who payload."""
    rotations = payload["rotations"]
    answers = [(name, on_call(rotations[name], at)) for name in names]
    if output_format == "json":
        document = {
            "at": at.isoformat(),
            "rotations": [
                {"rotation": name, "shifts": [shift_json(p) for p in pieces]}
                for name, pieces in answers
            ],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    lines = [f"On call at {_local(at, reader)}"]
    for name, pieces in answers:
        lines.append("")
        lines.append(name)
        if not pieces:
            lines.append("  nobody: no planned shift covers this time (run `opsbook plan`)")
            continue
        rows = []
        for piece in pieces:
            who = f"{piece['name']} ({piece['member']})" if piece["member"] else "unfilled"
            source = piece["source"] + (f" ({piece['reason']})" if piece["reason"] else "")
            # One row per piece: a line break in a name or reason must not forge rows.
            who, source = one_line(who), one_line(source)
            until = _local(_until(rotations[name], piece), reader)
            rows.append((piece["role"], who, f"until {until}", source))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:3])]
            lines.append("  " + "  ".join([*cells, row[3]]))
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    from opsbook.terminal import sanitize_line

    return sanitize_line(text)


def selected(payload: dict[str, Any], requested: Sequence[str]) -> list[str] | None:
    """The rotations to answer for (all, by name, when none is named); None when a named
    one is not in the payload."""
    rotations = payload["rotations"]
    if not requested:
        return sorted(rotations)
    if any(name not in rotations for name in requested):
        return None
    return list(dict.fromkeys(requested))


# --- the fast path ----------------------------------------------------------------------


def try_answer(args: Sequence[str]) -> int | None:
    """Answer `opsbook who ARGS` from the cache and return the exit code, or None when
    the full command must run (unhandled argument, stale or missing cache, `--at` outside
    the cached window, any surprise)."""
    parsed = parse_args(args)
    if parsed is None:
        return None
    try:
        text = _answer(parsed)
    except Exception:  # the full command is authoritative: any surprise goes to it
        return None
    if text is None:
        return None
    sys.stdout.write(terminal_safe(text, parsed.format))
    sys.stdout.flush()
    return 0


def terminal_safe(text: str, output_format: str) -> str:
    """The answer with every control character escaped (the cache it came from is a file
    anyone could have edited); JSON stays the same JSON value."""
    from opsbook.terminal import sanitize, sanitize_json

    return sanitize_json(text) if output_format == "json" else sanitize(text)


def _answer(parsed: WhoArgs) -> str | None:
    from opsbook.schedule.who_cache import read_cache

    reader = reader_zone(parsed.tz)
    at = parse_instant(parsed.at, reader) if parsed.at is not None else now()
    payload = read_cache(os.fspath(parsed.root))
    if payload is None:
        return None
    valid_from, valid_to = payload.get("valid_from"), payload.get("valid_to")
    if valid_from is None or at < datetime.fromisoformat(valid_from):
        return None
    if valid_to is None or at >= datetime.fromisoformat(valid_to):
        return None
    names = selected(payload, parsed.rotations)
    if names is None:
        return None
    return render_who(payload, names, at, parsed.format, reader)
