"""The feeds as the icalendar library writes them: the reference opsbook's own writer
(opsbook.ical.contentlines and its users) must match byte for byte.

This is how `opsbook ical` wrote its feeds before it had its own writer, kept apart
from it: events chosen and ordered here from `rotation_events` (all of them, then
the window), each property added to icalendar's components with the Python value it
stands for, icalendar choosing how to spell it. Only the wording (summaries,
descriptions) and the VTIMEZONE observances are shared with the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)

from opsbook.durations import format_duration
from opsbook.ical.action_items import (
    action_description,
    action_sequence,
    action_stamp,
    action_summary,
    action_uid,
    postmortem_url,
)
from opsbook.ical.events import ShiftEvent, Window, rotation_events, uid_domain
from opsbook.ical.people import People
from opsbook.ical.render import View, description, ical_time, summary
from opsbook.ical.vtimezone import UTC_ZONES, observances
from opsbook.loader.workspace import Workspace
from opsbook.models.postmortem import ActionItem, Postmortem
from opsbook.models.rotation import Rotation

PRODID = "-//opsbook//opsbook on-call feeds//EN"
REFRESH = timedelta(hours=1)


def reference_feeds(
    ws: Workspace, at: datetime, start: datetime | None = None, end: datetime | None = None
) -> dict[str, bytes]:
    """Every feed's path and bytes, as icalendar writes them."""
    people = People(ws)
    domain = uid_domain(ws)
    per_rotation: list[tuple[Rotation, list[ShiftEvent]]] = []
    for name in sorted(ws.rotations):
        rotation = ws.rotations[name]
        calendars = ws.spec.calendars
        window = Window(
            start=start if start is not None else at - timedelta(days=calendars.past_days),
            end=end if end is not None else at + rotation.spec.horizon,
            at=at,
            cancelled=timedelta(days=calendars.cancelled_days),
        )
        events = [
            e
            for e in rotation_events(ws, rotation, domain)
            if window.shows(e.start, e.end, e.cancelled)
        ]
        per_rotation.append((rotation, events))

    out: dict[str, bytes] = {}
    for rotation, events in per_rotation:
        calendar = _calendar(
            f"On call: {rotation.metadata.display}",
            f"Who holds each role of {rotation.name}, shift by shift (opsbook).",
            rotation.spec.shift.handoff.timezone,
        )
        shown = [(e, rotation) for e in events if e.in_rotation_feed]
        out[f"rotations/{rotation.name}.ics"] = _render(calendar, shown, "rotation", people)

    ids: set[str] = set()
    for rotation, events in per_rotation:
        ids.update(ws.rotation_members(rotation))
        ids.update(e.member for e in events if e.member is not None)
    # Action items: every one owned by a member; closed ones only while their due date
    # is within cancelled_days of `at`.
    oldest = at.astimezone(UTC).date() - timedelta(days=ws.spec.calendars.cancelled_days)
    actions = [
        (postmortem, item)
        for postmortem in ws.postmortems.values()
        for item in postmortem.spec.action_items
        if ws.member(item.owner) is not None and (item.status == "open" or item.due >= oldest)
    ]
    ids.update(item.owner for _, item in actions)
    for member_id in sorted(ids):
        shown = [
            (e, rotation)
            for rotation, events in per_rotation
            for e in events
            if e.member == member_id
        ]
        calendar = _calendar(
            f"On call: {people.name(member_id)}",
            f"The on-call shifts of {people.name(member_id)} in every rotation (opsbook).",
            ws.member_zone(member_id),
        )
        mine = [
            (
                (datetime.combine(item.due, time(0), tzinfo=UTC), "", "", uid),
                _action_vevent(ws, postmortem, item, uid),
            )
            for postmortem, item in actions
            if item.owner == member_id
            for uid in [action_uid(postmortem, item, domain)]
        ]
        out[f"members/{member_id}.ics"] = _render(calendar, shown, "member", people, mine)
    return out


