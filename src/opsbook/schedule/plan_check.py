"""`opsbook plan --check`: is each lock current, and does it keep every hard rule?

Nothing is solved here, and the solver is not imported: a lock is judged by what it
records, so a re-solve on another machine that finds an equally good plan can never
fail CI. A lock is stale when it is missing; when the inputs it was planned from
changed (the digest it records differs); when swaps or covers changed who holds some
shifts and the lock has not recorded that for the calendars (`revisions`); when it ends
before the freeze window does (so `who` would soon have no answer); or when a shift not
yet over breaks a hard rule (time off, `joined`/`left`, one role at a time), which only
a hand edit can cause. Shifts merely missing at the far end, because time moved on, do
not make it stale: `opsbook plan` appends them without moving what is there.
A frozen shift that now conflicts with time off is reported with the swap that fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import PlanObjective, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.schedule.conflicts import FrozenConflict, frozen_conflicts
from opsbook.schedule.inputs import inputs_digest
from opsbook.schedule.planner import PlanResult, keep_lock
from opsbook.schedule.revisions import same_revisions
from opsbook.schedule.solver.problem import member_facts


@dataclass(frozen=True)
class PlanCheck:
    """The verdict on one rotation's lock."""

    rotation: str
    stale: tuple[str, ...]
    """Why the lock is not current; empty when it is."""
    conflicts: tuple[FrozenConflict, ...]
    result: PlanResult | None
    """The lock with its calendar bookkeeping brought up to date (what `opsbook plan`
    writes when the inputs are unchanged); None without a lock."""

    @property
    def ok(self) -> bool:
        return not self.stale and not self.conflicts

    @property
    def objectives(self) -> tuple[PlanObjective, ...]:
        return self.result.objectives if self.result is not None else ()


def check_plan(ws: Workspace, rotation: str, at: datetime) -> PlanCheck:
    """Judge `rotation`'s lock against its inputs and the hard rules, solving nothing."""
    lock = ws.locks.get(rotation)
    rot = ws.rotations[rotation]
    if lock is None:
        return PlanCheck(rotation, ("no lock file: run `opsbook plan`",), (), None)
    stale: list[str] = []
    digest = inputs_digest(ws, rot)
    if lock.spec.inputs != digest:
        stale.append(
            "the rotation, its team, time off or holiday calendars changed since the "
            f"lock was planned (inputs {lock.spec.inputs} → {digest}): run `opsbook plan`"
        )
    result = keep_lock(ws, rot, at, lock)
    if not same_revisions(result.lock.spec.revisions, lock.spec.revisions):
        stale.append(
            "swaps or covers changed who holds some shifts since the lock was planned: "
            "run `opsbook plan` to record them (calendar feeds count changes from there)"
        )
    ends = max((s.end for s in lock.spec.shifts), default=None)
    cut = at + rot.spec.freeze
    if ends is None or ends < cut:
        stale.append(
            f"the lock ends {ends.isoformat() if ends else 'before it starts'}, before "
            f"the freeze window does ({cut.isoformat()})"
        )
    stale.extend(broken_rules(ws, rot, lock, cut))
    conflicts = tuple(frozen_conflicts(ws, rotation, at))
    return PlanCheck(rotation, tuple(stale), conflicts, result)


def broken_rules(
    ws: Workspace, rotation: Rotation, lock: RotationLock, after: datetime
) -> list[str]:
    """Hard rules broken by shifts starting at or after `after` (the frozen ones before
    are `frozen_conflicts`' concern, with a swap to propose)."""
    members = {m: member_facts(ws, m) for m in ws.rotation_members(rotation)}
    out: list[str] = []
    for shift in lock.spec.shifts:
        if shift.start < after:
            continue
        holders = [m for m in shift.roles.values() if m is not None]
        if len(set(holders)) < len(holders):
            out.append(f"shift {shift.shift}: one member holds two roles")
        for role, member in shift.roles.items():
            if member is None:
                continue
            facts = members.get(member)
            if facts is None:
                out.append(f"shift {shift.shift} {role}: {member} is not in the rotation")
                continue
            span = facts.local_span(shift.start, shift.end)
            if not facts.on_team(*span):
                out.append(f"shift {shift.shift} {role}: {member} is not on the team then")
            elif facts.away(*span):
                out.append(f"shift {shift.shift} {role}: {member} is on time off")
    return out
