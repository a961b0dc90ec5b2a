"""Every command reads `--at` the same way (`opsbook.instants`): one accepted range,
one zone for a naive instant, the same note for a time the clocks skip."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from opsbook.cli.entry import main

REPO = Path(__file__).resolve().parents[2]
OUT_OF_RANGE = "0001-01-01T00:00Z"
MESSAGE = (
    "opsbook: --at: expected an instant between 1900-01-01 and 8999-12-31; "
    f"found '{OUT_OF_RANGE}'\n"
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "ws"
    target.mkdir()
    shutil.copy(REPO / "opsbook.yaml", target / "opsbook.yaml")
    for folder in ("runbooks", "rotation"):
        shutil.copytree(REPO / folder, target / folder)
    monkeypatch.chdir(target)
    monkeypatch.delenv("TZ", raising=False)
    return target


@pytest.mark.parametrize(
    "command",
    [
        ["who"],
        ["who", "data-eng-oncall"],
        ["escalate", "profit-aggregate"],
        ["lint"],
        ["check"],
        ["ical", "--out", "calendars"],
        ["plan"],
        ["plan", "--check"],
        ["schedule", "data-eng-oncall"],
        ["fairness", "data-eng-oncall"],
        ["swap", "data-eng-oncall", "--role", "primary", "2027-01-11", "--suggest"],
        ["site", "build"],
    ],
)
def test_an_instant_out_of_range_is_a_usage_error_everywhere(
    root: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command, "--at", OUT_OF_RANGE]) == 2
    captured = capsys.readouterr()
    assert captured.err.endswith(MESSAGE)
    assert "Traceback" not in captured.err


def _who_at(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[datetime, str]:
    assert main(["who", "--format", "json", *args]) == 0
    captured = capsys.readouterr()
    return datetime.fromisoformat(json.loads(captured.out)["at"]), captured.err


def _escalate_at(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[datetime, str]:
    assert main(["escalate", "profit-aggregate", "--format", "json", *args]) == 0
    captured = capsys.readouterr()
    return datetime.fromisoformat(json.loads(captured.out)["at"]), captured.err


@pytest.mark.parametrize(
    ("naive", "tz", "expected_utc"),
    [
        # Fall back in London: the repeated hour is its first occurrence (BST).
        ("2026-10-25T01:30", None, "2026-10-25T00:30:00+00:00"),
        # The handoff zone is the home zone: 09:00 is the handoff on both sides.
        ("2026-10-26T09:00", None, "2026-10-26T09:00:00+00:00"),
        ("2026-10-23T09:00", None, "2026-10-23T08:00:00+00:00"),
        # $TZ wins over the home zone; --tz over both.
        ("2026-11-01T01:30", "America/New_York", "2026-11-01T05:30:00+00:00"),
    ],
)
def test_who_and_escalate_read_a_naive_instant_identically_across_dst(
    root: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    naive: str,
    tz: str | None,
    expected_utc: str,
) -> None:
    if tz is not None:
        monkeypatch.setenv("TZ", tz)
    expected = datetime.fromisoformat(expected_utc)
    who, _ = _who_at(["--at", naive], capsys)
    escalate, _ = _escalate_at(["--at", naive], capsys)
    assert who == escalate == expected
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    zone = ["--tz", tz or "Europe/London"]
    who, _ = _who_at(["--at", naive, *zone], capsys)
    escalate, _ = _escalate_at(["--at", naive, *zone], capsys)
    assert who == escalate == expected


def test_a_time_the_clocks_skip_is_moved_with_the_same_note_by_both(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = (
        "note: --at: 2027-03-28T01:30 does not exist in Europe/London (the clocks skip it); "
        "read as 2027-03-28T02:00+01:00, the first valid time after it\n"
    )
    who, who_err = _who_at(["--at", "2027-03-28T01:30"], capsys)
    escalate, escalate_err = _escalate_at(["--at", "2027-03-28T01:30"], capsys)
    assert who == escalate == datetime.fromisoformat("2027-03-28T01:00:00+00:00")
    assert who_err.endswith(note)
    assert escalate_err == note
