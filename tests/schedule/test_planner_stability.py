"""Stability: re-planning keeps what it can, and never touches the freeze window.

Every assignment that differs from the existing lock is an objective of its own, after
rest, role counts and holidays and before burden: solving again with the same inputs
keeps the lock, and a later plan only appends shifts. How many assignments a week of
time off far ahead moves is measured by benchmarks/stability.py and
benchmarks/stability_six.py (figures in BENCHMARKS.md); here a few cases check that
none of them is inside `freeze` and every hard rule holds.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.plan_guard import stamped
from opsbook.schedule.planner import plan_rotation

from .planning import CALENDARS, ROTATION, ZONES, assert_hard_constraints, member, utc, workspace

AT = datetime.fromisoformat("2026-11-23T09:00:00+00:00")


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


def test_replanning_with_the_same_inputs_changes_nothing(repo_root: Path) -> None:
    ws = load(repo_root)
    lock = ws.locks["data-eng-oncall"]
    again = plan_rotation(ws, "data-eng-oncall", AT, lock, resolve=True)
    assert stamped(again.lock, lock, AT) == lock
    assert not again.diff.reassigned
    assert not again.diff.added
    assert not again.diff.digest_changed


def test_a_later_plan_only_appends_shifts(repo_root: Path) -> None:
    ws = load(repo_root)
    lock = ws.locks["data-eng-oncall"]
    later = plan_rotation(ws, "data-eng-oncall", AT + timedelta(weeks=4), lock)
    assert not later.diff.removed
    assert len(later.diff.added) == 4
    assert not later.diff.reassigned


def test_a_week_of_time_off_ahead_never_moves_a_frozen_shift() -> None:
    for seed in range(4):
        rnd = random.Random(seed)
        size = rnd.randint(5, 7)
        members = [member(f"m{i}", rnd.choice(ZONES), rnd.choice(CALENDARS)) for i in range(size)]
        at = utc(2026, 6, 1)
        roles = ("primary", "secondary")
        base = plan_rotation(workspace(members, roles=roles, horizon="20w"), ROTATION, at)
        first = at.date() + timedelta(weeks=rnd.randint(4, 16))
        extra = {"member": f"m{rnd.randrange(size)}", "start": first, "end": first + timedelta(6)}
        ws = workspace(members, roles=roles, horizon="20w", time_off=[extra])
        result = plan_rotation(ws, ROTATION, at, base.lock)
        assert_hard_constraints(ws, result.lock)
        cut = at + timedelta(weeks=2)
        assert all(c.start >= cut for c in result.diff.reassigned)
        frozen = [s for s in base.lock.spec.shifts if s.start < cut]
        assert [s for s in result.lock.spec.shifts if s.start < cut] == frozen
