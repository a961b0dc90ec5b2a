"""Spelling a `ShiftEvent` out as a VEVENT: summary, description, times, X- properties.

The same event reads slightly differently in the two kinds of feed: a member's own
feed says what *they* do ("data-eng-oncall: primary (swap with bob)"), the rotation's
feed also names the holder ("data-eng-oncall: primary – Carol Okafor (swap with bob)").
UID, SEQUENCE, times and status are the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from icalendar import Alarm, Event

from opsbook.durations import format_duration
from opsbook.ical.events import Holder, ShiftEvent
from opsbook.ical.vtimezone import UTC_ZONES
from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation
from opsbook.schedule.effective import EffectiveShift

View = Literal["rotation", "member"]


@dataclass(frozen=True)
class Escalation:
    """Whom an on-call engineer escalates to, and where that comes from."""

    contact: str
    """Contact id."""
    policy: str | None
    """The escalation policy paging this rotation that names the contact, if any."""
    after: timedelta | None


def escalation_contact(ws: Workspace, rotation: Rotation) -> Escalation | None:
    """The first `contact:` of the first policy (by name) that pages the rotation, else the
    first contact of the rotation's team."""
    target = f"oncall:{rotation.name}/"
    for name, policy in sorted(ws.policies.items()):
        steps = policy.spec.steps
        if not any(t.startswith(target) for step in steps for t in step.notify):
            continue
        for step in steps:
            if step.when is not None:
                continue
            for notify in step.notify:
                if notify.startswith("contact:"):
                    return Escalation(notify.removeprefix("contact:"), name, step.after)
    team = ws.teams.get(rotation.spec.team)
    if team is not None and team.spec.contacts:
        return Escalation(team.spec.contacts[0].id, None, None)
    return None


def member_name(ws: Workspace, member_id: str | None) -> str:
    if member_id is None:
        return "unfilled"
    member = ws.member(member_id)
    return member.name if member else member_id


def _reach(ws: Workspace, person_id: str) -> str:
    """`Bob Smith (bob@example.com, +1 415 555 0102, @bob)`; a contact's job title follows
    the name: `Dana Lee, Data Engineering Manager (dana@example.com)`."""
    member = ws.member(person_id)
    contact = ws.contact(person_id) if member is None else None
    person = member or contact
    if person is None:
        return person_id
    name = person.name
    if contact is not None and contact.role:
        name += f", {contact.role}"
    ways = [w for w in (person.email, person.phone, person.slack) if w]
    return f"{name} ({', '.join(ways)})" if ways else name


def _local(instant: datetime, tz: ZoneInfo) -> str:
    return instant.astimezone(tz).strftime("%a %d %b %Y %H:%M %Z")


def summary(event: ShiftEvent, view: View, ws: Workspace) -> str:
    text = f"{event.rotation}: {event.role}"
    if view == "rotation":
        text += f" – {member_name(ws, event.member)}"
    if event.cancelled:
        return f"{text} (cancelled)"
    if event.source == "swap" and event.counterpart:
        text += f" (swap with {event.counterpart})"
    elif event.source == "cover" and event.counterpart:
        text += f" (covering {event.counterpart})"
    return text


def _holders(ws: Workspace, holders: list[Holder], tz: ZoneInfo) -> str:
    parts: list[str] = []
    for i, holder in enumerate(holders):
        who = _reach(ws, holder.member) if holder.member else "unfilled"
        parts.append(who if i == 0 else f"from {_local(holder.start, tz)}: {who}")
    return "; ".join(parts)