def _action_vevent(ws: Workspace, postmortem: Postmortem, item: ActionItem, uid: str) -> Event:
    out = Event()
    out.add("UID", uid)
    out.add("DTSTAMP", action_stamp(postmortem))
    out.add("SEQUENCE", action_sequence(postmortem, item))
    out.add("DTSTART", item.due)
    out.add("DTEND", item.due + timedelta(days=1))
    out.add("SUMMARY", action_summary(item))
    out.add("DESCRIPTION", action_description(ws, postmortem, item))
    out.add("CATEGORIES", ["postmortem", item.kind])
    out.add("STATUS", "CONFIRMED" if item.status == "open" else "CANCELLED")
    out.add("TRANSP", "TRANSPARENT")
    url = postmortem_url(ws, postmortem)
    if url:
        out.add("URL", url)
    out.add("X-OPSBOOK-POSTMORTEM", postmortem.name)
    out.add("X-OPSBOOK-ACTION-ITEM", item.id)
    out.add("X-OPSBOOK-MEMBER", item.owner)
    return out


def _calendar(name: str, text: str, zone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("DESCRIPTION", text)
    calendar.add("X-WR-CALDESC", text)
    calendar.add("X-WR-TIMEZONE", zone)
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


def _render(
    calendar: Calendar,
    shown: list[tuple[ShiftEvent, Rotation]],
    view: View,
    people: People,
    actions: list[tuple[tuple[datetime, str, str, str], Event]] | None = None,
) -> bytes:
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
        calendar.add_component(vtimezone(zone, first, last))
    ordered: list[tuple[tuple[datetime, str, str, str], Event]] = [
        (
            (event.start, event.rotation, event.role, event.uid),
            _vevent(event, view, people, rotation),
        )
        for event, rotation in shown
    ]
    ordered += actions or []
    for _, component in sorted(ordered, key=lambda item: item[0]):
        calendar.add_component(component)
    return bytes(calendar.to_ical())


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of `tzid` as an icalendar component."""
    component = Timezone()
    component.add("TZID", tzid)
    for observance in observances(tzid, first, last):
        part: TimezoneStandard | TimezoneDaylight = (
            TimezoneDaylight() if observance.is_dst else TimezoneStandard()
        )
        part.add("DTSTART", observance.onset)
        part.add("TZNAME", observance.name)
        part.add("TZOFFSETFROM", observance.offset_from)
        part.add("TZOFFSETTO", observance.offset_to)
        if observance.rule is not None:
            rule = observance.rule
            part.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday})
        for rdate in observance.rdates:
            part.add("RDATE", rdate)
        component.add_component(part)
    return component


def _vevent(event: ShiftEvent, view: View, people: People, rotation: Rotation) -> Event:
    tz = ZoneInfo(rotation.spec.shift.handoff.timezone)
    out = Event()
    out.add("UID", event.uid)
    out.add("DTSTAMP", datetime.combine(rotation.spec.start, time(0), tzinfo=UTC))
    out.add("SEQUENCE", event.sequence)
    out.add("DTSTART", ical_time(event.start, tz))
    out.add("DTEND", ical_time(event.end, tz))
    out.add("SUMMARY", summary(event, view, people))
    out.add("DESCRIPTION", description(event, people, rotation, tz))
    out.add("CATEGORIES", [event.role])
    out.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    out.add("TRANSP", "TRANSPARENT")
    if people.site_url:
        out.add("URL", people.site_url)
    out.add("X-OPSBOOK-ROTATION", event.rotation)
    out.add("X-OPSBOOK-ROLE", event.role)
    out.add("X-OPSBOOK-SHIFT", event.shift.isoformat())
    if event.member is not None:
        out.add("X-OPSBOOK-MEMBER", event.member)
    out.add("X-OPSBOOK-SOURCE", "cancelled" if event.cancelled else event.source)
    if event.planned_member is not None:
        out.add("X-OPSBOOK-PLANNED-MEMBER", event.planned_member)
    if not event.cancelled and event.counterpart is not None:
        key = "X-OPSBOOK-SWAP-WITH" if event.source == "swap" else "X-OPSBOOK-COVERING"
        out.add(key, event.counterpart)
    if event.cancelled and event.now_held_by is not None:
        out.add("X-OPSBOOK-NOW-HELD-BY", event.now_held_by)
    spec = rotation.spec
    befores = [spec.reminder] if spec.reminder is not None else []
    befores += [a for a in dict.fromkeys(spec.alarms) if a not in befores]
    for before in befores if view == "member" and not event.cancelled else []:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("TRIGGER", -before)
        alarm.add(
            "DESCRIPTION", f"On call in {format_duration(before)}: {event.rotation} {event.role}"
        )
        out.add_component(alarm)
    return out
