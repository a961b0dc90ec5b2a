"""The schedule as the site shows it: who is on call now, the next handoff, and the
coming weeks by role, with swaps and covers marked.

Built on the effective schedule (lock + overrides); a rotation without a lock file has
no schedule yet, which the pages say instead of showing an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation
from opsbook.schedule.availability import Availability
from opsbook.schedule.effective import EffectiveShift, describe_instant, resolve
from opsbook.schedule.shifts import zone
from opsbook.site.people import PersonView, person

DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class Holding:
    """One stretch of one role: who holds it, from when to when, and why if overridden."""

    role: str
    member: PersonView | None
    """None: nobody could be assigned (see `opsbook plan`)."""
    start: str
    end: str
    """Both in the rotation's zone, e.g. `2026-11-23 09:00 GMT`."""
    source: str
    """schedule, swap or cover."""
    reason: str | None
    planned: PersonView | None
    """Who the plan assigned; differs from `member` for swaps and covers."""
    whole_shift: bool
    """False for a cover's piece, or the planned holder's remaining pieces around it."""
    member_id: str | None = None
    """The holder's id (what `opsbook who` names)."""
    note: str | None = None
    """For the holders at the build's instant: "on call on Christmas Day, planned" when
    it is their own public holiday (as `opsbook who` and `opsbook escalate` say)."""

    @property
    def name(self) -> str:
        return self.member.name if self.member else "nobody (unfilled)"


@dataclass(frozen=True)
class ShiftRow:
    """One planned shift and every stretch of each role in it."""

    shift: str
    """Handoff date, the shift's name."""
    start: str
    end: str
    current: bool
    """The shift running at the build's instant."""
    roles: dict[str, tuple[Holding, ...]]


@dataclass(frozen=True)
class MemberShifts:
    """The coming shifts of one member in one rotation."""

    member: PersonView
    holdings: tuple[tuple[str, Holding], ...]
    """(shift name, stretch) in time order."""


@dataclass(frozen=True)
class RotationSchedule:
    """What the home and schedule pages show of one rotation."""

    rotation: Rotation
    zone: str
    planned: bool
    """False when the rotation has no lock file: run `opsbook plan`."""
    now: tuple[Holding, ...]
    """Who holds each role at the build's instant, in role order."""
    next_handoff: str | None
    """When the running shift ends, in the rotation's zone."""
    next_holders: tuple[Holding, ...]
    """Who takes each role at the next handoff."""
    rows: tuple[ShiftRow, ...]
    """The running shift and the following ones, up to `weeks` weeks after the build."""
    by_member: tuple[MemberShifts, ...]
    planned_until: str | None
    """End of the last planned shift; the page says when it falls inside the window."""
    short: bool
    """The plan ends before the window does."""
    problems: tuple[str, ...]
    """Swaps and covers that do not match the lock and were not applied."""

    @property
    def handoff(self) -> str:
        handoff = self.rotation.spec.shift.handoff
        day = f"{handoff.weekday.capitalize()} " if handoff.weekday else ""
        return f"{day}{handoff.time:%H:%M} {handoff.timezone}"


_HELD = {"schedule": "planned", "swap": "swapped", "cover": "covering"}


def holiday_note(availability: Availability, piece: EffectiveShift, at: datetime) -> str | None:
    """ "on call on Christmas Day, planned" when `at` falls on the holder's own public
    holiday, so the reader knows it is on purpose (as `opsbook who` says)."""
    if piece.member is None:
        return None
    days = availability.holiday_absences(piece.member, at, at + timedelta(seconds=1))
    return f"on call on {days[0].reason}, {_HELD[piece.source]}" if days else None


def rotation_schedule(
    ws: Workspace, rotation: Rotation, at: datetime, weeks: int = DEFAULT_WEEKS
) -> RotationSchedule:
    """The schedule of `rotation` as of `at`, for `weeks` weeks."""
    zone_name = rotation.spec.shift.handoff.timezone
    tz = zone(zone_name)
    resolution = resolve(ws, rotation.name)
    lock = ws.locks.get(rotation.name)
    if lock is None or not resolution.shifts:
        return RotationSchedule(rotation, zone_name, False, (), None, (), (), (), None, False, ())

    shift_ends = {s.shift: s.end for s in lock.spec.shifts}

    availability = Availability(ws)

    def holding(piece: EffectiveShift, now: bool = False) -> Holding:
        found = person(ws, piece.member) if piece.member else None
        note = holiday_note(availability, piece, at) if now else None
        planned = person(ws, piece.planned_member) if piece.planned_member else None
        return Holding(
            role=piece.role,
            member=found or _unknown(piece.member),
            start=describe_instant(piece.start, tz),
            end=describe_instant(piece.end, tz),
            source=piece.source,
            reason=piece.reason,
            planned=planned or _unknown(piece.planned_member),
            whole_shift=piece.start == piece.shift_start
            and piece.end == shift_ends.get(piece.shift),
            member_id=piece.member,
            note=note,
        )

    order = {role: i for i, role in enumerate(rotation.spec.roles)}
    pieces = sorted(resolution.shifts, key=lambda p: (p.start, order.get(p.role, 0)))
    now = tuple(holding(p, now=True) for p in pieces if p.start <= at < p.end)
    running = [s for s in lock.spec.shifts if s.start <= at < s.end]
    window_end = at + timedelta(weeks=weeks)
    first = running[0].start if running else at
    shown = [s for s in lock.spec.shifts if s.end > first and s.start < window_end]
    rows = []
    for planned_shift in shown:
        in_shift = [p for p in pieces if p.shift == planned_shift.shift]
        rows.append(
            ShiftRow(
                shift=planned_shift.shift.isoformat(),
                start=describe_instant(planned_shift.start, tz),
                end=describe_instant(planned_shift.end, tz),
                current=planned_shift.start <= at < planned_shift.end,
                roles={
                    role: tuple(holding(p) for p in in_shift if p.role == role)
                    for role in rotation.spec.roles
                },
            )
        )
    next_handoff = running[0].end if running else None
    next_holders = (
        tuple(holding(p) for p in pieces if p.start <= next_handoff < p.end)
        if next_handoff is not None
        else ()
    )
    last_end = max(s.end for s in lock.spec.shifts)
    return RotationSchedule(
        rotation=rotation,
        zone=zone_name,
        planned=True,
        now=now,
        next_handoff=describe_instant(next_handoff, tz) if next_handoff else None,
        next_holders=next_holders,
        rows=tuple(rows),
        by_member=_by_member(ws, rotation, rows),
        planned_until=describe_instant(last_end, tz),
        short=last_end < window_end,
        problems=tuple(p.message for p in resolution.problems),
    )


def _unknown(member_id: str | None) -> PersonView | None:
    return PersonView(member_id, member_id, True) if member_id else None


def _by_member(ws: Workspace, rotation: Rotation, rows: list[ShiftRow]) -> tuple[MemberShifts, ...]:
    out = []
    for member_id in ws.rotation_members(rotation):
        shown = person(ws, member_id) or PersonView(member_id, member_id, True)
        holdings = tuple(
            (row.shift, h)
            for row in rows
            for role in rotation.spec.roles
            for h in row.roles[role]
            if h.member is not None and h.member.id == member_id
        )
        out.append(MemberShifts(shown, holdings))
    return tuple(out)


def schedules(
    ws: Workspace, at: datetime, weeks: int = DEFAULT_WEEKS
) -> tuple[RotationSchedule, ...]:
    """Every rotation's schedule, by rotation name."""
    return tuple(
        rotation_schedule(ws, ws.rotations[name], at, weeks) for name in sorted(ws.rotations)
    )
