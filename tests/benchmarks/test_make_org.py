"""benchmarks/make_org.py: a small organisation is a clean workspace, the same bytes for
the same seed, and holds what the benchmark relies on. Nothing here is timed."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.loader import load_workspace


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".opsbook-cache" not in p.parts
    }


def test_the_same_seed_writes_the_same_bytes(
    small_org: tuple[Path, str], tmp_path: Path, make_org: Callable[..., str]
) -> None:
    first, at = small_org
    again = tmp_path / "again"
    assert make_org(again, "--seed", "7") == at
    mine, theirs = files_of(first), files_of(again)
    assert sorted(mine) == sorted(theirs)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_another_seed_writes_another_organisation(
    small_org: tuple[Path, str], tmp_path: Path, make_org: Callable[..., str]
) -> None:
    first, _ = small_org
    other = tmp_path / "other"
    make_org(other, "--seed", "8", "--no-plan")
    assert not list((other / "rotation").glob("*.lock.yaml"))
    team = Path("rotation") / "payments-team.yaml"
    assert (other / team).read_bytes() != (first / team).read_bytes()


def test_it_loads_with_no_diagnostic_at_all(small_org: tuple[Path, str]) -> None:
    root, _ = small_org
    result = load_workspace(root)
    assert [d.format() for d in result.diagnostics] == []
    assert main(["validate", "--root", str(root)]) == 0


def test_lint_finds_no_error_only_overdue_reviews(
    small_org: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, at = small_org
    capsys.readouterr()
    code = main(["lint", "--root", str(root), "--at", at, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["summary"]["errors"] == 0
    assert {f["code"] for f in report["findings"]} <= {"OB140"}


def test_the_locks_are_current_and_record_the_overrides(
    small_org: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, at = small_org
    assert main(["plan", "--check", "--root", str(root), "--at", at]) == 0
    assert "is current" in capsys.readouterr().out


def test_it_holds_what_the_benchmark_relies_on(small_org: tuple[Path, str]) -> None:
    root, at = small_org
    ws = load_workspace(root).workspace
    instant = datetime.fromisoformat(at)
    assert len(ws.runbooks) == 30
    assert {rb.spec.tier for rb in ws.runbooks.values()} == {"investor", "experiment", "internal"}
    assert all(ws.owners(name) is not None for name in ws.runbooks)
    assert sorted(len(team.spec.members) for team in ws.teams.values()) == [10, 10]
    countries = {
        (m.holidays.country, m.holidays.subdivision)
        for team in ws.teams.values()
        for m in team.spec.members
        if m.holidays
    }
    assert len(countries) >= 4
    assert sorted(ws.rotations) == ["growth-oncall", "payments-oncall"]
    for overrides in ws.overrides.values():
        assert overrides.spec.swaps
        assert overrides.spec.covers
        # Only in shifts that have started or are frozen, which no re-plan moves.
        for swap in overrides.spec.swaps:
            for shift in swap.shifts:
                assert str(shift) < str((instant + timedelta(weeks=2)).date())
    for lock in ws.locks.values():
        # From the rotation's first week to `at` plus the 26-week horizon: one year.
        assert lock.spec.shifts[0].start < datetime.fromisoformat("2026-01-13T00:00+00:00")
        assert lock.spec.shifts[-1].end >= instant + timedelta(weeks=26)
        assert lock.spec.revisions  # the swaps and covers, recorded by the second plan
    assert (root / "schemas" / "runbook.schema.json").is_file()
