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


def reader_zone(name: str | None, home: str) -> tzinfo:
    """The zone times are shown in and a naive --at is read in (`opsbook.instants`):
    `--tz`, else $TZ, else `home`, the workspace's home zone. Raises on an unknown zone."""
    from zoneinfo import ZoneInfo

    from opsbook.instants import reader_zone_name

    return ZoneInfo(reader_zone_name(name, home))


def payload_home(payload: dict[str, Any]) -> str:
    """The workspace's home zone, from the rotations in a who payload."""
    from opsbook.instants import home_zone

    return home_zone({name: r["zone"] for name, r in payload["rotations"].items()})


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


def _local(instant: datetime, reader: tzinfo) -> str:
    return instant.astimezone(reader).strftime("%a %d %b %Y %H:%M %Z").strip()


def _their_time(instant: datetime, piece: dict[str, Any], reader: tzinfo) -> str:
    """ ", 01:00 Mon in Los Angeles for bob": the holder's own wall clock, when it is not
    the reader's."""
    from opsbook.instants import their_clock

    clock = their_clock(instant, piece.get("zone"), reader) if piece["member"] else ""
    return f"{clock} for {piece['member']}" if clock else ""


def _inside(spans: list[dict[str, str]], at: datetime) -> dict[str, str] | None:
    for span in spans:
        if datetime.fromisoformat(span["start"]) <= at < datetime.fromisoformat(span["end"]):
            return span
    return None


_HELD = {"schedule": "planned", "swap": "swapped", "cover": "covering"}


def holiday_note(piece: dict[str, Any], at: datetime) -> str | None:
    """ "on call on Christmas Day, planned": a holder on call over their own public holiday,
    said so it reads as intended."""
    found = _inside(piece.get("holidays") or [], at)
    if found is None:
        return None
    return f"on call on {found['name']}, {_HELD.get(piece['source'], piece['source'])}"


def time_off_warning(rotation: str, piece: dict[str, Any], at: datetime) -> str | None:
    """A holder on time off now: the shift was frozen before the time off was added."""
    found = _inside(piece.get("away") or [], at)
    if found is None:
        return None
    return (
        f"warning: {piece['member']} holds {piece['role']} of {rotation} now but is away: "
        f"{found['name']}; record a cover: opsbook cover {rotation} --role {piece['role']} "
        f"--from {found['start']} --to {found['end']} --suggest"
    )


def _outside(name: str, rotation: dict[str, Any], at: datetime, reader: tzinfo) -> str:
    """Why nobody is on call in `rotation` at `at`: not started, or past its lock."""
    pieces = rotation["pieces"]
    if not rotation.get("has_lock"):
        return f"{name} has no lock file yet; run `opsbook plan {name}`"
    starts = [datetime.fromisoformat(p["start"]) for p in pieces]
    ends = [datetime.fromisoformat(p["end"]) for p in pieces]
    first = rotation.get("first_start")
    if first is not None and at < datetime.fromisoformat(first):
        starts_at = _local(datetime.fromisoformat(first), reader)
        return f"{name} starts at {starts_at}; nobody is on call before"
    if ends and at >= max(ends):
        return (
            f"the lock of {name} ends at {_local(max(ends), reader)}; nothing is planned "
            f"after it (`opsbook plan {name}` extends it to the rotation's horizon)"
        )
    if starts and at < min(starts):
        return f"{name}: the answer for {_local(at, reader)} is no longer cached"
    return f"{name}: no planned shift covers {_local(at, reader)}; run `opsbook plan {name}`"


class Answer:
    """What `who` prints: the answer, the lines for stderr, and the exit code."""

    def __init__(self, text: str, problems: list[str], code: int) -> None:
        self.text = text
        self.problems = problems
        self.code = code


