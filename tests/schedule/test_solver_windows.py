"""A rotation longer than one model is solved in overlapping windows.

Real rotations reach a window's size only as daily rotations over more than three years,
so here the window is made small (a module setting, not a stand-in: the same code runs)
and a daily rotation of a hundred days is planned in windows of 40 shifts, keeping 28.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from opsbook.models.lock import RotationLock
from opsbook.schedule.planner import plan_rotation
from opsbook.schedule.solver import solve

from .planning import CALENDARS, ROTATION, ZONES, assert_hard_constraints, member, utc, workspace

START = date(2026, 1, 5)


def plan_in_windows(monkeypatch: pytest.MonkeyPatch) -> RotationLock:
    monkeypatch.setattr(solve, "WINDOW", 40)
    monkeypatch.setattr(solve, "STEP", 28)
    members = [
        member(f"m{i}", ZONES[i % len(ZONES)], CALENDARS[i % len(CALENDARS)]) for i in range(6)
    ]
    time_off = [
        {
            "member": f"m{i}",
            "start": START + timedelta(days=15 * i + 3),
            "end": START + timedelta(days=15 * i + 6),
        }
        for i in range(6)
    ]
    ws = workspace(members, every="1d", time_off=time_off, freeze="1d", horizon="100d", start=START)
    result = plan_rotation(ws, ROTATION, utc(2026, 1, 5))
    assert_hard_constraints(ws, result.lock)
    return result.lock


def test_windows_keep_every_rule_and_say_the_proof_is_per_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = plan_in_windows(monkeypatch)
    assert len(lock.spec.shifts) == 101
    objectives = {o.name: o for o in lock.spec.objectives}
    # 101 shifts in windows of 40 keeping 28: [0, 40), [28, 68), [56, 96), [84, 101).
    assert {o.windows for o in objectives.values()} == {4}
    # Six members, two roles, a day's rest: rest is kept across every seam, and each
    # role's counts end within one of each other.
    assert objectives["rest breaks"].value == 0
    assert objectives["role-count spread beyond 1"].value == 0
    last: dict[str, int] = {}
    for position, shift in enumerate(lock.spec.shifts):
        for who in shift.roles.values():
            assert who is not None
            if who in last:
                assert position - last[who] >= 2, (shift.shift, who)
            last[who] = position


def test_the_same_plan_whatever_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plan_in_windows(monkeypatch) == plan_in_windows(monkeypatch)
