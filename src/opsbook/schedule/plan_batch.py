"""Plan (or check) many rotations at once, over several processes when there are cores.

Rotations are planned independently of one another, so an organisation's twenty
rotations are an embarrassingly parallel job. Workers are forked after the workspace is
loaded, so they share it without pickling it; each plans its rotations, writes their
locks and sends back only the lines to print. Results come back in the order of the
names asked for, so the output and the lock files are the same for any number of
workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from opsbook.loader.workspace import Workspace
from opsbook.workers import fork_map


@dataclass(frozen=True)
class RotationOutcome:
    """What planning or checking one rotation printed, and whether it passed."""

    rotation: str
    lines: tuple[str, ...]
    ok: bool = True
    data: dict[str, Any] = field(default_factory=dict)
    """The same report as JSON-ready values (`opsbook plan --format json`)."""


def plan_rotations(
    ws: Workspace, names: Sequence[str], at: datetime, *, workers: int = 1, force: bool = False
) -> list[RotationOutcome]:
    """Plan each rotation, write its lock, and say what changed. A rotation whose new
    plan would drop or change a shift that has started keeps its old lock (see
    `plan_guard`), and its outcome is not ok."""

    def job(ws: Workspace, name: str, at: datetime) -> RotationOutcome:
        return _plan_one(ws, name, at, force=force)

    return _run(ws, names, at, workers, job)


MAX_NEW_SHIFTS = 10_000
"""Most shifts one rotation may gain in one plan: a daily rotation planned 27 years
ahead. `--at 8999-12-01` (a typo) would otherwise plan millions, for hours."""


def planning_refusals(
    ws: Workspace, names: Sequence[str], at: datetime, now: datetime, *, force: bool = False
) -> list[str]:
    """Why planning some of `names` at `at` is refused, checked before anything is
    planned: an `--at` before the lock's own planning instant (unless `force`; `now`:
    the caller's clock), or one so far ahead that the plan would add more than
    MAX_NEW_SHIFTS shifts."""
    from opsbook.schedule.plan_guard import instant_refusal
    from opsbook.schedule.shifts import ShiftClock

    out: list[str] = []
    for name in names:
        lock = ws.locks.get(name)
        reason = None if force else instant_refusal(lock, at, now)
        if reason is not None:
            out.append(reason)
        spec = ws.rotations[name].spec
        clock = ShiftClock(spec)
        planned = len(lock.spec.shifts) if lock is not None else 0
        new = clock.index_at(at + spec.horizon) + 1 - planned
        if new > MAX_NEW_SHIFTS:
            out.append(
                f"{name}: --at {at.isoformat()} would plan {new} new shifts up to "
                f"{clock.start_of(clock.index_at(at + spec.horizon)):%Y-%m-%d}; expected at "
                f"most {MAX_NEW_SHIFTS} at once (an --at closer to the lock's shifts)"
            )
    return out


def check_rotations(
    ws: Workspace, names: Sequence[str], at: datetime, *, workers: int = 1
) -> list[RotationOutcome]:
    """Check each rotation's lock is current, writing nothing."""
    return _run(ws, names, at, workers, _check_one)


_Job = Callable[[Workspace, str, datetime], RotationOutcome]


def _plan_one(ws: Workspace, name: str, at: datetime, *, force: bool = False) -> RotationOutcome:
    from opsbook.schedule.conflicts import frozen_conflicts
    from opsbook.schedule.lockfile import lock_path, write_lock
    from opsbook.schedule.plan_guard import dropped_started_shifts, stamped
    from opsbook.schedule.plan_report import PlanReport, effective_holders
    from opsbook.schedule.planner import plan_rotation

    path = lock_path(ws, ws.rotations[name])
    previous = ws.locks.get(name)
    result = plan_rotation(ws, name, at, previous)
    dropped = dropped_started_shifts(previous, result.lock, at, force=force)
    if dropped:
        first = dropped[0]
        return RotationOutcome(
            name,
            (
                f"{name}: not written: the new plan would drop or change {len(dropped)} "
                f"shift(s) that had started (first: {first.shift}, from "
                f"{first.start.isoformat()}); expected started shifts to stay as they "
                f"were; {path} is unchanged",
            ),
            ok=False,
        )
    # Frozen shifts are kept as they were, so their conflicts are the lock's own.
    conflicts = frozen_conflicts(ws, name, at)
    written = write_lock(path, stamped(result.lock, previous, at, force=force))
    report = PlanReport(result, str(path), written, conflicts, effective_holders(ws, result))
    # The plan cannot move a frozen shift, so a holder away during one fails the run:
    # a person has to record the fix it names.
    return RotationOutcome(name, tuple(report.lines()), ok=not conflicts, data=report.data())


def _check_one(ws: Workspace, name: str, at: datetime) -> RotationOutcome:
    from opsbook.schedule.lockfile import lock_path
    from opsbook.schedule.plan_check import check_plan
    from opsbook.schedule.plan_report import check_data, check_lines

    path = lock_path(ws, ws.rotations[name])
    verdict = check_plan(ws, name, at)
    lines = tuple(check_lines(verdict, str(path)))
    return RotationOutcome(name, lines, verdict.ok, check_data(verdict, str(path)))


def _run(
    ws: Workspace, names: Sequence[str], at: datetime, workers: int, job: _Job
) -> list[RotationOutcome]:
    return fork_map(
        lambda name: job(ws, name, at),
        names,
        workers,
        weight=lambda name: _shift_estimate(ws, name),
    )


def _shift_estimate(ws: Workspace, name: str) -> float:
    """Shifts per week: rotations span similar time, so this ranks them by work."""
    every = ws.rotations[name].spec.shift.every.total_seconds()
    return 604800.0 / max(every, 1.0)
