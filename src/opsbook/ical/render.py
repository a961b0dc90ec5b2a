"""Spelling a `ShiftEvent` out as a VEVENT: summary, description, times, X- properties.

The same event reads slightly differently in the two kinds of feed: a member's own
feed says what *they* do ("data-eng-oncall: primary (swap with bob)"), the rotation's
feed also names the holder ("data-eng-oncall: primary – Carol Okafor (swap with bob)")
and carries no reminder. Everything else (UID, SEQUENCE, times, description, status)
is the same in both, so `EventWriter` spells it once per event.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from opsbook.durations import format_duration
from opsbook.ical.contentlines import date_time, duration, escape_text, fold, folded, verbatim
from opsbook.ical.events import ShiftEvent
from opsbook.ical.people import People
from opsbook.ical.vtimezone import UTC_ZONES
from opsbook.models.rotation import Rotation
from opsbook.schedule.effective import EffectiveShift

View = Literal["rotation", "member"]


def _local(instant: datetime, tz: ZoneInfo) -> str:
    return instant.astimezone(tz).strftime("%a %d %b %Y %H:%M %Z")


def summary(event: ShiftEvent, view: View, people: People) -> str:
    text = f"{event.rotation}: {event.role}"
    if view == "rotation":
        text += f" – {people.name(event.member)}"
    if event.cancelled:
        return f"{text} (cancelled)"
    if event.source == "swap" and event.counterpart:
        text += f" (swap with {event.counterpart})"
    elif event.source == "cover" and event.counterpart:
        text += f" (covering {event.counterpart})"
    return text


def _holders(people: People, holders: list[EffectiveShift], tz: ZoneInfo) -> str:
    parts: list[str] = []
    for i, holder in enumerate(holders):
        who = people.reach(holder.member) if holder.member else "unfilled"
        parts.append(who if i == 0 else f"from {_local(holder.start, tz)}: {who}")
    return "; ".join(parts)


def description(event: ShiftEvent, people: People, rotation: Rotation, tz: ZoneInfo) -> str:
    """The event's DESCRIPTION (the same in both kinds of feed)."""
    lines: list[str] = []
    rotation_title = rotation.metadata.display
    holder = people.name(event.member)
    if event.cancelled:
        lines.append(
            f"Cancelled: {holder} no longer holds {event.role} of {rotation_title} "
            f"from {_local(event.start, tz)} to {_local(event.end, tz)}."
        )
        if event.now_held_by is not None:
            lines.append(f"Now held by {people.name(event.now_held_by)}.")
        return "\n".join(lines)
    lines.append(f"{event.role.capitalize()} on call for {rotation_title}: {holder}.")
    if event.source == "swap" and event.counterpart:
        lines.append(
            f"Swap: {holder} took this shift from {people.name(event.counterpart)}"
            + (
                f" in exchange for the shift of {event.exchanged_for}"
                if event.exchanged_for
                else ""
            )
            + (f" ({event.reason})." if event.reason else ".")
        )
    elif event.source == "cover" and event.counterpart:
        lines.append(
            f"Cover: {holder} covers for {people.name(event.counterpart)}"
            + (f" ({event.reason})." if event.reason else ".")
        )
    for cover in event.covers:
        lines.append(_covered_part(people, cover, tz))
    by_role: dict[str, list[EffectiveShift]] = {}
    for other in event.others:
        by_role.setdefault(other.role, []).append(other)
    for role in rotation.spec.roles:
        if role in by_role:
            lines.append(f"{role.capitalize()}: {_holders(people, by_role[role], tz)}.")
    escalation = people.escalation(rotation)
    if escalation is not None:
        line = f"Escalation: {people.reach(escalation.contact)}"
        if escalation.policy is not None and escalation.after is not None:
            after = format_duration(escalation.after)
            line += f"; paged {after} into escalation policy {escalation.policy}"
        lines.append(line + ".")
    handoff = rotation.spec.shift.handoff
    lines.append(
        f"From {_local(event.start, tz)} to {_local(event.end, tz)}; shifts hand off at "
        f"{handoff.time:%H:%M} {handoff.timezone}."
    )
    url = people.site_url
    if url:
        lines.append(f"Runbooks and schedule: {url}")
    return "\n".join(lines)


