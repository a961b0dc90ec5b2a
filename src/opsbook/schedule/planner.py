"""The planner: who holds each (shift, role) of a rotation, up to the horizon.

A pure function of the workspace, the instant `at` and the existing lock. Shifts of the
existing lock that started or start within `freeze` of `at` are kept as they are: they
are history. Every later shift up to `at` + horizon is decided by one declarative model
solved by OR-Tools CP-SAT (`opsbook.schedule.solver`): hard rules as constraints, the
objectives in DESIGN.md's order, each proven optimal or given with its bound.

When the existing lock is current (planned from the same inputs, and already reaching
the horizon), nothing is solved and the solver is not even imported: the lock is the
plan, and only the calendar bookkeeping of swaps and covers is brought up to date. So
`opsbook plan` in CI, on current locks, costs what loading the workspace costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from opsbook.errors import UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift, PlanObjective, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.schedule.availability import Availability
from opsbook.schedule.inputs import inputs_digest
from opsbook.schedule.plan_diff import LockDiff, diff_locks
from opsbook.schedule.revisions import record_revisions
from opsbook.schedule.solver.problem import Problem, build_problem, slots_to_plan

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
    """A rule the plan could not keep for one (shift, role), or an objective's cost
    falling on one member, and why: as values, so the report can judge the note again
    for whoever a swap hands the shift to."""

    shift: date
    role: str
    member: str
    kind: Literal["rest", "holiday"]
    why: str
    """Whether the plan proved it unavoidable, in words."""
    rested: int = 0
    """Rest notes: shifts rested before this one, of `needed`."""
    needed: int = 0

    @property
    def message(self) -> str:
        if self.kind == "rest":
            return f"min_rest relaxed: {self.rested} of {self.needed} shifts rested ({self.why})"
        return f"on call over an own public holiday ({self.why})"


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
    solved: bool = True
    """False when the existing lock was current and kept without solving."""

    @property
    def objectives(self) -> tuple[PlanObjective, ...]:
        return self.lock.spec.objectives


def plan_rotation(
    ws: Workspace,
    rotation_name: str,
    at: datetime,
    existing: RotationLock | None = None,
    *,
    resolve: bool = False,
) -> PlanResult:
    """Plan every (shift, role) of a rotation from its start to `at` + horizon.

    `existing` is the current lock (usually `ws.locks.get(rotation_name)`): shifts in it
    that start before `at` + freeze are kept as they are; later ones are its hint, and
    each one changed costs (see `opsbook.schedule.solver.model`). `resolve` solves even
    when the existing lock is current.
    """
    rotation = ws.rotations.get(rotation_name)
    if rotation is None:
        from opsbook.loader.references import unknown_rotation

        raise UsageError(unknown_rotation(rotation_name, ws.rotations))
    if at.tzinfo is None:
        raise UsageError(f"expected a timezone-aware instant; found {at.isoformat()}")
    # In UTC, `at + freeze` is elapsed time, and comparisons never read wall clocks.
    at = at.astimezone(UTC)
    digest = inputs_digest(ws, rotation)
    if not resolve and existing is not None and lock_is_current(rotation, existing, digest, at):
        return keep_lock(ws, rotation, at, existing)
    return _solved(ws, rotation, at, existing, digest)


def lock_is_current(rotation: Rotation, lock: RotationLock, digest: str, at: datetime) -> bool:
    """Planned by this planner (it records the objectives) from these inputs, and
    already holding every shift up to the horizon."""
    if lock.spec.inputs != digest or not lock.spec.shifts or not lock.spec.objectives:
        return False
    limit = at + rotation.spec.horizon
    return not slots_to_plan(rotation, lock.spec.shifts, limit)


def _finish(
    ws: Workspace,
    rotation: Rotation,
    at: datetime,
    existing: RotationLock | None,
    shifts: list[LockedShift] | tuple[LockedShift, ...],
    digest: str,
    objectives: tuple[PlanObjective, ...],
) -> tuple[RotationLock, LockDiff]:
    lock = RotationLock.model_validate(
        {
            "apiVersion": API_VERSION,
            "kind": "RotationLock",
            "metadata": {"name": rotation.name},
            "spec": {
                "rotation": rotation.name,
                "inputs": digest,
                "objectives": objectives,
                "shifts": shifts,
            },
        }
    )
    # Calendar bookkeeping: which (shift, role) pairs changed hands since planned.
    revisions = record_revisions(ws, rotation.name, existing, lock)
    lock = lock.model_copy(update={"spec": lock.spec.model_copy(update={"revisions": revisions})})
    return lock, diff_locks(existing, lock)


def keep_lock(
    ws: Workspace, rotation: Rotation, at: datetime, existing: RotationLock
) -> PlanResult:
    """The existing lock as the plan, solving nothing: only the calendar bookkeeping of
    swaps and covers is brought up to date."""
    at = at.astimezone(UTC)
    spec = existing.spec
    lock, diff = _finish(
        ws, rotation, at, existing, spec.shifts, spec.inputs or "", spec.objectives
    )
    return PlanResult(
        rotation=rotation.name,
        at=at,
        frozen_until=at + rotation.spec.freeze,
        lock=lock,
        previous=existing,
        diff=diff,
        timezone=rotation.spec.shift.handoff.timezone,
        solved=False,
    )


def _solved(
    ws: Workspace, rotation: Rotation, at: datetime, existing: RotationLock | None, digest: str
) -> PlanResult:
    spec = rotation.spec
    cut = at + spec.freeze
    previous = existing.spec.shifts if existing else ()
    frozen = sorted((s for s in previous if s.start < cut), key=lambda s: s.start)
    slots = slots_to_plan(rotation, frozen, at + spec.horizon)
    problem = build_problem(ws, rotation, frozen, slots, existing)
    shifts: list[LockedShift] = list(frozen)
    unfilled: list[Unfilled] = []
    notes: list[PlanNote] = []
    if problem.shifts:
        from opsbook.schedule.solver.solve import solve_problem

        solution = solve_problem(problem)
        objectives = tuple(
            PlanObjective(
                name=o.name, value=o.value, bound=o.bound, proven=o.proven, windows=o.windows
            )
            for o in solution.objectives
        )
        shifts.extend(_locked(problem, solution.holders))
        unfilled = _unfilled(ws, problem, solution.holders)
        notes = _notes(problem, solution.holders, solution.breaks, objectives)
    else:
        objectives = existing.spec.objectives if existing else ()
    lock, diff = _finish(ws, rotation, at, existing, shifts, digest, objectives)
    return PlanResult(
        rotation=rotation.name,
        at=at,
        frozen_until=cut,
        lock=lock,
        previous=existing,
        diff=diff,
        unfilled=tuple(unfilled),
        notes=tuple(notes),
        timezone=spec.shift.handoff.timezone,
    )


def _locked(problem: Problem, holders: list[list[int | None]]) -> list[LockedShift]:
    ids = problem.ids
    out = []
    for facts, roles in zip(problem.shifts, holders, strict=True):
        slot = facts.slot
        assigned = {
            role: (ids[m] if m is not None else None)
            for role, m in zip(problem.roles, roles, strict=True)
        }
        # Values of the right types made here: validating thousands of shifts one by
        # one again would buy nothing but time.
        out.append(
            LockedShift.model_construct(
                shift=slot.name, start=slot.start, end=slot.end, roles=assigned
            )
        )
    return out


def _unfilled(ws: Workspace, problem: Problem, holders: list[list[int | None]]) -> list[Unfilled]:
    availability = Availability(ws)
    out: list[Unfilled] = []
    for p, facts in enumerate(problem.shifts):
        empty = [r for r, m in enumerate(holders[p]) if m is None]
        if not empty:
            continue
        slot = facts.slot
        reasons: list[str] = []
        for i, member in enumerate(problem.ids):
            held = next((problem.roles[r] for r, m in enumerate(holders[p]) if m == i), None)
            if held is not None:
                reasons.append(f"{member}: already {held} this shift")
                continue
            conflicts = availability.hard_conflicts(member, slot.start, slot.end)
            reasons.extend(c.describe() for c in conflicts[:1])
        for r in empty:
            out.append(Unfilled(slot.name, slot.start, slot.end, problem.roles[r], tuple(reasons)))
    return out


def _notes(
    problem: Problem,
    holders: list[list[int | None]],
    breaks: list[tuple[int, int]],
    objectives: tuple[PlanObjective, ...],
) -> list[PlanNote]:
    """Each shift where rest is short, and under `avoid` each own-holiday role-shift:
    the cost of the plan, said where it falls, with whether it is proven unavoidable."""
    proof = {o.name: o.proven for o in objectives}
    ids = problem.ids
    out: list[PlanNote] = []
    short = set(breaks)
    last = list(problem.history.last)
    rest_word = (
        "the proven fewest breaks the team allows"
        if proof.get("rest breaks", True)
        else "too few members free"
    )
    holiday_word = (
        "part of the proven minimum" if proof.get("own-holiday role-shifts") else "within the bound"
    )
    for p, roles in enumerate(holders):
        slot = problem.shifts[p]
        for r, m in enumerate(roles):
            if m is None:
                continue
            role = problem.roles[r]
            if (p, m) in short:
                previous = last[m]
                rested = p - previous - 1 if previous is not None else 0
                out.append(
                    PlanNote(
                        slot.slot.name, role, ids[m], "rest", rest_word, rested, problem.min_rest
                    )
                )
            if problem.holidays == "avoid" and slot.holiday[m]:
                out.append(PlanNote(slot.slot.name, role, ids[m], "holiday", holiday_word))
        for m in roles:
            if m is not None:
                last[m] = p
    return out
