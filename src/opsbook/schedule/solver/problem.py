"""A rotation's planning problem as plain numbers: the shifts to decide, who may take
each, what each costs whom, and the history the plan continues.

Built from the workspace without importing the solver. Integers throughout, because
CP-SAT works on integers: burden points are counted in halves (a weight of 1.5 stays
whole) and holiday time in whole hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.schedule.burden import BurdenMeter, rotation_meter
from opsbook.schedule.shifts import ShiftClock, ShiftSlot, zone

POINT_SCALE = 2
"""Burden points are counted in halves: weights are multiples of 0.5 in practice."""


@dataclass(frozen=True)
class MemberFacts:
    """What planning needs to know about one member, read once."""

    id: str
    zone: str
    joined: date | None
    left: date | None
    time_off: tuple[tuple[date, date], ...]

    def local_span(self, start: datetime, end: datetime) -> tuple[date, date]:
        tz = zone(self.zone)
        return (
            start.astimezone(tz).date(),
            (end.astimezone(UTC) - timedelta(microseconds=1)).astimezone(tz).date(),
        )

    def on_team(self, first: date, last: date) -> bool:
        """Joined by the shift's first local day and not left before its last."""
        return not (self.joined and first < self.joined) and not (self.left and last > self.left)

    def away(self, first: date, last: date) -> bool:
        return any(start <= last and end >= first for start, end in self.time_off)


@dataclass(frozen=True)
class ShiftFacts:
    """One shift to decide: who may take it, and what it costs each of them."""

    slot: ShiftSlot
    free: tuple[int, ...]
    """Members (by index) who may take it: on the team and not away."""
    on_team: tuple[int, ...]
    """Members on the team then (away or not): whose counts are compared."""
    points: tuple[int, ...]
    """Burden of the whole shift per member, in half points."""
    holiday: tuple[bool, ...]
    """Whether the shift touches the member's own public holiday."""
    holiday_hours: tuple[int, ...]
    """Own-holiday hours of the shift per member, rounded."""
    previous: dict[str, str | None] | None
    """Who held each role in the existing lock (same start), if it had this shift."""


@dataclass
class History:
    """Running totals per member (by index) of everything before the shifts decided:
    the frozen shifts and, when solving in windows, the windows already settled."""

    counts: list[list[int]]
    """Per member, per role: shifts held, plus a newcomer's starting allowance."""
    burden: list[int]
    holiday_hours: list[int]
    last: list[int | None]
    """Position of each member's last shift (positions count from the first decided
    shift, so history is negative)."""


@dataclass
class Problem:
    """Everything the model needs, as plain numbers."""

    rotation: str
    roles: tuple[str, ...]
    members: tuple[MemberFacts, ...]
    min_rest: int
    holidays: str
    frozen: tuple[LockedShift, ...]
    shifts: list[ShiftFacts]
    history: History

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.members)

    def filled(self, position: int) -> int:
        """How many roles of a shift can be filled: the first ones, as many as free."""
        return min(len(self.roles), len(self.shifts[position].free))


def member_facts(ws: Workspace, member_id: str) -> MemberFacts:
    member = ws.member(member_id)
    return MemberFacts(
        id=member_id,
        zone=ws.member_zone(member_id),
        joined=member.joined if member else None,
        left=member.left if member else None,
        time_off=tuple((e.start, e.end) for e in ws.time_off_of(member_id)),
    )


def first_index(clock: ShiftClock, after: datetime | None) -> int:
    """First shift starting at or after the end of the kept history."""
    if after is None:
        return 0
    index = max(clock.index_at(after), 0)
    while clock.start_of(index) < after:
        index += 1
    return index


def slots_to_plan(
    rotation: Rotation, frozen: Sequence[LockedShift], limit: datetime
) -> list[ShiftSlot]:
    """The clock's shifts after the frozen ones, up to those starting before `limit`."""
    clock = ShiftClock(rotation.spec)
    index = first_index(clock, frozen[-1].end if frozen else None)
    out: list[ShiftSlot] = []
    while (slot := clock.slot(index)).start < limit:
        out.append(slot)
        index += 1
    return out


