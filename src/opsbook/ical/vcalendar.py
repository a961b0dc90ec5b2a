"""A feed as a whole: the VCALENDAR around its events, with one VTIMEZONE per zone used.

Deterministic byte for byte: the same workspace, window and `at` give the same files.
Nothing comes from the clock; DTSTAMP is the rotation's start date (midnight UTC), a
value of the inputs that never changes, and every change to an event is carried by its
SEQUENCE instead (see `opsbook.schedule.revisions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from opsbook.ical.contentlines import (
    CRLF,
    duration,
    escape_text,
    folded,
    refuse_control_characters,
    verbatim,
)
from opsbook.ical.vtimezone import UTC_ZONES, build_vtimezone

PRODID = "-//opsbook//opsbook on-call feeds//EN"
REFRESH = timedelta(hours=1)
"""How often subscribed clients should fetch a feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""


@dataclass(frozen=True)
class Feed:
    """One generated calendar file."""

    kind: Literal["rotation", "member"]
    name: str
    """Rotation name or member id."""
    path: str
    """Where it goes, relative to the output folder: rotations/<name>.ics, members/<id>.ics."""
    title: str
    content: bytes
    events: int
    """Events in the feed, cancelled ones included."""
    cancelled: int = 0
    rotations: tuple[str, ...] = field(default=())


def vcalendar(
    title: str,
    description: str,
    zone: str,
    days: Iterable[tuple[str, date, date]],
    vevents: Iterable[str],
) -> bytes:
    """A whole feed: UTF-8, CRLF line ends, lines folded at 75 octets.

    `zone` is the one clients show the calendar in; `days` gives the zone and the first
    and last local day of each event, for the VTIMEZONEs; `vevents` are the events
    spelled out (see `opsbook.ical.render.EventWriter`)."""
    header = [
        # VCALENDAR properties in icalendar's order (see opsbook.ical.contentlines).
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:" + escape_text(PRODID),
        "CALSCALE:GREGORIAN",
        "DESCRIPTION:" + escape_text(description),
        "X-WR-CALDESC:" + verbatim(description),
        "NAME:" + verbatim(title),
        "X-WR-CALNAME:" + verbatim(title),
        "REFRESH-INTERVAL;VALUE=DURATION:" + duration(REFRESH),
        "X-PUBLISHED-TTL:" + duration(REFRESH),
        "X-WR-TIMEZONE:" + verbatim(zone),
        *_timezones(days),
    ]
    feed = "".join([folded(header), *vevents, "END:VCALENDAR" + CRLF])
    refuse_control_characters(feed)
    return feed.encode()


def _timezones(days: Iterable[tuple[str, date, date]]) -> list[str]:
    """One VTIMEZONE per zone the events use, exact over the days they span."""
    spans: dict[str, tuple[date, date]] = {}
    for zone, first, last in days:
        if zone in UTC_ZONES:
            continue
        if zone in spans:
            first, last = min(first, spans[zone][0]), max(last, spans[zone][1])
        spans[zone] = (first, last)
    lines: list[str] = []
    for zone, (first, last) in sorted(spans.items()):
        lines.extend(build_vtimezone(zone, first, last))
    return lines
