"""The one reader of `--at` (and of the site's `OPSBOOK_AT`): every command reads an
instant the same way.

* An instant with an offset (`2026-12-24T03:00+00:00`, `…Z`) is that instant.
* A naive one (`2026-12-24T03:00`, or a date, read as its midnight) is wall-clock time
  in the reader's zone: the command's `--tz` where it has one, else `$TZ`, else the
  workspace's home zone (the handoff zone of its first rotation by name; UTC when it has
  none). `reader_zone_name` is that rule.
* DESIGN's time rules for wall-clock times: one that does not exist (the hour clocks
  skip in spring) moves to the first valid instant after it, with a note saying so;
  an ambiguous one (the hour repeated in autumn) is its first occurrence.
* Only instants between 1900-01-01 and 9000-01-01 (UTC) are accepted, so no command
  overflows when it adds a horizon or steps back a month.

Only the standard library is imported: `opsbook who`'s fast path reads `--at` too.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
RANGE_TEXT = "between 1900-01-01 and 8999-12-31"
EXAMPLE = "2026-12-24T03:00+00:00"


class AtError(ValueError):
    """An `--at` that cannot be read; the message says what was expected and found."""


def read_text(value: str, option: str = "--at") -> datetime:
    """`value` as a datetime, naive when it has no offset; AtError when it is not ISO
    8601 or lies outside the accepted range."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise AtError(
            f"{option}: expected an ISO 8601 instant like {EXAMPLE}; found {value!r}"
        ) from None
    check_range(parsed, option, value)
    return parsed


def check_range(parsed: datetime, option: str, value: str) -> None:
    # Compared as naive UTC-ish wall time first: an aware datetime near year 1 cannot
    # even be converted to UTC without overflowing.
    wall = parsed.replace(tzinfo=None)
    if not (
        EARLIEST.replace(tzinfo=None) + timedelta(days=1)
        <= wall
        < LATEST.replace(tzinfo=None) - timedelta(days=1)
    ):
        raise AtError(f"{option}: expected an instant {RANGE_TEXT}; found {value!r}")


def place(naive: datetime, tz: tzinfo) -> tuple[datetime, str | None]:
    """The naive wall-clock time `naive` in `tz`, and a note when it had to move: a time
    the clocks skip moves to the first valid instant after it (DESIGN's time rules); an
    ambiguous one is its first occurrence (fold 0), without a note."""
    first = naive.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return first, None
    # In a gap fold=0 reads the time with the offset before the change and fold=1 with
    # the offset after; the transition lies between the two readings.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first.astimezone(UTC)
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= naive:
            high = mid
        else:
            low = mid
    moved = high.replace(microsecond=0).astimezone(tz)
    note = (
        f"{naive.isoformat(timespec='minutes')} does not exist in {_zone_label(tz)} (the "
        f"clocks skip it); read as {moved.isoformat(timespec='minutes')}, the first "
        "valid time after it"
    )
    return moved, note


def _zone_label(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


def resolve(value: str, tz: tzinfo, option: str = "--at") -> tuple[datetime, str | None]:
    """`value` as an aware instant (naive: wall-clock time in `tz`) and a note when a
    nonexistent local time was moved; AtError when it cannot be read."""
    parsed = read_text(value, option)
    if parsed.tzinfo is not None:
        return parsed, None
    return place(parsed, tz)


def reader_zone_name(explicit: str | None, home: str) -> str:
    """The zone a naive `--at` is read in and times are shown in: `explicit` (`--tz`),
    else `$TZ` when it names an IANA zone, else `home`."""
    if explicit:
        return explicit
    env = os.environ.get("TZ", "").lstrip(":")
    if env and is_zone(env):
        return env
    return home


def is_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return True


def home_zone(rotation_zones: dict[str, str]) -> str:
    """The workspace's home zone from its rotations' handoff zones by rotation name: the
    first rotation's; UTC when there is none."""
    return rotation_zones[min(rotation_zones)] if rotation_zones else "UTC"


def their_clock(instant: datetime, zone: str | None, reader: tzinfo) -> str:
    """ ", 04:00 Fri in Los Angeles": `instant` on the wall clock of someone in `zone`,
    when it differs from the reader's; "" otherwise (or without a zone)."""
    if not zone:
        return ""
    from zoneinfo import ZoneInfo

    theirs = instant.astimezone(ZoneInfo(zone))
    if theirs.utcoffset() == instant.astimezone(reader).utcoffset():
        return ""
    # "in Los Angeles" for a city zone; "UTC" and other zones without a city as they are.
    place = f"in {zone.rsplit('/', 1)[-1].replace('_', ' ')}" if "/" in zone else zone
    return f", {theirs.strftime('%H:%M %a')} {place}"
