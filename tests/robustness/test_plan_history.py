"""`opsbook plan` never rewrites history.

Before: `plan --at 0001-01-01T00:00Z` wrote an empty lock and exited 0, and `plan --at`
a past instant dropped the running shift. (Year 1 is now outside every command's --at
range; 1901-01-01 stands in for "long before".)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.loader import load_workspace

LOCK = Path("rotation") / "ops-oncall.lock.yaml"
PLANNED = "2026-11-10T12:00:00+00:00"


def _plan(root: Path, at: str, *extra: str) -> int:
    return main(["plan", "--root", str(root), "--at", at, *extra])


@pytest.mark.parametrize("earlier", ["1901-01-01T00:00Z", "2026-10-20T12:00Z"])
def test_an_at_before_the_locks_planning_instant_is_refused(
    basic_ws: Path, earlier: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _plan(basic_ws, PLANNED) == 0
    assert f'  planned_at: "{PLANNED}"' in (basic_ws / LOCK).read_text(encoding="utf-8")
    before = (basic_ws / LOCK).read_bytes()
    capsys.readouterr()
    assert _plan(basic_ws, earlier) == 2
    err = capsys.readouterr().err
    assert "before the lock's own planning instant" in err
    assert "--force" in err
    assert len(err.strip().splitlines()) == 1
    assert (basic_ws / LOCK).read_bytes() == before


def test_a_lock_from_before_planned_at_is_protected_by_its_first_shift(
    basic_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fixture's hand-written lock has no planned_at, and its first shift has started
    # by the real clock: that much is history, so 1901 is refused and nothing is dropped.
    before = (basic_ws / LOCK).read_bytes()
    assert _plan(basic_ws, "1901-01-01T00:00Z") == 2
    assert "before the lock's own planning instant" in capsys.readouterr().err
    assert (basic_ws / LOCK).read_bytes() == before


def test_a_lock_from_before_planned_at_whose_rotation_has_not_started_can_be_planned(
    basic_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same fixture 28 years on (the same calendar): its first shift is still ahead
    # by the real clock, so none is history and an --at before it is no reason to refuse.
    for path in (basic_ws / "rotation").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("2026-", "2054-"))
    assert "planned_at" not in (basic_ws / LOCK).read_text(encoding="utf-8")
    assert _plan(basic_ws, "2054-10-05T12:00Z") == 0, capsys.readouterr().err
    assert '  planned_at: "2054-10-05T12:00:00+00:00"' in (basic_ws / LOCK).read_text(
        encoding="utf-8"
    )
    capsys.readouterr()


def test_the_first_shift_bounds_a_lock_without_planned_at_once_it_has_started() -> None:
    from opsbook.models.lock import LockedShift, RotationLock
    from opsbook.schedule.plan_guard import instant_refusal

    start = datetime(2027, 1, 4, 9, tzinfo=UTC)
    lock = RotationLock.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "RotationLock",
            "metadata": {"name": "r"},
            "spec": {
                "rotation": "r",
                "shifts": [
                    LockedShift(
                        shift=start.date(),
                        start=start,
                        end=start + timedelta(days=7),
                        roles={"p": "ann"},
                    )
                ],
            },
        }
    )
    earlier = start - timedelta(days=30)
    # Planned ahead of the rotation (the usual way): nothing of it has happened yet.
    assert instant_refusal(lock, earlier, now=start - timedelta(days=1)) is None
    # Under way by the clock: an --at before its first shift would re-plan history.
    refusal = instant_refusal(lock, earlier, now=start + timedelta(hours=1))
    assert refusal is not None
    assert f"it started at {start.isoformat()}" in refusal
    assert instant_refusal(lock, start, now=start + timedelta(hours=1)) is None


def test_re_planning_later_keeps_every_started_shift_and_the_same_bytes(
    basic_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _plan(basic_ws, PLANNED) == 0
    first = load_workspace(basic_ws).workspace.locks["ops-oncall"]
    later = datetime.fromisoformat(PLANNED) + timedelta(days=9)
    assert _plan(basic_ws, later.isoformat()) == 0
    second = load_workspace(basic_ws).workspace.locks["ops-oncall"]
    started = [s for s in first.spec.shifts if s.start < later]
    assert started
    kept = {s.shift: s for s in second.spec.shifts}
    assert all(kept[s.shift] == s for s in started)
    # Same inputs, same instant: the same bytes (planned_at is kept while nothing moves).
    text = (basic_ws / LOCK).read_bytes()
    assert _plan(basic_ws, later.isoformat()) == 0
    assert (basic_ws / LOCK).read_bytes() == text
    capsys.readouterr()


def test_force_plans_from_an_earlier_instant_keeping_shifts_started_by_then(
    basic_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _plan(basic_ws, PLANNED) == 0
    earlier = "2026-11-03T12:00:00+00:00"
    assert _plan(basic_ws, earlier, "--force") == 0
    lock = load_workspace(basic_ws).workspace.locks["ops-oncall"]
    assert lock.spec.planned_at == datetime.fromisoformat(earlier).astimezone(UTC)
    capsys.readouterr()


def test_the_guard_refuses_a_plan_that_drops_a_started_shift() -> None:
    """Whatever the planner returns (issue 13 replaces it), the write is stopped when a
    started shift would be dropped or change hands."""
    from opsbook.models.lock import LockedShift, RotationLock
    from opsbook.schedule.plan_guard import dropped_started_shifts

    def shift(day: int, member: str) -> LockedShift:
        start = datetime(2026, 11, day, 9, tzinfo=UTC)
        return LockedShift(
            shift=start.date(), start=start, end=start + timedelta(days=7), roles={"p": member}
        )

    def lock(*shifts: LockedShift, planned_at: datetime | None = None) -> RotationLock:
        return RotationLock.model_validate(
            {
                "apiVersion": "opsbook/v1",
                "kind": "RotationLock",
                "metadata": {"name": "r"},
                "spec": {"rotation": "r", "shifts": shifts, "planned_at": planned_at},
            }
        )

    at = datetime(2026, 11, 10, tzinfo=UTC)
    old = lock(shift(2, "ann"), shift(9, "ben"), shift(16, "cat"))
    assert (
        dropped_started_shifts(old, lock(shift(2, "ann"), shift(9, "ben")), at, force=False) == []
    )
    assert dropped_started_shifts(
        old, lock(shift(2, "ann"), shift(16, "cat")), at, force=False
    ) == [shift(9, "ben")]
    assert dropped_started_shifts(
        old, lock(shift(2, "ann"), shift(9, "dan"), shift(16, "cat")), at, force=False
    ) == [shift(9, "ben")]
    # Planned later than --at: shifts started by the lock's planning instant count,
    # unless forced.
    planned = lock(shift(2, "ann"), shift(9, "ben"), planned_at=at + timedelta(days=7))
    assert dropped_started_shifts(
        planned, lock(shift(2, "ann")), at - timedelta(days=3), force=False
    )
    assert not dropped_started_shifts(
        planned, lock(shift(2, "ann")), at - timedelta(days=3), force=True
    )