def build_problem(
    ws: Workspace,
    rotation: Rotation,
    frozen: Sequence[LockedShift],
    slots: Sequence[ShiftSlot],
    existing: RotationLock | None,
) -> Problem:
    """The problem of planning `slots` after the `frozen` shifts of the existing lock."""
    spec = rotation.spec
    roles = tuple(spec.roles)
    ids = sorted(ws.rotation_members(rotation))
    members = tuple(member_facts(ws, m) for m in ids)
    index = {m: i for i, m in enumerate(ids)}
    meter = rotation_meter(ws, rotation)
    previous = {s.start: s for s in existing.spec.shifts} if existing else {}

    def spans(start: datetime, end: datetime) -> list[tuple[date, date]]:
        by_zone: dict[str, tuple[date, date]] = {}
        out = []
        for facts in members:
            span = by_zone.get(facts.zone)
            if span is None:
                span = by_zone[facts.zone] = facts.local_span(start, end)
            out.append(span)
        return out

    shifts: list[ShiftFacts] = []
    for slot in slots:
        days = spans(slot.start, slot.end)
        team = tuple(i for i, f in enumerate(members) if f.on_team(*days[i]))
        free = tuple(i for i in team if not members[i].away(*days[i]))
        burdens = [meter.of(f.id, slot.start, slot.end) for f in members]
        old = previous.get(slot.start)
        shifts.append(
            ShiftFacts(
                slot=slot,
                free=free,
                on_team=team,
                points=tuple(round(b.points * POINT_SCALE) for b in burdens),
                holiday=tuple(b.holiday_hours > 0 for b in burdens),
                holiday_hours=tuple(round(b.holiday_hours) for b in burdens),
                previous=dict(old.roles) if old is not None else None,
            )
        )
    history = _history(members, roles, index, frozen, meter)
    _add_newcomer_start(members, roles, frozen, shifts, history)
    return Problem(
        rotation=rotation.name,
        roles=roles,
        members=members,
        min_rest=spec.fairness.min_rest,
        holidays=spec.fairness.holidays,
        frozen=tuple(frozen),
        shifts=shifts,
        history=history,
    )


def _history(
    members: Sequence[MemberFacts],
    roles: tuple[str, ...],
    index: dict[str, int],
    frozen: Sequence[LockedShift],
    meter: BurdenMeter,
) -> History:
    size = len(members)
    history = History(
        counts=[[0] * len(roles) for _ in range(size)],
        burden=[0] * size,
        holiday_hours=[0] * size,
        last=[None] * size,
    )
    for position, shift in enumerate(frozen):
        for role, holder in shift.roles.items():
            if holder is None or holder not in index or role not in roles:
                continue
            i = index[holder]
            burden = meter.of(holder, shift.start, shift.end)
            history.counts[i][roles.index(role)] += 1
            history.burden[i] += round(burden.points * POINT_SCALE)
            history.holiday_hours[i] += round(burden.holiday_hours)
            history.last[i] = position - len(frozen)
    return history


def _add_newcomer_start(
    members: Sequence[MemberFacts],
    roles: tuple[str, ...],
    frozen: Sequence[LockedShift],
    shifts: Sequence[ShiftFacts],
    history: History,
) -> None:
    """A member who joins after the rotation started begins at the team's average, not
    at zero: for each role, the share of the role's shifts before they joined that each
    member present would have had (and the same share of burden). Worked out from the
    calendar, not from the plan, so it is a constant of the model. Added into
    `history` (counts, burden and own-holiday hours)."""
    width = len(roles)
    joiners = [i for i, m in enumerate(members) if m.joined is not None]
    if not joiners:
        return
    # Each earlier shift's role-shifts split evenly over the members on the team then.
    timeline: list[tuple[date, int, float]] = []
    for shift in frozen:
        on_team = sum(1 for f in members if f.on_team(*f.local_span(shift.start, shift.end)))
        held = sum(1 for r, m in shift.roles.items() if m is not None and r in roles)
        timeline.append((shift.start.date(), held, float(on_team)))
    for facts in shifts:
        filled = min(width, len(facts.free))
        timeline.append((facts.slot.start.date(), filled, float(len(facts.on_team))))
    # What one role-shift weighs on average, to turn that share into burden points and
    # own-holiday hours (under `share` a newcomer is not the one with no holidays yet).
    weights = [f.points[i] for f in shifts for i in f.on_team]
    mean_points = sum(weights) / len(weights) if weights else 0.0
    hours = [f.holiday_hours[i] for f in shifts for i in f.on_team]
    mean_hours = sum(hours) / len(hours) if hours else 0.0
    for i in joiners:
        joined = members[i].joined
        assert joined is not None
        if not timeline or joined <= timeline[0][0]:
            continue
        share = [0.0] * width
        for day, filled, present in timeline:
            if day >= joined:
                break
            for r in range(filled):
                share[r] += 1.0 / max(present, 1.0)
        for r in range(width):
            history.counts[i][r] += round(share[r])
        history.burden[i] += round(sum(share) * mean_points)
        history.holiday_hours[i] += round(sum(share) * mean_hours)
