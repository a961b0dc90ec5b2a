"""The iCal feeds: one per rotation (every role) and one per member (all their rotations).

Deterministic byte for byte: the same workspace, window and `at` give the same files.
Nothing comes from the clock; DTSTAMP is the rotation's start date (midnight UTC), a
value of the inputs that never changes, and every change to an event is carried by its
SEQUENCE instead (see `opsbook.schedule.revisions`).

Windows: confirmed events overlapping [at - past_days, at + the rotation's horizon);
cancelled ones additionally until `cancelled_days` after they would have ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from icalendar import Calendar, vDuration

from opsbook.ical.events import (
    ShiftEvent,
    cancelled_visible,
    rotation_events,
    uid_domain,
    window_overlaps,
)
from opsbook.ical.render import View, member_name, vevent
from opsbook.ical.vtimezone import UTC_ZONES, build_vtimezone
from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation
from opsbook.yaml_io import write_atomic

PRODID = "-//opsbook//opsbook on-call feeds//EN"
REFRESH = timedelta(hours=1)
"""How often subscribed clients should fetch a feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""


@dataclass(frozen=True)
class Window:
    """What a feed shows: events overlapping [start, end); cancelled ones while
    `at` is less than `cancelled` after they would have ended."""

    start: datetime
    end: datetime
    at: datetime
    cancelled: timedelta

    def shows(self, event: ShiftEvent) -> bool:
        if not window_overlaps(event, self.start, self.end):
            return False
        return not event.cancelled or cancelled_visible(event, self.at, self.cancelled)


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


def _stamp(rotation: Rotation) -> datetime:
    return datetime.combine(rotation.spec.start, time(0), tzinfo=UTC)


def _window(
    ws: Workspace,
    rotation: Rotation,
    at: datetime,
    start: datetime | None,
    end: datetime | None,
) -> Window:
    calendars = ws.spec.calendars
    return Window(
        start=start if start is not None else at - timedelta(days=calendars.past_days),
        end=end if end is not None else at + rotation.spec.horizon,
        at=at,
        cancelled=timedelta(days=calendars.cancelled_days),
    )


def _calendar(name: str, description: str, zone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("DESCRIPTION", description)
    calendar.add("X-WR-CALDESC", description)
    calendar.add("X-WR-TIMEZONE", zone)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


def _add_timezones(calendar: Calendar, shown: Iterable[tuple[ShiftEvent, Rotation]]) -> None:
    """One VTIMEZONE per zone the events use, exact over the days they span."""
    spans: dict[str, tuple[date, date]] = {}
    for event, rotation in shown:
        zone = rotation.spec.shift.handoff.timezone
        if zone in UTC_ZONES:
            continue
        first, last = event.start.date(), event.end.date()
        if zone in spans:
            first, last = min(first, spans[zone][0]), max(last, spans[zone][1])
        spans[zone] = (first, last)
    for zone, (first, last) in sorted(spans.items()):
        calendar.add_component(build_vtimezone(zone, first, last))


def _render(
    calendar: Calendar,
    shown: list[tuple[ShiftEvent, Rotation]],
    view: View,
    ws: Workspace,
) -> bytes:
    _add_timezones(calendar, shown)
    for event, rotation in shown:
        calendar.add_component(vevent(event, view, ws, rotation, _stamp(rotation)))
    return bytes(calendar.to_ical())


def build_feeds(
    ws: Workspace,
    at: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Feed]:
    """Every feed of the workspace: rotations (by name), then members (by id).

    `start`/`end` replace the default window (past_days before `at`, the rotation's
    horizon after it). Rotations without a lock file have no events."""
    domain = uid_domain(ws)
    per_rotation: list[tuple[Rotation, list[ShiftEvent], Window]] = []
    for name in sorted(ws.rotations):
        rotation = ws.rotations[name]
        window = _window(ws, rotation, at, start, end)
        events = [e for e in rotation_events(ws, rotation, domain) if window.shows(e)]
        per_rotation.append((rotation, events, window))

    feeds: list[Feed] = []
    for rotation, events, _ in per_rotation:
        shown = [(e, rotation) for e in events if e.in_rotation_feed]
        zone = rotation.spec.shift.handoff.timezone
        title = f"On call: {rotation.metadata.display}"
        calendar = _calendar(
            title,
            f"Who holds each role of {rotation.name}, shift by shift (opsbook).",
            zone,
        )
        feeds.append(
            Feed(
                kind="rotation",
                name=rotation.name,
                path=f"rotations/{rotation.name}.ics",
                title=title,
                content=_render(calendar, shown, "rotation", ws),
                events=len(shown),
                cancelled=sum(1 for e, _ in shown if e.cancelled),
                rotations=(rotation.name,),
            )
        )

    for member_id in _members(ws, per_rotation):
        shown = [
            (e, rotation)
            for rotation, events, _ in per_rotation
            for e in events
            if e.member == member_id
        ]
        shown.sort(key=lambda item: (item[0].start, item[0].rotation, item[0].role, item[0].uid))
        title = f"On call: {member_name(ws, member_id)}"
        calendar = _calendar(
            title,
            f"The on-call shifts of {member_name(ws, member_id)} in every rotation (opsbook).",
            ws.member_zone(member_id),
        )
        feeds.append(
            Feed(
                kind="member",
                name=member_id,
                path=f"members/{member_id}.ics",
                title=title,
                content=_render(calendar, shown, "member", ws),
                events=len(shown),
                cancelled=sum(1 for e, _ in shown if e.cancelled),
                rotations=tuple(sorted({e.rotation for e, _ in shown})),
            )
        )
    return feeds


def _members(
    ws: Workspace, per_rotation: list[tuple[Rotation, list[ShiftEvent], Window]]
) -> list[str]:
    """Every rotation member, and anyone else holding or giving up a shown event."""
    ids: set[str] = set()
    for rotation, events, _ in per_rotation:
        ids.update(ws.rotation_members(rotation))
        ids.update(e.member for e in events if e.member is not None)
    return sorted(ids)


def write_feeds(out: Path, feeds: Iterable[Feed]) -> list[Path]:
    """Write each feed under `out` atomically (a subscribed client never fetches half a
    file) and return the paths written. A file whose bytes are unchanged is left alone,
    so its modification time (and HTTP caching) stays put."""
    written: list[Path] = []
    for feed in feeds:
        target = out / feed.path
        if not (target.is_file() and target.read_bytes() == feed.content):
            write_atomic(target, feed.content.decode("utf-8"))
        written.append(target)
    return written
