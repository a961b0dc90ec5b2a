"""Fairness report: what each member actually worked, and how far apart they are.

Counted on the effective schedule (the lock with swaps and covers applied), clipped to
the window asked for: a cover of one day in a weekly shift counts 1/7 of a shift to the
one who covered and 6/7 to the one covered. Hours, weekend hours and own-holiday hours
are in each member's own zone; burden points weigh them as `opsbook.schedule.burden`
says. The spread of each figure is its maximum minus its minimum over the rotation's
members; a member who joined inside the window naturally has fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from opsbook.errors import UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import PlanObjective
from opsbook.schedule.burden import NO_BURDEN, Burden, rotation_meter
from opsbook.schedule.effective import effective_schedule


@dataclass(frozen=True)
class MemberFairness:
    """One member's worked shifts, hours and burden in the window."""

    member: str
    shifts: dict[str, float]
    """Shifts per role; fractional where someone covered part of a shift."""
    burden: Burden
    joined: date | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "shifts": {role: _round(n) for role, n in self.shifts.items()},
            "hours": _round(self.burden.hours),
            "weekend_hours": _round(self.burden.weekend_hours),
            "holiday_hours": _round(self.burden.holiday_hours),
            "burden_points": _round(self.burden.points),
        }


@dataclass(frozen=True)
class FairnessReport:
    """Every member of one rotation over [start, end)."""

    rotation: str
    start: datetime
    end: datetime
    roles: tuple[str, ...]
    members: tuple[MemberFairness, ...]
    objectives: tuple[PlanObjective, ...] = ()
    """The objectives the lock was solved for, with the solver's bounds: how close the
    plan is to the best any plan under the same rules could do."""

    def best_burden_spread(self) -> float | None:
        """The solver's bound on its burden-spread objective: over the whole lock, with
        newcomers starting at the team's average, and given the objectives before it.
        Not the same measure as `spread()` over a window, which counts a newcomer from
        zero; the two are not compared row for row."""
        found = next((o for o in self.objectives if o.name == "burden spread"), None)
        return found.bound if found is not None else None

    def spread(self) -> dict[str, Any]:
        """Max minus min of each figure over the members."""

        def gap(values: list[float]) -> float:
            return _round(max(values) - min(values)) if values else 0.0

        rows = self.members
        return {
            "shifts": {r: gap([m.shifts.get(r, 0.0) for m in rows]) for r in self.roles},
            "hours": gap([m.burden.hours for m in rows]),
            "weekend_hours": gap([m.burden.weekend_hours for m in rows]),
            "holiday_hours": gap([m.burden.holiday_hours for m in rows]),
            "burden_points": gap([m.burden.points for m in rows]),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "rotation": self.rotation,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "members": [m.as_json() for m in self.members],
            "spread": self.spread(),
            "best_achievable": {
                "burden_points": self.best_burden_spread(),
                "objectives": [
                    {"name": o.name, "value": o.value, "bound": o.bound, "proven": o.proven}
                    for o in self.objectives
                ],
            },
        }


def _round(value: float) -> float:
    return round(value + 0.0, 2)


def fairness_report(ws: Workspace, rotation: str, start: datetime, end: datetime) -> FairnessReport:
    """What each member of `rotation` worked over [start, end)."""
    rot = ws.rotations.get(rotation)
    if rot is None:
        from opsbook.loader.references import unknown_rotation

        raise UsageError(unknown_rotation(rotation, ws.rotations))
    if end <= start:
        raise UsageError(f"the window is empty: {start.isoformat()} to {end.isoformat()}")
    meter = rotation_meter(ws, rot)
    roles = rot.spec.roles
    lock = ws.locks.get(rotation)
    lengths = {
        s.shift: s.end.timestamp() - s.start.timestamp() for s in (lock.spec.shifts if lock else ())
    }
    shifts: dict[str, dict[str, float]] = {}
    burdens: dict[str, Burden] = {}
    for member in ws.rotation_members(rot):
        shifts[member] = dict.fromkeys(roles, 0.0)
        burdens[member] = NO_BURDEN
    for piece in effective_schedule(ws, rotation, start, end):
        if piece.member is None:
            continue
        first, last = max(piece.start, start), min(piece.end, end)
        if last <= first:
            continue
        planned = lengths.get(piece.shift, 0.0)
        counts = shifts.setdefault(piece.member, dict.fromkeys(roles, 0.0))
        worked = last.timestamp() - first.timestamp()
        counts[piece.role] = counts.get(piece.role, 0.0) + (worked / planned if planned else 0.0)
        burdens[piece.member] = burdens.get(piece.member, NO_BURDEN) + meter.of(
            piece.member, first, last
        )
    members = tuple(
        MemberFairness(
            member=m,
            shifts=shifts[m],
            burden=burdens.get(m, NO_BURDEN),
            joined=found.joined if (found := ws.member(m)) else None,
        )
        for m in sorted(shifts)
    )
    objectives = lock.spec.objectives if lock is not None else ()
    return FairnessReport(rotation, start, end, roles, members, objectives)
