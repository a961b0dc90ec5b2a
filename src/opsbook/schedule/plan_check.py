"""`opsbook plan --check`: is each lock current, and does any frozen shift conflict?

A lock is stale when planning again would change it: it is missing, the inputs it was
planned from changed (the digest differs), a shift in it would change hands or be
dropped, swaps or covers it has not recorded for the calendars (`revisions`), or it ends
before the freeze window does (so `who` would soon have no answer).
Shifts merely appended at the far end, because time moved on, do not make it stale:
the plan never depends on the horizon, so they change nothing already there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opsbook.loader.workspace import Workspace
from opsbook.schedule.conflicts import FrozenConflict, frozen_conflicts
from opsbook.schedule.planner import PlanResult, plan_rotation
from opsbook.schedule.revisions import same_revisions


@dataclass(frozen=True)
class PlanCheck:
    """The verdict on one rotation's lock."""

    rotation: str
    stale: tuple[str, ...]
    """Why re-planning would change the lock; empty when it is current."""
    conflicts: tuple[FrozenConflict, ...]
    result: PlanResult
    """What `opsbook plan` would write."""

    @property
    def ok(self) -> bool:
        return not self.stale and not self.conflicts


def check_plan(ws: Workspace, rotation: str, at: datetime) -> PlanCheck:
    """Re-plan `rotation` in memory against its lock and report what would change."""
    lock = ws.locks.get(rotation)
    result = plan_rotation(ws, rotation, at, lock)
    stale: list[str] = []
    if lock is None:
        stale.append("no lock file: run `opsbook plan`")
    else:
        diff = result.diff
        if diff.digest_changed:
            stale.append(
                "the rotation, its team, time off or holiday calendars changed since the "
                f"lock was planned (inputs {lock.spec.inputs} → {result.lock.spec.inputs})"
            )
        if diff.reassigned:
            stale.append(f"re-planning moves {len(diff.reassigned)} assignments")
        if diff.removed:
            stale.append(f"re-planning drops {len(diff.removed)} shifts")
        if not same_revisions(result.lock.spec.revisions, lock.spec.revisions):
            stale.append(
                "swaps or covers changed who holds some shifts since the lock was planned: "
                "run `opsbook plan` to record them (calendar feeds count changes from there)"
            )
        ends = max((s.end for s in lock.spec.shifts), default=None)
        cut = at + ws.rotations[rotation].spec.freeze
        if ends is None or ends < cut:
            stale.append(
                f"the lock ends {ends.isoformat() if ends else 'before it starts'}, before "
                f"the freeze window does ({cut.isoformat()})"
            )
    conflicts = tuple(frozen_conflicts(ws, rotation, at)) if lock is not None else ()
    return PlanCheck(rotation, tuple(stale), conflicts, result)
