"""Four planners on one team: six members in six countries over two years.

    .venv/bin/python benchmarks/compare_planners.py [--old-commit 5658fec]

Weekly primary + secondary from 2026-01-05, `min_rest: 1`, `holidays: avoid`, weights
weekend 1.5 and holiday 3, six one- or two-week vacations. Planned from scratch at the
rotation's start with a 104-week horizon by:

* the CP-SAT planner (opsbook today), with its proof status per objective;
* the greedy planner opsbook had before (its source is read from git history, at
  `--old-commit`, and run against today's modules);
* strict round robin (members in id order, the next free one takes each role);
* longest-waiting-first (each role to the free member whose last shift is longest ago).

For each: own-public-holiday role-shifts, burden spread (max − min points), per-role
count spread, rest breaks, and seconds. The table in BENCHMARKS.md comes from here.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.models.team import Team
from opsbook.models.time_off import TimeOff
from opsbook.schedule.burden import rotation_meter
from opsbook.schedule.shifts import ShiftClock
from opsbook.schedule.solver.problem import member_facts

START = date(2026, 1, 5)
AT = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)
PEOPLE = (
    ("ana", "Europe/Madrid", "ES"),
    ("bo", "America/New_York", "US"),
    ("chen", "Asia/Shanghai", "CN"),
    ("dev", "Asia/Kolkata", "IN"),
    ("emma", "Europe/London", "GB"),
    ("femi", "Africa/Lagos", "NG"),
)
VACATIONS = (
    ("ana", date(2026, 8, 3), date(2026, 8, 16)),
    ("bo", date(2026, 12, 21), date(2027, 1, 3)),
    ("chen", date(2027, 2, 1), date(2027, 2, 14)),
    ("dev", date(2026, 10, 19), date(2026, 10, 25)),
    ("emma", date(2027, 7, 12), date(2027, 7, 25)),
    ("femi", date(2026, 4, 6), date(2026, 4, 12)),
)


def scenario(size: int = 6) -> Workspace:
    people = PEOPLE[:size]
    team = Team.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "Team",
            "metadata": {"name": "t"},
            "spec": {
                "timezone": "UTC",
                "members": [
                    {"id": i, "name": i.title(), "timezone": z, "holidays": {"country": c}}
                    for i, z, c in people
                ],
            },
        }
    )
    rotation = Rotation.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "Rotation",
            "metadata": {"name": "r"},
            "spec": {
                "team": "t",
                "roles": ["primary", "secondary"],
                "shift": {"every": "1w", "handoff": {"time": "09:00", "timezone": "UTC"}},
                "start": START.isoformat(),
                "fairness": {
                    "holidays": "avoid",
                    "min_rest": 1,
                    "weights": {"weekend": 1.5, "holiday": 3.0},
                },
                "freeze": "1d",
                "horizon": "104w",
            },
        }
    )
    names = {p[0] for p in people}
    time_off = TimeOff.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "TimeOff",
            "metadata": {"name": "time-off"},
            "spec": {
                "entries": [
                    {"member": m, "start": s, "end": e} for m, s, e in VACATIONS if m in names
                ]
            },
        }
    )
    return Workspace(
        root=Path("."),
        teams=MappingProxyType({"t": team}),
        rotations=MappingProxyType({"r": rotation}),
        time_off=(time_off,),
    )


Planner = Callable[[Workspace], tuple[list[LockedShift], str]]


def new_planner(ws: Workspace) -> tuple[list[LockedShift], str]:
    from opsbook.schedule.plan_report import proof_text
    from opsbook.schedule.planner import plan_rotation

    result = plan_rotation(ws, "r", AT, None)
    proof = "; ".join(f"{o.name} {proof_text(o)}" for o in result.objectives)
    return list(result.lock.spec.shifts), proof


def old_planner(commit: str) -> Planner:
    def plan(ws: Workspace) -> tuple[list[LockedShift], str]:
        source = subprocess.run(
            ["git", "show", f"{commit}:src/opsbook/schedule/planner.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "old_planner.py"
            path.write_text(source, encoding="utf-8")
            spec = importlib.util.spec_from_file_location("old_planner", path)
            assert spec is not None
            assert spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules["old_planner"] = module
            spec.loader.exec_module(module)
        lock: RotationLock = module.plan_rotation(ws, "r", AT, None).lock
        return list(lock.spec.shifts), f"greedy walk ({commit})"

    return plan


def _walk(
    ws: Workspace, choose: Callable[[list[str], int, dict[str, int]], list[str]]
) -> list[LockedShift]:
    rotation = ws.rotations["r"]
    clock = ShiftClock(rotation.spec)
    ids = sorted(ws.rotation_members(rotation))
    facts = {m: member_facts(ws, m) for m in ids}
    roles = rotation.spec.roles
    last: dict[str, int] = {}
    out: list[LockedShift] = []
    index = 0
    limit = AT + rotation.spec.horizon
    while (slot := clock.slot(index)).start < limit:
        free = []
        for m in ids:
            span = facts[m].local_span(slot.start, slot.end)
            if facts[m].on_team(*span) and not facts[m].away(*span):
                free.append(m)
        chosen = choose(free, index, last)[: len(roles)]
        for m in chosen:
            last[m] = index
        assigned: dict[str, str | None] = dict.fromkeys(roles)
        assigned.update(zip(roles, chosen, strict=False))
        out.append(LockedShift(shift=slot.name, start=slot.start, end=slot.end, roles=assigned))
        index += 1
    return out


def round_robin(ws: Workspace) -> tuple[list[LockedShift], str]:
    ids = sorted(ws.rotation_members(ws.rotations["r"]))
    width = len(ws.rotations["r"].spec.roles)

    def choose(free: list[str], index: int, last: dict[str, int]) -> list[str]:
        # Strict order: starting where the turn is, the next free members.
        start = (index * width) % len(ids)
        ordered = ids[start:] + ids[:start]
        return [m for m in ordered if m in free]

    return _walk(ws, choose), "-"


def longest_waiting(ws: Workspace) -> tuple[list[LockedShift], str]:
    def choose(free: list[str], index: int, last: dict[str, int]) -> list[str]:
        return sorted(free, key=lambda m: (last.get(m, -1), m))

    return _walk(ws, choose), "-"


def measure(ws: Workspace, shifts: list[LockedShift]) -> dict[str, Any]:
    rotation = ws.rotations["r"]
    meter = rotation_meter(ws, rotation)
    ids = sorted(ws.rotation_members(rotation))
    points = dict.fromkeys(ids, 0.0)
    counts = {r: dict.fromkeys(ids, 0) for r in rotation.spec.roles}
    holidays = breaks = 0
    last: dict[str, int] = {}
    for position, shift in enumerate(shifts):
        for role, m in shift.roles.items():
            if m is None:
                continue
            burden = meter.of(m, shift.start, shift.end)
            points[m] += burden.points
            counts[role][m] += 1
            holidays += burden.holiday_hours > 0
            if m in last and position - last[m] - 1 < rotation.spec.fairness.min_rest:
                breaks += 1
            last[m] = position
    return {
        "holidays": holidays,
        "burden_spread": max(points.values()) - min(points.values()),
        "count_spread": max(max(c.values()) - min(c.values()) for c in counts.values()),
        "breaks": breaks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--old-commit", default="5658fec")
    parser.add_argument("--members", type=int, nargs="*", default=[6])
    args = parser.parse_args()
    planners: list[tuple[str, Planner]] = [
        ("CP-SAT (opsbook)", new_planner),
        ("old greedy planner", old_planner(args.old_commit)),
        ("strict round robin", round_robin),
        ("longest-waiting-first", longest_waiting),
    ]
    for size in args.members:
        ws = scenario(size)
        print(f"\n{size} members, 104 weekly shifts, primary + secondary, min_rest 1, avoid")
        print(
            "| planner | own-holiday role-shifts | burden spread (points) | "
            "per-role count spread | rest breaks | seconds | proof |"
        )
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, planner in planners:
            began = time.perf_counter()
            shifts, proof = planner(ws)
            took = time.perf_counter() - began
            m = measure(ws, shifts)
            print(
                f"| {name} | {m['holidays']} | {m['burden_spread']:.1f} | {m['count_spread']} "
                f"| {m['breaks']} | {took:.2f} | {proof} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