def description(
    event: ShiftEvent, view: View, ws: Workspace, rotation: Rotation, tz: ZoneInfo
) -> str:
    lines: list[str] = []
    rotation_title = rotation.metadata.display
    holder = member_name(ws, event.member)
    if event.cancelled:
        lines.append(
            f"Cancelled: {holder} no longer holds {event.role} of {rotation_title} "
            f"from {_local(event.start, tz)} to {_local(event.end, tz)}."
        )
        if event.now_held_by is not None:
            lines.append(f"Now held by {member_name(ws, event.now_held_by)}.")
        return "\n".join(lines)
    lines.append(f"{event.role.capitalize()} on call for {rotation_title}: {holder}.")
    if event.source == "swap" and event.counterpart:
        lines.append(
            f"Swap: {holder} took this shift from {member_name(ws, event.counterpart)}"
            + (
                f" in exchange for the shift of {event.exchanged_for}"
                if event.exchanged_for
                else ""
            )
            + (f" ({event.reason})." if event.reason else ".")
        )
    elif event.source == "cover" and event.counterpart:
        lines.append(
            f"Cover: {holder} covers for {member_name(ws, event.counterpart)}"
            + (f" ({event.reason})." if event.reason else ".")
        )
    for cover in event.covers:
        lines.append(_covered_part(ws, cover, tz))
    by_role: dict[str, list[Holder]] = {}
    for other in event.others:
        by_role.setdefault(other.role, []).append(other)
    for role in rotation.spec.roles:
        if role in by_role:
            lines.append(f"{role.capitalize()}: {_holders(ws, by_role[role], tz)}.")
    escalation = escalation_contact(ws, rotation)
    if escalation is not None:
        line = f"Escalation: {_reach(ws, escalation.contact)}"
        if escalation.policy is not None and escalation.after is not None:
            after = format_duration(escalation.after)
            line += f"; paged {after} into escalation policy {escalation.policy}"
        lines.append(line + ".")
    handoff = rotation.spec.shift.handoff
    lines.append(
        f"From {_local(event.start, tz)} to {_local(event.end, tz)}; shifts hand off at "
        f"{handoff.time:%H:%M} {handoff.timezone}."
    )
    url = ws.spec.site.url
    if url:
        lines.append(f"Runbooks and schedule: {url}")
    return "\n".join(lines)


def _covered_part(ws: Workspace, cover: EffectiveShift, tz: ZoneInfo) -> str:
    reason = f" ({cover.reason})" if cover.reason else ""
    return (
        f"Covered by {member_name(ws, cover.member)} from {_local(cover.start, tz)} to "
        f"{_local(cover.end, tz)}{reason}."
    )


def ical_time(instant: datetime, tz: ZoneInfo) -> datetime:
    """The instant as a DTSTART/DTEND value: local time with the rotation's TZID, or UTC
    where local time cannot say it (UTC zones; the second occurrence of an hour that
    repeats when clocks go back, since RFC 5545 reads such a time as the first)."""
    if tz.key in UTC_ZONES:
        return instant.astimezone(UTC)
    local = instant.astimezone(tz)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def vevent(
    event: ShiftEvent,
    view: View,
    ws: Workspace,
    rotation: Rotation,
    stamp: datetime,
) -> Event:
    """The VEVENT of `event` as the given kind of feed shows it."""
    tz = ZoneInfo(rotation.spec.shift.handoff.timezone)
    out = Event()
    out.add("UID", event.uid)
    out.add("DTSTAMP", stamp)
    out.add("SEQUENCE", event.sequence)
    out.add("DTSTART", ical_time(event.start, tz))
    out.add("DTEND", ical_time(event.end, tz))
    out.add("SUMMARY", summary(event, view, ws))
    out.add("DESCRIPTION", description(event, view, ws, rotation, tz))
    out.add("CATEGORIES", [event.role])
    out.add("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED")
    # Being on call does not make anyone busy: keep free/busy and meeting planners clear.
    out.add("TRANSP", "TRANSPARENT")
    if ws.spec.site.url:
        out.add("URL", ws.spec.site.url)
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
    reminder = rotation.spec.reminder
    if view == "member" and reminder is not None and not event.cancelled:
        out.add_component(_alarm(event, reminder))
    return out


def _alarm(event: ShiftEvent, before: timedelta) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", -before)
    alarm.add(
        "DESCRIPTION",
        f"On call in {format_duration(before)}: {event.rotation} {event.role}",
    )
    return alarm
