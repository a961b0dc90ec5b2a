"""`opsbook escalate`: the JSON contract, the text chain, zones and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opsbook.cli.entry import main

if TYPE_CHECKING:
    from tests.conftest import Snapshot

SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "escalation" / "snapshots"

TARGET_KEYS = [
    "ref",
    "member",
    "name",
    "email",
    "available",
    "reason",
    "covered_by",
    "covered_as",
    "note",
]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["escalate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys: pytest.CaptureFixture[str], workspace_path: Path) -> None:
    code, out, _ = _run(
        capsys,
        "profit",
        "--root",
        str(workspace_path),
        "--at",
        "2026-12-22T10:00:00+00:00",
        "--investor-impact",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["runbook", "policy", "at", "steps", "warnings"]
    assert (data["runbook"], data["policy"], data["at"]) == (
        "profit",
        "investor-critical",
        "2026-12-22T10:00:00+00:00",
    )
    assert [list(step) for step in data["steps"]] == [["index", "after", "at", "targets"]] * 4
    assert [(s["index"], s["after"], s["at"]) for s in data["steps"]] == [
        (1, "0m", "2026-12-22T10:00:00+00:00"),
        (2, "30m", "2026-12-22T10:30:00+00:00"),
        (3, "2h", "2026-12-22T12:00:00+00:00"),
        (4, "6h", "2026-12-22T16:00:00+00:00"),
    ]
    targets = [t for s in data["steps"] for t in s["targets"]]
    assert all(list(t) == TARGET_KEYS for t in targets)
    assert targets[0] == {
        "ref": "owner:primary",
        "member": "alice",
        "name": "Alice Moreau",
        "email": "alice@example.com",
        "available": False,
        "reason": "vacation (2026-12-21..2027-01-03)",
        "covered_by": "carol",
        "covered_as": "the pipeline's secondary owner",
        "note": None,
    }
    assert data["warnings"] == []


def test_text_chain_in_the_readers_zone(
    capsys: pytest.CaptureFixture[str], workspace_path: Path, snapshot: Snapshot
) -> None:
    args = ["profit", "--root", str(workspace_path), "--at", "2026-12-22T10:00Z"]
    code, out, _ = _run(capsys, *args, "--tz", "America/Los_Angeles")
    assert code == 0
    snapshot(SNAPSHOTS / "profit-2026-12-22-los-angeles.txt", out)
    assert "1. +0m     Tue 2026-12-22 02:00 PST" in out
    assert "covered by Carol Okafor" in out


def test_text_chain_with_repeats_and_a_condition(
    capsys: pytest.CaptureFixture[str], workspace_path: Path, snapshot: Snapshot
) -> None:
    code, out, _ = _run(
        capsys, "loop", "--root", str(workspace_path), "--at", "2026-11-10T12:00Z", "--tz", "UTC"
    )
    assert code == 0
    snapshot(SNAPSHOTS / "loop-2026-11-10-utc.txt", out)


def test_naive_at_is_read_in_the_tz_zone(
    capsys: pytest.CaptureFixture[str], workspace_path: Path
) -> None:
    code, out, _ = _run(
        capsys,
        "events",
        "--root",
        str(workspace_path),
        "--at",
        "2026-11-16T09:30",
        "--tz",
        "Europe/Paris",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    # 09:30 in Paris is 08:30 in London: the pager is still Carol's, then Dave's.
    assert data["at"] == "2026-11-16T08:30:00+00:00"
    assert [s["targets"][0]["member"] for s in data["steps"]] == ["carol", "dave"]


def test_nobody_available_prints_the_warning_and_exits_1(
    capsys: pytest.CaptureFixture[str], workspace_path: Path, snapshot: Snapshot
) -> None:
    args = ["holiday-report", "--root", str(workspace_path), "--at", "2026-12-25T12:00Z"]
    code, out, _ = _run(capsys, *args, "--tz", "Europe/London")
    assert code == 1
    snapshot(SNAPSHOTS / "holiday-report-christmas.txt", out)
    assert "warning: nobody can be reached" in out


def test_unknown_runbook_exits_2_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], workspace_path: Path
) -> None:
    code, out, err = _run(
        capsys, "prfit", "--root", str(workspace_path), "--at", "2026-11-10T12:00Z"
    )
    assert code == 2
    assert out == ""
    assert "did you mean 'profit'?" in err


def test_bad_zone_and_bad_at_exit_2(
    capsys: pytest.CaptureFixture[str], workspace_path: Path
) -> None:
    root = ["--root", str(workspace_path)]
    code, _, err = _run(capsys, "profit", *root, "--tz", "Europe/Pariss")
    assert (code, "did you mean 'Europe/Paris'?" in err) == (2, True)
    code, _, err = _run(capsys, "profit", *root, "--at", "yesterday")
    assert (code, "--at: expected an ISO 8601 instant" in err) == (2, True)


def test_other_when_conditions_with_flag(
    capsys: pytest.CaptureFixture[str], workspace_path: Path
) -> None:
    args = [
        "finance",
        "--root",
        str(workspace_path),
        "--at",
        "2026-11-10T12:00Z",
        "--format",
        "json",
    ]
    code, out, _ = _run(capsys, *args)
    assert (code, json.loads(out)["steps"]) == (1, [])
    code, out, _ = _run(capsys, *args, "--flag", "investor-impact")
    assert code == 0
    assert json.loads(out)["steps"][0]["targets"][0]["member"] == "finance-lead"
