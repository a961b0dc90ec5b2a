"""The README's worked example, on the repository's own example workspace and lock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsbook.escalation import resolve_escalation
from opsbook.escalation.coverage import planning_horizon, unreachable_spans
from opsbook.loader import load_workspace


def test_bob_on_thanksgiving_is_covered_by_carol(repo_root: Path) -> None:
    ws = load_workspace(repo_root).workspace
    escalation = resolve_escalation(ws, "profit-aggregate", datetime(2026, 11, 26, 15, tzinfo=UTC))
    primary = escalation.steps[0].targets[0]
    assert (primary.ref, primary.member, primary.available) == ("owner:primary", "bob", False)
    assert primary.reason == "Thanksgiving (2026-11-26..2026-11-27)"
    assert primary.covered_by == "carol"
    # The lock plans this week: both on-call roles resolve to someone reachable.
    oncall = [t for s in escalation.steps for t in s.targets if t.ref.startswith("oncall:")]
    assert len(oncall) == 2
    assert all(t.member and t.available for t in oncall)
    assert escalation.warnings == ()
    assert [s.policy_step for s in escalation.skipped] == [4]


def test_growth_daily_on_christmas_falls_to_the_manager(repo_root: Path) -> None:
    ws = load_workspace(repo_root).workspace
    escalation = resolve_escalation(ws, "growth-daily", datetime(2026, 12, 25, 10, tzinfo=UTC))
    dave = escalation.steps[0].targets[0]
    assert (dave.member, dave.reason, dave.covered_by) == (
        "dave",
        "public holiday: Christmas (2026-12-25)",
        "dana",
    )


def test_every_example_runbook_reaches_someone_over_the_horizon(repo_root: Path) -> None:
    ws = load_workspace(repo_root).workspace
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    for runbook in ws.runbooks:
        assert unreachable_spans(ws, runbook, now, now + planning_horizon(ws)) == []


def test_on_christmas_who_and_escalate_name_the_same_on_call_people(
    repo_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The report: `who` named the holders while `escalate` routed both on-call
    # steps around them to the manager. Both now read the effective schedule.
    import json
    import shutil

    from opsbook.cli.entry import main

    root = tmp_path / "ws"
    for folder in ("runbooks", "rotation"):
        shutil.copytree(repo_root / folder, root / folder)
    shutil.copy(repo_root / "opsbook.yaml", root / "opsbook.yaml")
    at = "2026-12-25T12:00Z"
    assert main(["who", "--root", str(root), "--at", at, "--format", "json"]) == 0
    who = json.loads(capsys.readouterr().out)
    holders = {
        f"oncall:{r['rotation']}/{s['role']}": s["member"]
        for r in who["rotations"]
        for s in r["shifts"]
    }
    assert (
        main(["escalate", "profit-aggregate", "--root", str(root), "--at", at, "--format", "json"])
        == 0
    )
    escalation = json.loads(capsys.readouterr().out)
    paged = {
        t["ref"]: t["member"]
        for s in escalation["steps"]
        for t in s["targets"]
        if t["ref"].startswith("oncall:") and t["available"]
    }
    assert paged
    assert paged == {ref: holders[ref] for ref in paged}
