"""Each rotation's share of the feeds: its own feed, and its events as its members'
feeds show them, spelled out.

This is where `opsbook ical` spends its time (resolving the schedule, its revisions,
spelling thousands of events), and rotations are independent of one another, so with
`workers` > 1 the rotations are shared out between forked processes. They are forked
after the workspace is loaded and share it without pickling; they send back only
bytes and strings. Parts come back in rotation-name order whatever the number of
workers, so the feeds are the same bytes for any number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from opsbook.ical.events import ShiftEvent, Window, rotation_events, uid_domain
from opsbook.ical.people import People
from opsbook.ical.render import EventWriter
from opsbook.ical.vcalendar import Feed, vcalendar
from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation
from opsbook.workers import fork_map


@dataclass(frozen=True)
class MemberEvent:
    """One event as a member's own feed shows it: a shift, in the feed of its holder (or
    former holder), or an action item, in its owner's."""

    member: str
    order: tuple[datetime, str, str, str]
    """Where it goes in the member's feed: (start in UTC, rotation, role, UID) for a
    shift, (due day at 00:00 UTC, '', '', UID) for an action item."""
    cancelled: bool
    text: str
    """The VEVENT, folded, each line ended by CRLF."""
    rotation: str | None = None
    """A shift's rotation."""
    days: tuple[str, date, date] | None = None
    """A shift's zone, first and last day: the VTIMEZONE it needs. An all-day action
    item needs none: its dates float."""


@dataclass(frozen=True)
class RotationPart:
    """One rotation's feed and its share of the member feeds."""

    feed: Feed
    member_events: tuple[MemberEvent, ...]
    members: tuple[str, ...]
    """Who gets a member feed for this rotation: its members, and anyone else holding
    or giving up a shown event."""


def rotation_part(
    ws: Workspace, rotation: Rotation, window: Window, writer: EventWriter, domain: str
) -> RotationPart:
    """The part of `rotation`, its events limited to `window`."""
    events = rotation_events(ws, rotation, domain, window)
    zone = rotation.spec.shift.handoff.timezone
    shown = [e for e in events if e.in_rotation_feed]
    title = f"On call: {rotation.metadata.display}"
    content = vcalendar(
        title,
        f"Who holds each role of {rotation.name}, shift by shift (opsbook).",
        zone,
        ((zone, e.start.date(), e.end.date()) for e in shown),
        (writer.vevent(e, "rotation", rotation) for e in shown),
    )
    feed = Feed(
        kind="rotation",
        name=rotation.name,
        path=f"rotations/{rotation.name}.ics",
        title=title,
        content=content,
        events=len(shown),
        cancelled=sum(1 for e in shown if e.cancelled),
        rotations=(rotation.name,),
    )
    held = [e for e in events if e.member is not None]
    members = {*ws.rotation_members(rotation), *(e.member for e in held if e.member)}
    return RotationPart(
        feed=feed,
        member_events=tuple(_member_event(e, rotation, zone, writer) for e in held),
        members=tuple(sorted(members)),
    )


def _member_event(
    event: ShiftEvent, rotation: Rotation, zone: str, writer: EventWriter
) -> MemberEvent:
    assert event.member is not None
    return MemberEvent(
        member=event.member,
        order=(event.start.astimezone(UTC), event.rotation, event.role, event.uid),
        cancelled=event.cancelled,
        text=writer.vevent(event, "member", rotation),
        rotation=event.rotation,
        days=(zone, event.start.date(), event.end.date()),
    )


def rotation_parts(
    ws: Workspace, windows: Mapping[str, Window], *, workers: int = 1
) -> list[RotationPart]:
    """The part of each rotation in `windows` (by name), in name order, computed by
    `workers` processes."""
    names = sorted(windows)
    # One writer per process, so that its caches last across the rotations it is given
    # (made on first use: in each forked worker, after the fork).
    made: list[tuple[EventWriter, str]] = []

    def part(name: str) -> RotationPart:
        if not made:
            made.append((EventWriter(People(ws)), uid_domain(ws)))
        writer, domain = made[0]
        return rotation_part(ws, ws.rotations[name], windows[name], writer, domain)

    return fork_map(part, names, workers, weight=lambda name: _size(ws, name))


def _size(ws: Workspace, name: str) -> int:
    lock = ws.locks.get(name)
    return len(lock.spec.shifts) if lock is not None else 0