def render_who(
    payload: dict[str, Any],
    names: Sequence[str],
    at: datetime,
    output_format: str,
    reader: tzinfo,
) -> Answer:
    """The answer of `opsbook who`, as text or JSON, from a who payload. Exit 1 when a
    rotation has nobody on call at `at` because it has not started or its lock ends
    before (the reason is said on stderr), never a quiet empty answer."""
    rotations = payload["rotations"]
    answers = [(name, on_call(rotations[name], at)) for name in names]
    problems = [
        f"error: {_outside(name, rotations[name], at, reader)}"
        for name, pieces in answers
        if not pieces
    ]
    problems += [
        warning
        for name, pieces in answers
        for piece in pieces
        if piece["member"] and (warning := time_off_warning(name, piece, at))
    ]
    code = 1 if any(not pieces for _, pieces in answers) else 0
    if output_format == "json":
        document = {
            "at": at.isoformat(),
            "rotations": [
                {"rotation": name, "shifts": [shift_json(p) for p in pieces]}
                for name, pieces in answers
            ],
        }
        return Answer(json.dumps(document, indent=2, ensure_ascii=False) + "\n", problems, code)
    lines = [f"On call at {_local(at, reader)}"]
    for name, pieces in answers:
        lines.append("")
        lines.append(name)
        if not pieces:
            lines.append(f"  nobody: {_outside(name, rotations[name], at, reader)}")
            continue
        rows = []
        for piece in pieces:
            who = f"{piece['name']} ({piece['member']})" if piece["member"] else "unfilled"
            source = piece["source"] + (f" ({piece['reason']})" if piece["reason"] else "")
            note = holiday_note(piece, at)
            if note:
                source += f"; {note}"
            # One row per piece: a line break in a name or reason must not forge rows.
            who, source = one_line(who), one_line(source)
            end = _until(rotations[name], piece)
            until = _local(end, reader) + _their_time(end, piece, reader)
            rows.append((piece["role"], who, f"until {until}", source))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:3])]
            lines.append("  " + "  ".join([*cells, row[3]]))
    return Answer("\n".join(lines) + "\n", problems, code)


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
        answer = _answer(parsed)
    except Exception:  # the full command is authoritative: any surprise goes to it
        return None
    if answer is None:
        return None
    for line in answer.problems:
        sys.stderr.write(terminal_safe(line, "text") + "\n")
    sys.stdout.write(terminal_safe(answer.text, parsed.format))
    sys.stdout.flush()
    return answer.code


def read_at(value: str | None, reader: tzinfo) -> tuple[datetime, str | None]:
    """`--at` by the rule every command follows (`opsbook.instants`), or now; with the
    note to print when a nonexistent local time was moved. Raises AtError."""
    if value is None:
        return now(), None
    from opsbook.instants import resolve

    return resolve(value, reader)


def terminal_safe(text: str, output_format: str) -> str:
    """The answer with every control character escaped (the cache it came from is a file
    anyone could have edited); JSON stays the same JSON value."""
    from opsbook.terminal import sanitize, sanitize_json

    return sanitize_json(text) if output_format == "json" else sanitize(text)


def _answer(parsed: WhoArgs) -> Answer | None:
    from opsbook.cli.who_cache import read_cache

    payload = read_cache(os.fspath(parsed.root))
    if payload is None:
        return None
    reader = reader_zone(parsed.tz, payload_home(payload))
    at, note = read_at(parsed.at, reader)
    if note is not None:
        return None  # the full command says the note
    valid_from, valid_to = payload.get("valid_from"), payload.get("valid_to")
    if valid_from is None or at < datetime.fromisoformat(valid_from):
        return None
    if valid_to is None or at >= datetime.fromisoformat(valid_to):
        return None
    names = selected(payload, parsed.rotations)
    if names is None:
        return None
    answer = render_who(payload, names, at, parsed.format, reader)
    # Exit 1 answers name their reason from the full schedule; only the full command
    # knows whether a rotation is really empty or only past the cached window.
    return answer if answer.code == 0 else None