def _covered_part(people: People, cover: EffectiveShift, tz: ZoneInfo) -> str:
    reason = f" ({cover.reason})" if cover.reason else ""
    return (
        f"Covered by {people.name(cover.member)} from {_local(cover.start, tz)} to "
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


def stamp(rotation: Rotation) -> datetime:
    """DTSTAMP: the rotation's start date, midnight UTC (a value of the inputs, never
    the clock; changes to an event are carried by its SEQUENCE)."""
    return datetime.combine(rotation.spec.start, time(0), tzinfo=UTC)


class EventWriter:
    """VEVENTs as folded content lines ending in CRLF, the part both kinds of feed share
    written once per event."""

    def __init__(self, people: People) -> None:
        self._people = people
        self._shared: dict[int, tuple[ShiftEvent, str]] = {}

    def vevent(self, event: ShiftEvent, view: View, rotation: Rotation) -> str:
        """The VEVENT of `event` as the given kind of feed shows it."""
        # Properties in icalendar's order: RFC 5545's (SUMMARY, times, DTSTAMP, UID,
        # SEQUENCE), then the rest alphabetically, then the alarm.
        text = "BEGIN:VEVENT\r\n"
        text += fold("SUMMARY:" + escape_text(summary(event, view, self._people))) + "\r\n"
        text += self._shared_lines(event, rotation)
        if view == "member" and not event.cancelled:
            # Alarms only in the holder's own feed: the rotation's feed is read by the
            # whole team, who need no alert for every shift of everyone.
            for before in alarms_of(rotation):
                text += _alarm(event, before)
        return text + "END:VEVENT\r\n"

    def _shared_lines(self, event: ShiftEvent, rotation: Rotation) -> str:
        cached = self._shared.get(id(event))
        if cached is not None and cached[0] is event:
            return cached[1]
        text = folded(_shared_lines(event, rotation, self._people))
        self._shared[id(event)] = (event, text)
        return text


def _shared_lines(event: ShiftEvent, rotation: Rotation, people: People) -> list[str]:
    tz = ZoneInfo(rotation.spec.shift.handoff.timezone)
    lines = [
        "DTSTART" + date_time(ical_time(event.start, tz)),
        "DTEND" + date_time(ical_time(event.end, tz)),
        "DTSTAMP" + date_time(stamp(rotation)),
        "UID:" + escape_text(event.uid),
        f"SEQUENCE:{event.sequence}",
        "CATEGORIES:" + escape_text(event.role),
        "DESCRIPTION:" + escape_text(description(event, people, rotation, tz)),
        "STATUS:" + ("CANCELLED" if event.cancelled else "CONFIRMED"),
        # Being on call does not make anyone busy: keep free/busy and meeting planners clear.
        "TRANSP:TRANSPARENT",
    ]
    if people.site_url:
        lines.append("URL:" + verbatim(people.site_url))
    counterpart = event.counterpart if not event.cancelled else None
    swap = event.source == "swap"
    if counterpart is not None and not swap:
        lines.append("X-OPSBOOK-COVERING:" + verbatim(counterpart))
    if event.member is not None:
        lines.append("X-OPSBOOK-MEMBER:" + verbatim(event.member))
    if event.cancelled and event.now_held_by is not None:
        lines.append("X-OPSBOOK-NOW-HELD-BY:" + verbatim(event.now_held_by))
    if event.planned_member is not None:
        lines.append("X-OPSBOOK-PLANNED-MEMBER:" + verbatim(event.planned_member))
    lines += [
        "X-OPSBOOK-ROLE:" + verbatim(event.role),
        "X-OPSBOOK-ROTATION:" + verbatim(event.rotation),
        "X-OPSBOOK-SHIFT:" + event.shift.isoformat(),
        "X-OPSBOOK-SOURCE:" + ("cancelled" if event.cancelled else event.source),
    ]
    if counterpart is not None and swap:
        lines.append("X-OPSBOOK-SWAP-WITH:" + verbatim(counterpart))
    return lines


def alarms_of(rotation: Rotation) -> tuple[timedelta, ...]:
    """How long before each shift the holder's calendar alerts: `reminder`, then each of
    `alarms` not already there, in the order written."""
    spec = rotation.spec
    if not spec.alarms:
        # The common case, asked once per event of every member feed.
        return () if spec.reminder is None else (spec.reminder,)
    out: list[timedelta] = [spec.reminder] if spec.reminder is not None else []
    out += [a for a in dict.fromkeys(spec.alarms) if a not in out]
    return tuple(out)


def _alarm(event: ShiftEvent, before: timedelta) -> str:
    lines = (
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:"
        + escape_text(f"On call in {format_duration(before)}: {event.rotation} {event.role}"),
        "TRIGGER:" + duration(-before),
        "END:VALARM",
    )
    return folded(lines)
