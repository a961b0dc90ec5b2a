"""The fair planner: who holds each (shift, role) of a rotation, up to the horizon.

A pure function of the workspace, the instant `at` and the existing lock. It walks the
shifts in order from the rotation's start, keeping a running tally per member (shifts
per role, burden points, last shift). Shifts of the existing lock that started or start
within `freeze` of `at` are copied unchanged and only tallied: they are history. For
every later shift the roles are filled together, by the cheapest combination of
distinct members under a cost compared component by component:

1. **Hard constraints** decide who is a candidate at all: not during the member's time
   off (any local day of the shift, in their zone), not before `joined` or after `left`,
   one role per member per shift. When there are fewer candidates than roles, the last
   roles stay empty (`null` in the lock) and each member's reason is reported.
2. **Rest**: shifts missing from `min_rest` since the member's last shift, but only as
   much rest as the team can keep at all (n members and R roles keep n // R - 1).
3. **Holidays**: with `holidays: avoid`, being on an own public holiday. Rest comes
   first: a member on holiday is passed over whenever someone else can go without
   breaking rest ("unless no one else can be").
4. **Turns**: being ahead in shifts of the role. With everyone available each role goes
   round in turns (nobody gets it twice before everyone had it once), so per-role counts
   never differ by more than one. A choice that would strand a turn (three members
   each still owing two roles, with rest between and two shifts left) is rejected by a
   small bounded search (`_Turns`). Counts include each member's expected share of the
   next turn, so whoever is about to go on holiday takes their turn first.
5. **Burden**, for members equally due: the pairing of burden with cost over the turn
   (the least-burdened member takes its dearest shift, by the rearrangement inequality),
   then the lowest burden after the shift.
6. Ties: fewest shifts in all, longest since the last shift, then the member ids
   rotated by shift index, so nobody is always first when all else is equal.

**Stability.** Beyond `freeze` the existing lock is repaired, not redrawn. A holder who
can no longer take a shift (new time off) swaps it with the nearest member holding the
same role later (another role only when no such swap exists); every other existing
assignment stays as long as it breaks no hard constraint, rests no less than before,
is on an own holiday only if the best choice would be too, and its holder is at most
`_BAND_TOLERANCE` shifts of the role ahead of the least-served candidate. So a pull
request that adds a week of time off shows a swap, not a rewritten schedule.

A member who joins after the rotation started begins at the average tally of the
members present, not at zero, so they are not handed a run of catch-up shifts. The plan
never depends on the horizon (extending it only appends shifts), reads no clock, uses
no randomness, and orders members by id, never by file order: same inputs, same plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import product

from opsbook.errors import UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.schedule.availability import Availability
from opsbook.schedule.burden import Burden, BurdenMeter, rotation_meter
from opsbook.schedule.inputs import inputs_digest
from opsbook.schedule.plan_diff import LockDiff, diff_locks
from opsbook.schedule.revisions import record_revisions
from opsbook.schedule.shifts import ShiftClock, ShiftSlot, zone

_Cost = tuple[float, ...]
_EPS = 1e-6
_KEEP_AT = 4
"""Where the `changes` component goes in a cost: after the rules that balance counts."""

_SEARCH_BUDGET = 600
"""Steps of the turn-completion search per candidate choice (see `_Turns`)."""

_BAND_TOLERANCE = 2.0
"""How many shifts of a role an existing holder may be ahead of the least-served
candidate and still keep the shift on re-plan (a fresh plan allows less than one).

Measured (tests/schedule/test_planner_stability.py, and the figures in the README): with
1, adding a week of time off to the example workspace changes a median of 9 assignments;
with 2, a median of 2 (the swap itself)."""

API_VERSION = "opsbook/v1"


@dataclass(frozen=True)
class Unfilled:
    """A (shift, role) nobody could take, with each member's reason."""

    shift: date
    start: datetime
    end: datetime
    role: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PlanNote:
    """A soft rule the planner had to bend for one (shift, role), and why."""

    shift: date
    role: str
    member: str
    message: str


@dataclass(frozen=True)
class PlanResult:
    """A new lock, what changed against the existing one, and what could not be done."""

    rotation: str
    at: datetime
    frozen_until: datetime
    """Shifts starting before this instant were copied from the existing lock."""
    lock: RotationLock
    previous: RotationLock | None
    diff: LockDiff
    unfilled: tuple[Unfilled, ...] = ()
    notes: tuple[PlanNote, ...] = ()
    timezone: str = "UTC"
    """The rotation's handoff zone, to show instants in."""


@dataclass(frozen=True)
class _Member:
    """What the planner needs to know about one member, read once."""

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


class _AwayByIndex(dict[int, bool]):
    """One member's absences by clock index, each worked out on first lookup.

    A dict, so the hot loops of the planner look one up at C speed: `away[index]`.
    """

    def __init__(self, planner: _Planner, facts: _Member) -> None:
        super().__init__()
        self.planner = planner
        self.facts = facts

    def __missing__(self, index: int) -> bool:
        slot = self.planner._slot(index)
        span = self.facts.local_span(slot.start, slot.end)
        found = self[index] = self.facts.away(*span) or not self.facts.on_team(*span)
        return found


