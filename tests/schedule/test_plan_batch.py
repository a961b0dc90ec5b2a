"""Planning several rotations in worker processes gives what planning them in turn gives."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.loader import load_workspace
from opsbook.schedule.plan_batch import check_rotations, plan_rotations

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "multi"
AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
LATER = datetime(2026, 12, 7, 9, tzinfo=UTC)


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURE, target)
    return target


def _locks(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "rotation").glob("*.lock.yaml"))}


@pytest.mark.parametrize("at", [AT, LATER])
def test_two_workers_write_the_same_locks_and_lines_as_one(tmp_path: Path, at: datetime) -> None:
    roots = {workers: _copy(tmp_path, f"w{workers}") for workers in (1, 2)}
    outcomes = {}
    for workers, root in roots.items():
        ws = load_workspace(root).workspace
        names = sorted(ws.rotations)
        # Plan at AT first so that LATER re-plans against existing locks (the CI case).
        plan_rotations(ws, names, AT, workers=workers)
        ws = load_workspace(root).workspace
        planned = plan_rotations(ws, names, at, workers=workers)
        outcomes[workers] = [
            (o.rotation, [line.replace(str(root), "") for line in o.lines], o.ok) for o in planned
        ]
    assert outcomes[1] == outcomes[2]
    assert [o[0] for o in outcomes[2]] == [
        "analytics-daily",
        "ingest-fortnight",
        "platform-weekly",
    ]
    assert _locks(roots[1]) == _locks(roots[2])
    assert len(_locks(roots[2])) == 3


def test_checking_in_workers_reports_each_rotation_in_order(tmp_path: Path) -> None:
    root = _copy(tmp_path, "ws")
    ws = load_workspace(root).workspace
    names = sorted(ws.rotations)
    missing = check_rotations(ws, names, AT, workers=2)
    assert [o.ok for o in missing] == [False, False, False]
    plan_rotations(ws, names, AT, workers=2)
    ws = load_workspace(root).workspace
    fresh = check_rotations(ws, names, AT, workers=2)
    assert [(o.rotation, o.ok) for o in fresh] == [(n, True) for n in names]
    # A member's new time off makes exactly the rotation they are on stale.
    with (root / "rotation" / "time-off.yaml").open("a", encoding="utf-8") as handle:
        handle.write("    - {member: fay, start: 2027-01-11, end: 2027-01-15}\n")
    ws = load_workspace(root).workspace
    stale = check_rotations(ws, names, AT, workers=2)
    assert [(o.rotation, o.ok) for o in stale] == [
        ("analytics-daily", False),
        ("ingest-fortnight", True),
        ("platform-weekly", True),
    ]


def test_plan_command_takes_a_number_of_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roots = [_copy(tmp_path, "a"), _copy(tmp_path, "b")]
    args = ["plan", "--at", AT.isoformat()]
    assert main([*args, "--root", str(roots[0]), "--jobs", "1"]) == 0
    one = capsys.readouterr().out
    assert main([*args, "--root", str(roots[1]), "-j", "2"]) == 0
    two = capsys.readouterr().out
    assert one.replace(str(roots[0]), "") == two.replace(str(roots[1]), "")
    assert _locks(roots[0]) == _locks(roots[1])
    assert main(["plan", "--check", "--root", str(roots[1]), "--at", AT.isoformat()]) == 0
    assert main([*args, "--root", str(roots[1]), "--jobs", "0"]) == 2
