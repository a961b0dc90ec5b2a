"""The effective schedule across spring-forward and fall-back in London and New York.

The handoff instants in fixtures/schedule/dst-handoffs.json are worked out by hand from
the time rules of docs/manual/architecture.md
(a handoff in the spring-forward gap moves to the first valid instant
after it, an ambiguous one is its first occurrence), not computed by opsbook, so the
fixture locks, ShiftClock and the effective schedule are all checked against something
independent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from opsbook.loader import Workspace, load_workspace
from opsbook.schedule.effective import effective_schedule, on_call_at
from opsbook.schedule.overrides_edit import planned_shift
from opsbook.schedule.shifts import ShiftClock

DST = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "dst"
MEMBERS = ("amy", "raj", "zoe")

EXPECTED: dict[str, Any] = json.loads(
    (DST.parent / "dst-handoffs.json").read_text(encoding="utf-8")
)
ROTATIONS = sorted(name for name in EXPECTED if not name.startswith("_"))


def handoffs(rotation: str) -> list[datetime]:
    return [
        datetime.fromisoformat(h).replace(tzinfo=UTC) for h in EXPECTED[rotation]["handoffs_utc"]
    ]


def expected_primary(index: int) -> str:
    """The fixture assigns primary round-robin by shift index."""
    return MEMBERS[index % len(MEMBERS)]


@pytest.fixture(scope="module")
def ws() -> Workspace:
    result = load_workspace(DST)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_fixture_locks_and_shift_clock_agree_with_the_hand_worked_handoffs(
    ws: Workspace, rotation: str
) -> None:
    expected = handoffs(rotation)
    lock = ws.locks[rotation].spec.shifts
    assert [s.start for s in lock] == expected[:-1]
    assert [s.end for s in lock] == expected[1:]
    clock = ShiftClock(ws.rotations[rotation].spec)
    # In UTC: Python never finds a zone-aware time in a fold equal to another zone's.
    assert [clock.start_of(i).astimezone(UTC) for i in range(len(expected))] == expected


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_effective_shift_lengths_across_dst(ws: Workspace, rotation: str) -> None:
    expected = handoffs(rotation)
    shifts = effective_schedule(ws, rotation, expected[0], expected[-1])
    primaries = [s for s in shifts if s.role == "primary"]
    hours = [(s.end - s.start) / timedelta(hours=1) for s in primaries]
    assert hours == EXPECTED[rotation]["hours"]


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_on_call_one_minute_either_side_of_every_handoff(ws: Workspace, rotation: str) -> None:
    minute = timedelta(minutes=1)
    instants = handoffs(rotation)
    for index, handoff in enumerate(instants):
        before = on_call_at(ws, rotation, handoff - minute)
        after = on_call_at(ws, rotation, handoff + minute)
        if index == 0:
            assert before == []
        else:
            assert [s.member for s in before] == [
                expected_primary(index - 1),
                expected_primary(index),
            ]
        if index == len(instants) - 1:
            assert after == []
        else:
            assert [s.member for s in after] == [
                expected_primary(index),
                expected_primary(index + 1),
            ]
            assert after[0].start == handoff


@pytest.mark.parametrize(
    ("rotation", "wall", "name"),
    [
        ("london-fall", "2026-10-25T01:30", "2026-10-25"),  # ambiguous: the first 01:30
        ("newyork-fall", "2026-11-01T01:30", "2026-11-01"),
        ("london-spring", "2026-03-29T01:30", "2026-03-29"),  # in the gap: 02:00 BST
        ("newyork-spring", "2026-03-08T02:30", "2026-03-08"),
    ],
)
def test_a_shift_named_by_a_wall_clock_start_in_a_fold_or_gap_is_found(
    ws: Workspace, rotation: str, wall: str, name: str
) -> None:
    shift = planned_shift(ws, ws.rotations[rotation], datetime.fromisoformat(wall))
    assert shift.shift.isoformat() == name