class _PointsByIndex(dict[int, float]):
    """One member's burden points by clock index, each worked out on first lookup."""

    def __init__(self, planner: _Planner, member: str) -> None:
        super().__init__()
        self.planner = planner
        self.member = member

    def __missing__(self, index: int) -> float:
        found = self[index] = self.planner._of(self.member, self.planner._slot(index)).points
        return found


@dataclass
class _Tally:
    """Running totals of one member, history included."""

    counts: dict[str, float]
    shifts: float = 0.0
    burden: float = 0.0
    last: int | None = None
    """Position of the member's last shift in the plan."""


@dataclass
class _Slot:
    """One shift being planned: its facts per member, and who holds which role."""

    position: int
    slot: ShiftSlot
    spans: dict[str, tuple[date, date]]
    roles: dict[str, str | None] = field(default_factory=dict)
    feasible_rest: int | None = None
    """Worked out on first use (see `_Planner._feasible_rest`)."""


def plan_rotation(
    ws: Workspace, rotation_name: str, at: datetime, existing: RotationLock | None = None
) -> PlanResult:
    """Plan every (shift, role) of a rotation from its start to `at` + horizon.

    `existing` is the current lock (usually `ws.locks.get(rotation_name)`): shifts in it
    that start before `at` + freeze are kept as they are, later ones are kept where the
    fairness rules allow (see the module docstring).
    """
    rotation = ws.rotations.get(rotation_name)
    if rotation is None:
        known = ", ".join(sorted(ws.rotations)) or "none"
        raise UsageError(f"no rotation named {rotation_name!r}; expected one of: {known}")
    if at.tzinfo is None:
        raise UsageError(f"expected a timezone-aware instant; found {at.isoformat()}")
    # In UTC, `at + freeze` is elapsed time, and comparisons never read wall clocks.
    return _Planner(ws, rotation, at.astimezone(UTC), existing).run()


