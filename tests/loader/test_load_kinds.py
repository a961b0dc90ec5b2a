"""Loading only the kinds a command needs."""

from __future__ import annotations

from pathlib import Path

from opsbook.cli.plan_cmd import PLAN_KINDS
from opsbook.loader import load_workspace


def test_only_the_asked_kinds_are_validated_and_kept(example_copy: Path) -> None:
    full = load_workspace(example_copy).workspace
    part = load_workspace(example_copy, kinds=PLAN_KINDS)
    assert part.ok
    ws = part.workspace
    assert not ws.runbooks
    assert not ws.policies
    assert not ws.ownership
    assert ws.teams.keys() == full.teams.keys()
    assert ws.locks == full.locks
    assert ws.rotations == full.rotations


def test_problems_in_kinds_left_out_do_not_stop_the_others(example_copy: Path) -> None:
    runbook = example_copy / "runbooks" / "growth-daily.yaml"
    runbook.write_text(runbook.read_text(encoding="utf-8").replace("tier:", "tear:"), "utf-8")
    assert not load_workspace(example_copy).ok
    assert load_workspace(example_copy, kinds=PLAN_KINDS).ok
    # A broken team is still reported: planning reads teams.
    team = example_copy / "rotation" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("members:", "membrs:"), "utf-8")
    assert not load_workspace(example_copy, kinds=PLAN_KINDS).ok
