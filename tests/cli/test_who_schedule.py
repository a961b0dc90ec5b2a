"""`opsbook schedule`: the effective schedule of one rotation, as JSON and as a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opsbook.cli.entry import main

if TYPE_CHECKING:
    from tests.conftest import Snapshot

SNAPSHOTS = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "snapshots"


def test_schedule_json(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["schedule", "ops-oncall", "--root", str(ws_root), "--format", "json"]
    assert main([*args, "--from", "2026-11-09", "--to", "2026-11-10"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["rotation", "shifts"]
    assert document["rotation"] == "ops-oncall"
    shifts = document["shifts"]
    assert all(list(s) == ["role", "member", "name", "start", "end", "source"] for s in shifts)
    # Every piece overlapping the window, whole: the week of 2 Nov ends on the 9th.
    assert [(s["role"], s["member"], s["start"], s["source"]) for s in shifts] == [
        ("primary", "cat", "2026-11-02T09:00:00+00:00", "swap"),
        ("secondary", "ann", "2026-11-02T09:00:00+00:00", "schedule"),
        ("primary", "dan", "2026-11-09T09:00:00+00:00", "schedule"),
        ("secondary", "cat", "2026-11-09T09:00:00+00:00", "schedule"),
        ("secondary", "ben", "2026-11-10T18:00:00+00:00", "cover"),
    ]
    # Days are whole days in the rotation's zone; --to is inclusive.
    assert main([*args, "--from", "2026-11-11", "--to", "2026-11-11"]) == 0
    shifts = json.loads(capsys.readouterr().out)["shifts"]
    assert [(s["member"], s["start"]) for s in shifts] == [
        ("dan", "2026-11-09T09:00:00+00:00"),
        ("ben", "2026-11-10T18:00:00+00:00"),
        ("cat", "2026-11-11T09:00:00+00:00"),
    ]


def test_schedule_defaults_to_eight_weeks_from_at(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["schedule", "ops-oncall", "--root", str(ws_root), "--format", "json"]
    assert main([*args, "--at", "2026-11-25T12:00Z"]) == 0
    shifts = json.loads(capsys.readouterr().out)["shifts"]
    assert {s["start"][:10] for s in shifts} == {"2026-11-23", "2026-11-30"}


def test_schedule_table_snapshot(
    ws_root: Path, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    args = ["schedule", "ops-oncall", "--root", str(ws_root), "--from", "2026-10-19"]
    assert main([*args, "--to", "2026-12-06"]) == 0
    snapshot(SNAPSHOTS / "ops-oncall-schedule.txt", capsys.readouterr().out)
    assert main([*args, "--to", "2026-10-25", "--tz", "America/New_York"]) == 0
    out = capsys.readouterr().out
    assert "(America/New_York)" in out
    assert "Mon 2026-10-19 04:00 EDT" in out


def test_schedule_reports_stale_overrides(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = ws_root / "rotation" / "ops-oncall-overrides.yaml"
    text = overrides.read_text(encoding="utf-8").replace("replaces: cat", "replaces: ann")
    overrides.write_text(text, encoding="utf-8")
    args = ["schedule", "ops-oncall", "--root", str(ws_root), "--from", "2026-11-09"]
    assert main([*args, "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "ops-oncall-overrides.yaml:13:7: spec.covers[0]: cover of secondary" in captured.err
    assert "replaces ann, but cat holds it then" in captured.err
    shifts = json.loads(captured.out)["shifts"]
    assert all(s["source"] != "cover" for s in shifts)


def test_schedule_usage_errors(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["schedule", "--root", str(ws_root)]
    assert main([*base, "ops"]) == 2
    assert "unknown rotation 'ops'" in capsys.readouterr().err
    assert main([*base, "ops-oncall", "--from", "monday"]) == 2
    assert "--from: expected a date like 2026-12-21" in capsys.readouterr().err
    assert main([*base, "ops-oncall", "--from", "2026-11-10", "--to", "2026-11-09"]) == 2
    assert "is before --from" in capsys.readouterr().err