class _Planner:
    def __init__(
        self, ws: Workspace, rotation: Rotation, at: datetime, existing: RotationLock | None
    ) -> None:
        self.ws = ws
        self.rotation = rotation
        self.spec = rotation.spec
        self.at = at
        self.existing = existing
        self.clock = ShiftClock(rotation.spec)
        self.roles: tuple[str, ...] = rotation.spec.roles
        self.meter: BurdenMeter = rotation_meter(ws, rotation)
        ids = sorted(ws.rotation_members(rotation))
        self.members: dict[str, _Member] = {m: self._facts(m) for m in ids}
        self.order: dict[str, int] = {m: i for i, m in enumerate(ids)}
        self.tallies: dict[str, _Tally] = {}
        fairness = rotation.spec.fairness
        self.min_rest = fairness.min_rest
        self.avoid_holidays = fairness.holidays == "avoid"
        weights = fairness.weights
        # Costs closer than one hour at the heaviest weight count as equal, so a
        # 169-hour DST week is not treated as dearer than a 168-hour one.
        self.tolerance = max(1.0, weights.weekend, weights.holiday)
        self._slots: dict[int, ShiftSlot] = {}
        # Per member, by clock index: whether away, and the burden of that shift. The
        # planner asks both about the same shifts many times over.
        self._away: dict[str, _AwayByIndex] = {
            m: _AwayByIndex(self, facts) for m, facts in self.members.items()
        }
        self._burdens: dict[str, dict[int, Burden]] = {m: {} for m in self.members}
        self._points: dict[str, _PointsByIndex] = {m: _PointsByIndex(self, m) for m in self.members}
        self._share_cache: dict[int, tuple[tuple[str, float, float], ...]] = {}
        self._ahead: dict[str, tuple[float, float]] = {}
        self.planned: list[ShiftSlot] = []
        self.upcoming: list[dict[str, str | None]] = []
        self.offset = 0
        self.old_positions: dict[str, list[int]] = {}
        self.swapped: set[tuple[int, str]] = set()
        """(position, member) of every repair swap, whose rest the keep rule forgives."""
        self.unfilled: list[Unfilled] = []
        self.notes: list[PlanNote] = []

    def _facts(self, member_id: str) -> _Member:
        member = self.ws.member(member_id)
        return _Member(
            id=member_id,
            zone=self.ws.member_zone(member_id),
            joined=member.joined if member else None,
            left=member.left if member else None,
            time_off=tuple((e.start, e.end) for e in self.ws.time_off_of(member_id)),
        )

    # --- the walk ----------------------------------------------------------------------

    def run(self) -> PlanResult:
        cut = self.at + self.spec.freeze
        limit = self.at + self.spec.horizon
        previous = self.existing.spec.shifts if self.existing else ()
        frozen = sorted((s for s in previous if s.start < cut), key=lambda s: s.start)
        earlier = {s.start: s for s in previous if s.start >= cut}
        out: list[LockedShift] = []
        for position, locked in enumerate(frozen):
            self._replay(position, locked)
            out.append(locked)
        index = self._first_index(frozen[-1].end if frozen else None)
        while (slot := self._slot(index)).start < limit:
            self.planned.append(slot)
            index += 1
        # The existing assignments still to come, as a working copy: repairs swap in it.
        self.upcoming = [
            dict(earlier[s.start].roles) if s.start in earlier else {} for s in self.planned
        ]
        self.offset = len(frozen)
        # Where each member held a role in the existing lock, numbered like this plan.
        steps = {s.start: self.offset + k for k, s in enumerate(self.planned)}
        for position, locked in enumerate(frozen):
            steps.setdefault(locked.start, position)
        for shift in previous:
            if shift.start in steps:
                for member in shift.roles.values():
                    if member is not None:
                        self.old_positions.setdefault(member, []).append(steps[shift.start])
        for step, slot in enumerate(self.planned):
            out.append(self._plan(step, slot))
        lock = RotationLock.model_validate(
            {
                "apiVersion": API_VERSION,
                "kind": "RotationLock",
                "metadata": {"name": self.rotation.name},
                "spec": {
                    "rotation": self.rotation.name,
                    "inputs": inputs_digest(self.ws, self.rotation),
                    "shifts": out,
                },
            }
        )
        # Calendar bookkeeping: which (shift, role) pairs changed hands since planned.
        revisions = record_revisions(self.ws, self.rotation.name, self.existing, lock)
        lock = lock.model_copy(
            update={"spec": lock.spec.model_copy(update={"revisions": revisions})}
        )
        return PlanResult(
            rotation=self.rotation.name,
            at=self.at,
            frozen_until=cut,
            lock=lock,
            previous=self.existing,
            diff=diff_locks(self.existing, lock),
            unfilled=tuple(self.unfilled),
            notes=tuple(self.notes),
            timezone=self.spec.shift.handoff.timezone,
        )

    def _first_index(self, after: datetime | None) -> int:
        """First shift starting at or after the end of the kept history."""
        if after is None:
            return 0
        index = max(self.clock.index_at(after), 0)
        while self.clock.start_of(index) < after:
            index += 1
        return index

    def _spans(self, start: datetime, end: datetime) -> dict[str, tuple[date, date]]:
        """Each member's first and last local day of [start, end); once per zone."""
        by_zone: dict[str, tuple[date, date]] = {}
        spans: dict[str, tuple[date, date]] = {}
        for m, facts in self.members.items():
            span = by_zone.get(facts.zone)
            if span is None:
                span = by_zone[facts.zone] = facts.local_span(start, end)
            spans[m] = span
        return spans

    def _join(self, state: _Slot, assigned: Sequence[str]) -> None:
        """Start members who arrive with this shift at the average of those present."""
        arriving = [
            m
            for m, facts in self.members.items()
            if m not in self.tallies and (facts.on_team(*state.spans[m]) or m in assigned)
        ]
        if not arriving:
            return
        present = [
            t
            for m, t in self.tallies.items()
            if m in self.members and self.members[m].on_team(*state.spans[m])
        ]
        size = len(present)
        for m in arriving:
            if not size:
                self.tallies[m] = _Tally(counts=dict.fromkeys(self.roles, 0.0))
                continue
            self.tallies[m] = _Tally(
                counts={r: sum(t.counts[r] for t in present) / size for r in self.roles},
                shifts=sum(t.shifts for t in present) / size,
                burden=sum(t.burden for t in present) / size,
            )

    def _record(
        self, member: str, role: str, position: int, slot: ShiftSlot, *, planned: bool = False
    ) -> None:
        """Count a shift held; `planned` when `slot` is the clock's (its burden is cached)."""
        tally = self.tallies[member]
        tally.counts[role] = tally.counts.get(role, 0.0) + 1
        tally.shifts += 1
        if planned:
            tally.burden += self._points[member][slot.index]
        else:
            tally.burden += self.meter.of(member, slot.start, slot.end).points
        tally.last = position

    def _replay(self, position: int, locked: LockedShift) -> None:
        """Tally a frozen shift: history, not a decision."""
        slot = ShiftSlot(position, locked.start, locked.end)
        state = _Slot(position, slot, self._spans(slot.start, slot.end))
        holders = [m for r, m in locked.roles.items() if r in self.roles and m in self.members]
        self._join(state, [m for m in holders if m is not None])
        for role, member in locked.roles.items():
            if role in self.roles and member is not None and member in self.members:
                self._record(member, role, position, slot)

    def _plan(self, step: int, slot: ShiftSlot) -> LockedShift:
        position = self.offset + step
        state = _Slot(position, slot, self._spans(slot.start, slot.end))
        self._join(state, ())
        # Away or off the team for this shift, as worked out once per clock index.
        candidates = [m for m in self.members if not self._away[m][slot.index]]
        open_roles = self.roles[: len(candidates)]
        self._ahead = self._outlook(state) if open_roles else {}
        if open_roles:
            before = self.upcoming[step]
            self._repair(step, state, candidates, open_roles)
            costs, due = self._costs(state, candidates, open_roles)
            turns = _Turns(self, state, candidates, due)
            chosen = self._best(costs, candidates, open_roles, None, turns)
            rest = self._feasible_rest(state)
            if self._keepable(costs, candidates, open_roles, before, chosen, position, rest):
                chosen = tuple(str(before[r]) for r in open_roles)
            elif any(before.get(r) in candidates for r in open_roles):
                chosen = self._best(costs, candidates, open_roles, before, turns)
            for role, member in zip(open_roles, chosen, strict=True):
                state.roles[role] = member
                self._note(state, role, member)
        for role in self.roles[len(open_roles) :]:
            state.roles[role] = None
        for role in self.roles[len(open_roles) :]:
            self.unfilled.append(
                Unfilled(slot.name, slot.start, slot.end, role, self._reasons(state))
            )
        for role, holder in state.roles.items():
            if holder is not None:
                self._record(holder, role, position, slot, planned=True)
        # Values of the right types the planner made itself: validating thousands of
        # shifts one by one again would buy nothing but time.
        return LockedShift.model_construct(
            shift=slot.name, start=slot.start, end=slot.end, roles=state.roles
        )

    # --- one shift's decision ------------------------------------------------------------

    def _costs(
        self, state: _Slot, candidates: list[str], roles: tuple[str, ...]
    ) -> tuple[dict[tuple[str, str], _Cost], dict[str, list[str]]]:
        """The cost of giving each role to each candidate, compared lexicographically.

        Components, most important first: rest missing below what the team can keep at
        all, own holiday (avoid), shifts of the role beyond the turn, urgency (bonus),
        [changes, added when keeping], lag within the turn, rest missing below
        `min_rest` when the team is too small to keep it anyway, pairing gap, burden
        after the shift, shifts in all, last shift, rotation of ids. Each is additive
        over the roles of one shift.
        """
        slot = state.slot
        counts = {(m, r): self._count(m, r) for m in candidates for r in roles}
        burdens = {m: self._burden(m) for m in candidates}
        levels = {r: min(counts[(m, r)] for m in candidates) for r in roles}
        due = {r: [m for m in candidates if counts[(m, r)] < levels[r] + 1 - _EPS] for r in roles}
        feasible_rest = self._feasible_rest(state)
        urgent = self._urgent(state, candidates, due, feasible_rest)
        size = len(self.order)
        costs: dict[tuple[str, str], _Cost] = {}
        for member in candidates:
            tally = self.tallies[member]
            rested = self._rested_for(member, state.position)
            rest_missing = max(0, feasible_rest - rested)
            extra_rest_missing = max(0, self.min_rest - rested) - rest_missing
            holiday = 1.0 if self.avoid_holidays and self._holiday(member, slot) else 0.0
            burden = round(burdens[member] + self._cost(member, slot), 6)
            rotation = float((self.order[member] - state.position) % size)
            last = -1.0 if tally.last is None else float(tally.last)
            for role in roles:
                lag = round(counts[(member, role)] - levels[role], 6)
                is_due = member in due[role]
                costs[(member, role)] = (
                    float(rest_missing),
                    holiday,
                    0.0 if is_due else lag,
                    -1.0 if is_due and member in urgent else 0.0,
                    lag if is_due else 0.0,
                    float(extra_rest_missing),
                    float(self._pairing_gap(member, slot, due[role], burdens)) if is_due else 0.0,
                    burden,
                    tally.shifts,
                    last,
                    rotation,
                )
        return costs, due

    def _best(
        self,
        costs: dict[tuple[str, str], _Cost],
        candidates: list[str],
        roles: tuple[str, ...],
        keep: dict[str, str | None] | None,
        turns: _Turns,
    ) -> tuple[str, ...]:
        """The distinct members for `roles` with the least total cost whose turns can
        still be completed (see `_Turns`).

        Costs add up over roles, so each role's member is among its len(roles) cheapest
        (any worse one could be replaced by an unused better one): enumerating those
        few combinations finds the optimum. Only when none of them lets the turns
        complete are all combinations ranked. With `keep`, holding the existing
        assignment is preferred right after the rules that balance shift counts.
        """

        def cost(member: str, role: str) -> _Cost:
            base = costs[(member, role)]
            if keep is None:
                return base
            change = 0.0 if keep.get(role) == member else 1.0
            return (*base[:_KEEP_AT], change, *base[_KEEP_AT:])

        width = len(roles)

        def ranked(lists: list[list[str]]) -> list[tuple[_Cost, tuple[str, ...]]]:
            scored = []
            for combo in product(*lists):
                if len(set(combo)) < width:
                    continue
                parts = [cost(m, r) for m, r in zip(combo, roles, strict=True)]
                total = tuple(round(sum(values), 6) for values in zip(*parts, strict=True))
                scored.append(((total, tuple(self.order[m] for m in combo)), combo))
            scored.sort()
            return [(key[0], combo) for key, combo in scored]

        def by_cost(role: str) -> list[str]:
            return sorted(candidates, key=lambda m: (cost(m, role), self.order[m]))

        ordered = [by_cost(r) for r in roles]
        short = ranked([o[:width] for o in ordered])
        # Turns never outrank rest and holidays: only combinations as rested and as
        # free of own holidays as the cheapest are worth checking.
        floor = short[0][0][:2]
        for total, combo in short:
            if total[:2] > floor:
                break
            if turns.completable(dict(zip(roles, combo, strict=True))):
                return combo
        tried = {combo for _, combo in short}
        for total, combo in ranked(ordered):
            if total[:2] > floor:
                break
            if combo not in tried and turns.completable(dict(zip(roles, combo, strict=True))):
                return combo
        # No combination lets every turn complete (time off, too small a team): the
        # cheapest one it is, and the counts catch up later.
        return short[0][1]

    def _keepable(
        self,
        costs: dict[tuple[str, str], _Cost],
        candidates: list[str],
        roles: tuple[str, ...],
        before: dict[str, str | None],
        best: tuple[str, ...],
        position: int,
        rest: int,
    ) -> bool:
        """Whether the existing assignment of this shift can stay as it is.

        It can when every holder is still a candidate; rests no less than in the existing
        lock (or than the best choice would); is on an own holiday only if the best
        choice is too; is at most one shift of the role ahead of the least-served
        candidate (a fresh plan allows none: this is the tolerance that stops a change
        from rippling through later turns).
        """
        kept = tuple(before.get(r) for r in roles)
        if any(m not in candidates for m in kept) or len(set(kept)) < len(kept):
            return False
        holders = tuple(str(m) for m in kept)
        # Rest and holidays first, as the best choice ranks them. Short rest the existing
        # lock already had, or next to a repair swap, is not held against it: the choice
        # was made knowing it, and revisiting it would ripple through the plan.
        mine = [
            (
                0.0
                if self._rest_as_before(m, position, rest, costs[(m, r)][0])
                else costs[(m, r)][0],
                costs[(m, r)][1],
            )
            for m, r in zip(holders, roles, strict=True)
        ]
        theirs = [costs[(m, r)][:2] for m, r in zip(best, roles, strict=True)]
        if (sum(a for a, _ in mine), sum(b for _, b in mine)) > (
            sum(a for a, _ in theirs),
            sum(b for _, b in theirs),
        ):
            return False
        for member, role in zip(holders, roles, strict=True):
            mine_cost = costs[(member, role)]
            # Within one shift of the role of the least-served candidate, judged on what
            # was worked or on the outlook: a change far ahead moves the outlook of the
            # shifts before it, and should not move those shifts by itself.
            least = min(self.tallies[m].counts.get(role, 0.0) for m in candidates)
            worked = self.tallies[member].counts.get(role, 0.0) - least
            if mine_cost[2] > _BAND_TOLERANCE + _EPS and worked > _BAND_TOLERANCE + _EPS:
                return False
        return True

    def _repair(
        self, step: int, state: _Slot, candidates: list[str], roles: tuple[str, ...]
    ) -> None:
        """Swap away existing assignments of this shift that can no longer stand.

        When the holder of a role is now away (new time off, a changed `joined`), the
        fewest changes that keep everyone's counts is a swap: someone who holds the same
        role in a later shift takes this one, and the original holder takes theirs. The
        nearest swap that breaks no hard rule and no rest (and, under `avoid`, puts
        nobody on an own holiday if another swap would not) is made in the working copy
        of the existing plan, and the walk keeps both shifts as they now stand. When the
        absence leaves too few members this shift to keep `min_rest` at all, the swap
        that breaks rest least is taken: the absence is what breaks it, and re-pairing
        every later shift to hide that would rewrite the whole plan.
        """
        before = self.upcoming[step]
        rest = self.min_rest
        free = len(candidates)
        short = free < len(self.roles) * (self.min_rest + 1)
        for role in roles:
            holder = before.get(role)
            if holder is None or holder in candidates or holder not in self.members:
                continue
            swap = self._find_swap(step, state, candidates, role, holder, rest, short)
            if swap is not None:
                later, other, partner = swap
                before[role] = partner
                self.upcoming[later][other] = holder
                self.swapped.add((self.offset + step, partner))
                self.swapped.add((self.offset + later, holder))

    def _find_swap(
        self,
        step: int,
        state: _Slot,
        candidates: list[str],
        role: str,
        holder: str,
        rest: int,
        short: bool,
    ) -> tuple[int, str, str] | None:
        here = self.upcoming[step]
        best: tuple[tuple[int, int, int, int], tuple[int, str, str]] | None = None
        for later in range(step + 1, len(self.planned)):
            there = self.upcoming[later]
            if holder in there.values() or self._away_later(holder, self.planned[later].index):
                continue
            # The same role first; another role only when no such swap exists (it moves
            # one shift of each role between the two, which the keep rule tolerates).
            for other, partner in sorted(there.items(), key=lambda item: item[0] != role):
                if partner is None or partner not in candidates or partner in here.values():
                    continue
                broken = self._rest_broken(partner, step, rest, step, later) + self._rest_broken(
                    holder, later, rest, step, step
                )
                if broken > (2 if short else 1):
                    continue
                slot = self.planned[later]
                on_holiday = int(
                    self.avoid_holidays
                    and (self._holiday(partner, state.slot) or self._holiday(holder, slot))
                )
                key = (broken, on_holiday, int(other != role), later)
                if best is None or key < best[0]:
                    best = (key, (later, other, partner))
            if best is not None and best[0][:3] == (0, 0, 0):
                break
        return best[1] if best else None

    def _rest_broken(self, member: str, target: int, rest: int, current: int, skip: int) -> int:
        """How many of its neighbours would break `rest` if `member` held a role at step
        `target` of the working plan, not counting the shift at step `skip` (the one
        swapped away). Steps before `current` are history, read from the tallies."""
        broken = 0
        previous: int | None = None
        for earlier in range(target - 1, current - 1, -1):
            if earlier != skip and member in self.upcoming[earlier].values():
                previous = self.offset + earlier
                break
        if previous is None:
            previous = self.tallies[member].last if member in self.tallies else None
        if previous is not None and self.offset + target - previous - 1 < rest:
            broken += 1
        for after in range(target + 1, min(len(self.upcoming), target + rest + 1)):
            if after != skip and member in self.upcoming[after].values():
                broken += 1
                break
        return broken

    def _rest_as_before(self, member: str, position: int, rest: int, missing: float) -> bool:
        """Whether the member's rest here is no shorter than in the existing lock, or
        comes from a repair swap next to it."""
        if missing <= 0 or self._forgiven(member, position):
            return True
        earlier = [p for p in self.old_positions.get(member, ()) if p < position]
        if not earlier:
            return False
        return missing <= max(0, rest - (position - max(earlier) - 1))

    def _forgiven(self, member: str, position: int) -> bool:
        """Whether the member's short rest here comes from a repair swap next to it."""
        last = self.tallies[member].last
        return (position, member) in self.swapped or (
            last is not None and (last, member) in self.swapped
        )

    def _feasible_rest(self, state: _Slot) -> int:
        """The rest the team can keep at all: with n members on it and R roles, n // R - 1
        (each shift needs R of them), and never more than `min_rest`."""
        if state.feasible_rest is None:
            on_team = sum(1 for m, f in self.members.items() if f.on_team(*state.spans[m]))
            state.feasible_rest = max(0, min(self.min_rest, on_team // len(self.roles) - 1))
        return state.feasible_rest

    def _urgent(
        self, state: _Slot, candidates: list[str], due: dict[str, list[str]], rest: int
    ) -> set[str]:
        """Members who must work this shift for their turns to fit in what is left.

        A member due in `need` roles must fit them in the coming shifts of those turns.
        If, skipping this shift, rest and time off leave fewer than `need` shifts they
        could take, they are urgent. (With everyone available this is exactly what
        keeps every role going round in turns: Kőnig's theorem says the rest of a turn
        can always be completed when nobody needs more shifts than are left.)
        """
        out: set[str] = set()
        for member in candidates:
            turns = [len(d) for d in due.values() if member in d]
            if not turns:
                continue
            need, window = len(turns), max(turns)
            last = self.tallies[member].last
            step = state.position + 1
            if last is not None:
                step = max(step, last + rest + 1)
            room = 0
            end = state.position + window - 1
            while step <= end and room < need:
                if self._away_later(member, state.slot.index + step - state.position):
                    step += 1
                    continue
                room += 1
                step += rest + 1
            if room < need:
                out.add(member)
        return out

    def _pairing_gap(
        self, member: str, slot: ShiftSlot, turn: list[str], burdens: dict[str, float]
    ) -> int:
        """How far this shift's cost rank is from the member's burden rank in the turn.

        The members still due in this role's turn will take the next `len(turn)`
        shifts. Pairing the least-burdened member with the dearest of those shifts keeps
        the spread smallest (rearrangement inequality); 0 means this shift is the one
        that pairing gives this member. Ranks are ranges because near-equal values tie.
        """
        size = len(turn)
        if size < 2:
            return 0
        tol = self.tolerance
        points = self._points[member]
        own = points[slot.index]
        coming = [points[i] for i in range(slot.index + 1, slot.index + size)]
        dearer = sum(1 for c in coming if c > own + tol)
        cheaper = sum(1 for c in coming if c < own - tol)
        slot_low, slot_high = dearer, size - 1 - cheaper
        burden = burdens[member]
        others = [burdens[m] for m in turn if m != member]
        lighter = sum(1 for b in others if b < burden - tol)
        heavier = sum(1 for b in others if b > burden + tol)
        rank_low, rank_high = lighter, size - 1 - heavier
        return max(0, rank_low - slot_high, slot_low - rank_high)

    # --- small helpers -------------------------------------------------------------------

    def _count(self, member: str, role: str) -> float:
        """Shifts of `role` so far, plus the member's expected share of the coming turn."""
        ahead = self._ahead.get(member)
        return self.tallies[member].counts.get(role, 0.0) + (ahead[0] if ahead else 0.0)

    def _burden(self, member: str) -> float:
        """Burden so far, plus the member's expected share of the coming turn's."""
        ahead = self._ahead.get(member)
        return self.tallies[member].burden + (ahead[1] if ahead else 0.0)

    def _outlook(self, state: _Slot) -> dict[str, tuple[float, float]]:
        """Each member's expected share of the next shifts, one turn ahead: per role and
        in burden points.

        A member away for some of the coming shifts (or, with `holidays: avoid`, on an
        own public holiday while enough others are not) leaves them to the others, so
        they are counted as if they had already worked their share: whoever is about to
        go on holiday takes their turn first, and nobody ends the turn a shift ahead.
        With everyone available the shares are equal and change no choice.
        """
        on_team = sum(1 for m, f in self.members.items() if f.on_team(*state.spans[m]))
        counts = dict.fromkeys(self.members, 0.0)
        burdens = dict.fromkeys(self.members, 0.0)
        for step in range(1, on_team + 1):
            for member, share, burden in self._shares(state.slot.index + step):
                counts[member] += share
                burdens[member] += burden
        return {m: (counts[m], burdens[m]) for m in self.members}

    def _shares(self, index: int) -> tuple[tuple[str, float, float], ...]:
        """Each member's expected share of the shift at clock `index`: of its roles, and
        of its burden. Depends on the shift alone, so each is worked out once."""
        found = self._share_cache.get(index)
        if found is not None:
            return found
        width = len(self.roles)
        free = [m for m in self.members if not self._away_later(m, index)]
        slot = self._slot(index)
        if free and self.avoid_holidays:
            # Members on their own holiday will be passed over when others can go.
            working = [m for m in free if not self._holiday(m, slot)]
            if len(working) >= width:
                free = working
        share = 1.0 / max(len(free), width)
        found = self._share_cache[index] = tuple(
            (member, share, width * share * self._cost(member, slot)) for member in free
        )
        return found

    def _rested_for(self, member: str, position: int) -> int:
        last = self.tallies[member].last
        return position if last is None else position - last - 1

    def _of(self, member: str, slot: ShiftSlot) -> Burden:
        """The member's burden for a shift of the clock (cached by its index)."""
        cache = self._burdens[member]
        found = cache.get(slot.index)
        if found is None:
            found = cache[slot.index] = self.meter.of(member, slot.start, slot.end)
        return found

    def _cost(self, member: str, slot: ShiftSlot) -> float:
        return self._points[member][slot.index]

    def _holiday(self, member: str, slot: ShiftSlot) -> bool:
        """Whether a shift of the clock touches one of the member's own public holidays."""
        return self._of(member, slot).holiday_hours > 0

    def _slot(self, index: int) -> ShiftSlot:
        found = self._slots.get(index)
        if found is None:
            found = self._slots[index] = self.clock.slot(index)
        return found

    def _away_later(self, member: str, index: int) -> bool:
        """Whether the member is away (or off the team) for the shift at clock `index`."""
        return self._away[member][index]

    def _note(self, state: _Slot, role: str, member: str) -> None:
        slot = state.slot
        rested = self._rested_for(member, state.position)
        if rested < self.min_rest:
            self.notes.append(
                PlanNote(
                    slot.name,
                    role,
                    member,
                    f"min_rest relaxed: {rested} of {self.min_rest} shifts rested "
                    "(too few members free)",
                )
            )
        if self.avoid_holidays and self._holiday(member, slot):
            self.notes.append(
                PlanNote(
                    slot.name,
                    role,
                    member,
                    "on call over an own public holiday: nobody else free without breaking "
                    "min_rest",
                )
            )

    def _reasons(self, state: _Slot) -> tuple[str, ...]:
        """Why each member cannot take an open role of this shift."""
        availability = Availability(self.ws)
        slot = state.slot
        reasons: list[str] = []
        for member in self.members:
            held = next((r for r, m in state.roles.items() if m == member), None)
            if held is not None:
                reasons.append(f"{member}: already {held} this shift")
                continue
            conflicts = availability.hard_conflicts(member, slot.start, slot.end)
            reasons.extend(c.describe() for c in conflicts[:1])
        return tuple(reasons)


class _Turns:
    """Whether the turns under way can still be completed after a choice for a shift.

    With everyone available each role goes round in turns: every member takes it once
    before anyone takes it twice, which is what keeps per-role counts within one. A
    greedy choice can strand a turn (three members each still owing two roles, with
    rest between, and two shifts left), so each candidate choice is checked by a small
    depth-first search over the rest of the turns: every member still due in a role
    must get one of that role's remaining turn shifts, one role per member per shift,
    with rest between and never while away. Roles whose turn has ended take anyone
    free. The search is bounded by `_SEARCH_BUDGET` steps; past it the choice is
    accepted, so the planner's time stays linear in the number of shifts.
    """

    def __init__(
        self, planner: _Planner, state: _Slot, candidates: list[str], due: dict[str, list[str]]
    ) -> None:
        self.planner = planner
        self.position = state.position
        self.index = state.slot.index
        self.due = due
        self.roles = [r for r in planner.roles if r in due]
        self.rest = planner._feasible_rest(state)
        self.members = list(planner.members)
        self.last = {
            m: planner.tallies[m].last if m in planner.tallies else None for m in self.members
        }
        self._known: dict[tuple[tuple[str, str], ...], bool] = {}

    def completable(self, choice: dict[str, str]) -> bool:
        """Whether the turns can still complete after `choice` (remembered per choice:
        a re-plan asks again about the combinations the fresh ranking tried)."""
        key = tuple(sorted(choice.items()))
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._completable(choice)
        return known

    def _completable(self, choice: dict[str, str]) -> bool:
        last = dict(self.last)
        for member in choice.values():
            last[member] = self.position
        remaining = {r: [m for m in self.due[r] if m != choice.get(r)] for r in self.roles}
        # A member who cannot take any shift of their turn does not hold the turn up.
        away, offset, rest, here = (
            self.planner._away,
            self.index - self.position,
            self.rest,
            self.position,
        )

        def can_serve(m: str, end: int) -> bool:
            previous, absent = last[m], away[m]
            for p in range(here + 1, end + 1):
                if (previous is None or p - previous - 1 >= rest) and not absent[p + offset]:
                    return True
            return False

        changed = True
        while changed:
            changed = False
            for role, owed in remaining.items():
                end = here + len(owed)
                keep = [m for m in owed if can_serve(m, end)]
                if len(keep) != len(owed):
                    remaining[role], changed = keep, True
        ends = {r: self.position + len(owed) for r, owed in remaining.items()}
        horizon = max(ends.values(), default=self.position)
        if horizon == self.position:
            return True
        budget = [_SEARCH_BUDGET]
        served: dict[str, set[str]] = {r: set() for r in self.roles}
        # Local names and sets: this is the planner's innermost loop.
        roles, members, order = self.roles, self.members, self.planner.order
        # How many roles' turns each member still owes; a member owing none is idle.
        owing = dict.fromkeys(members, 0)
        for owed in remaining.values():
            for m in owed:
                owing[m] += 1
        last_role = len(roles) - 1

        def owed_key(m: str) -> tuple[int, int, int]:
            previous = last[m]
            return (-owing[m], -1 if previous is None else previous, order.get(m, 0))

        def idle_key(m: str) -> tuple[bool, int]:
            previous = last[m]
            return (owing[m] > 0, -1 if previous is None else previous)

        def then(position: int, role_at: int, used: set[str]) -> bool:
            """The search after `role_at` is settled: the next role, or the next shift.

            Moving to the next shift counts as a step of the budget, as it always has."""
            if role_at < last_role:
                return search(position, role_at + 1, used)
            budget[0] -= 1
            if budget[0] < 0 or position == horizon:
                return True
            return search(position + 1, 0, set())

        def search(position: int, role_at: int, used: set[str]) -> bool:
            budget[0] -= 1
            if budget[0] < 0:
                return True
            role = roles[role_at]
            index = position + offset
            # Free: not taken this shift, rested since their last shift, not away.
            in_turn = position <= ends[role]
            if in_turn:
                done = served[role]
                options = [
                    m
                    for m in remaining[role]
                    if m not in done
                    and m not in used
                    and ((p := last[m]) is None or position - p - 1 >= rest)
                    and not away[m][index]
                ]
                if len(options) > 1:
                    options.sort(key=owed_key)
            else:
                options = [
                    m
                    for m in members
                    if m not in used
                    and ((p := last[m]) is None or position - p - 1 >= rest)
                    and not away[m][index]
                ]
                if not options:
                    # Nobody free for a role between turns: not this search's concern.
                    return then(position, role_at, used)
                if len(options) > 1:
                    options.sort(key=idle_key)
            for member in options:
                before = last[member]
                last[member] = position
                used.add(member)
                if in_turn:
                    done.add(member)
                    owing[member] -= 1
                if then(position, role_at, used):
                    return True
                if in_turn:
                    done.discard(member)
                    owing[member] += 1
                used.discard(member)
                last[member] = before
                if budget[0] < 0:
                    return True
            return False

        if not roles:  # pragma: no cover - a shift always has a role to fill
            return True
        return search(self.position + 1, 0, set())
