"""RFC 5545 content lines: TEXT escaping, parameter quoting, value formats and folding.

opsbook writes its feeds itself rather than through the icalendar library: at
organisation scale (220 feeds, thousands of events) building icalendar's property
objects took three quarters of `opsbook ical`. The spelling here is icalendar 7's, byte
for byte (tests/ical/test_differential.py renders every test workspace both ways), with
one deliberate exception: icalendar turns a literal backslash-N in a text into a line
break before escaping it; here it stays the two characters the author wrote.

A feed is a list of content lines (str, unfolded), folded and joined by `folded`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Final

from opsbook.errors import RefusedError
from opsbook.terminal import excerpt

CRLF: Final = "\r\n"
_FOLD: Final = CRLF + " "
_LIMIT: Final = 75
"""A character is moved to a new line when it would make the line 75 octets long, so
every physical line holds at most 74 octets after the leading space (icalendar's rule)."""
_CARRIED_OCTETS: Final = frozenset(b"\\^")
"""Characters never left at the end of a folded line (a TEXT backslash escape or an
RFC 6868 caret escape is not split across the fold: some clients misread that)."""

WRITTEN_AS_UTC: Final = frozenset(
    {
        "Africa/Abidjan",
        "Africa/Accra",
        "Africa/Bamako",
        "Africa/Banjul",
        "Africa/Conakry",
        "Africa/Dakar",
        "Africa/Freetown",
        "Africa/Lome",
        "Africa/Nouakchott",
        "Africa/Ouagadougou",
        "Africa/Timbuktu",
        "Atlantic/Reykjavik",
        "Atlantic/St_Helena",
        "Etc/GMT",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Etc/GMT0",
        "Etc/Greenwich",
        "Etc/UCT",
        "Etc/UTC",
        "Etc/Universal",
        "Etc/Zulu",
        "GMT",
        "GMT+0",
        "GMT-0",
        "GMT0",
        "Greenwich",
        "Iceland",
        "UCT",
        "UTC",
        "Universal",
        "Zulu",
    }
)
"""Zones whose local times are written as UTC (`…Z`, no TZID): the zones icalendar's
equivalence table identifies with UTC (offset zero, no DST, for every date a feed shows).
A test checks this list against icalendar for every zone of the zone database."""


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line
    break (CRLF, LF or a lone CR) written as `\\n`."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def verbatim(text: str) -> str:
    """A value of a property whose type is unknown (X-…, NAME): written as it is, as
    icalendar does, except that a line break, which no content line may hold, is written
    as `\\n` (icalendar refuses such a value)."""
    if "\n" in text or "\r" in text:
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text


def param_value(value: str) -> str:
    """A parameter value: RFC 6868 escapes (`^^`, `^n`; a double quote, which no
    parameter value may hold, becomes a single quote), then double quotes around a value
    holding `,`, `;`, `:` or a right single quotation mark."""
    if "^" in value or "\n" in value or "\r" in value or '"' in value:
        value = (
            value.replace("^", "^^")
            .replace("\r\n", "^n")
            .replace("\n", "^n")
            .replace("\r", "^n")
            .replace('"', "^'")
        )
    if any(c in value for c in ",;:\u2019"):
        return f'"{value}"'
    return value


def date_time(instant: datetime) -> str:
    """`;TZID=<zone>:YYYYMMDDTHHMMSS` for a zoned time, `:YYYYMMDDTHHMMSSZ` for UTC (and
    the zones written as UTC), `:YYYYMMDDTHHMMSS` for a floating time: the part of a
    DATE-TIME content line after the property name."""
    stamp = (
        f"{instant.year:04}{instant.month:02}{instant.day:02}"
        f"T{instant.hour:02}{instant.minute:02}{instant.second:02}"
    )
    tz = instant.tzinfo
    if tz is None:
        return ":" + stamp
    if tz is UTC:
        return f":{stamp}Z"
    key = getattr(tz, "key", None)
    if key is None:
        raise ValueError(f"no zone name for {instant!r}: expected a ZoneInfo or UTC time")
    if key in WRITTEN_AS_UTC:
        return f":{stamp}Z"
    return f";TZID={param_value(key)}:{stamp}"


def duration(value: timedelta) -> str:
    """A DURATION value: `PT1H`, `-PT15M`, `P1D`, `P1DT12H`, `P0D`."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    time = ""
    if value.seconds:
        hours, rest = divmod(value.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T"
        if hours:
            time += f"{hours}H"
        if minutes or (hours and seconds):
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
    if value.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{value.days}D{time}"


def utc_offset(value: timedelta) -> str:
    """A UTC-OFFSET value: `+0100`, `-0500`, `+0000`; seconds only when there are some."""
    sign = "+"
    if value < timedelta(0):
        sign, value = "-", -value
    hours, rest = divmod(value.days * 86400 + value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if seconds:
        return f"{sign}{hours:02}{minutes:02}{seconds:02}"
    return f"{sign}{hours:02}{minutes:02}"


def fold(line: str) -> str:
    """Fold a content line: CRLF and a space before the character that would make a
    line 75 octets long, never inside a UTF-8 sequence, never right after a backslash
    or caret (that character starts the next line instead)."""
    if len(line) < _LIMIT and (line.isascii() or len(line.encode()) < _LIMIT):
        return line
    data = line.encode()
    pieces: list[bytes] = []
    start, size = 0, len(data)
    while size - start >= _LIMIT:
        end = start + _LIMIT - 1
        while data[end] & 0xC0 == 0x80:
            # `end` is inside a multi-byte character: it starts the next line.
            end -= 1
        if data[end - 1] in _CARRIED_OCTETS:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return _FOLD.join(piece.decode() for piece in pieces)


def folded(lines: Iterable[str]) -> str:
    """Content lines folded, each ended by CRLF."""
    return "".join(fold(line) + CRLF for line in lines)


_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""What no feed may hold once line breaks are escaped (tab is fine; CR and LF are the
line ends, a lone one in a value having been written as `\\n`)."""


def refuse_control_characters(feed: str) -> None:
    """Raise RefusedError when a feed's text holds a control character other than tab
    and its line ends: RFC 5545 forbids them, and a calendar client shows a NUL or ESC
    byte however it likes. The loader refuses them in YAML (OB006); this is the
    writer's own guard, for text that reached it some other way."""
    found = _CONTROL.search(feed)
    if found is None:
        return
    start = feed.rfind("\n", 0, found.start()) + 1
    end = feed.find("\r", found.start())
    raise RefusedError(
        f"calendar text holds the control character {ord(found.group()):#04x} "
        f"({excerpt(feed[start : end if end >= 0 else None])}); expected text without "
        "control characters (RFC 5545 3.3.11); no calendar was written"
    )
