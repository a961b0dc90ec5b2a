"""Out-of-range times and OS errors: one located line and exit 2, never a traceback.

Before: `--at 0001-01-01T00:00Z` gave an OverflowError traceback in who, escalate, lint,
check, ical and the site; `ical --out /proc/x` a FileNotFoundError traceback (exit 1).
The one `--at` parser is issue 14's; here every command is run at instants at both
ends of the calendar and must answer (0 or 1) or refuse in one line (2).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.robustness.processes import FIXTURES

from opsbook.cli.entry import main

WORKSPACE = FIXTURES / "escalation" / "workspace"
EXTREMES = ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00"]
"""The first and last instants an offset can name: a day from either end, any zone
arithmetic leaves the calendar."""

# Each command with the exit codes it may give at an extreme instant. Exit 2 (one line,
# "out of range", or plan's refusal to plan before the lock) is expected everywhere a
# computation meets the instant; issue 14's single `--at` parser, with a stated range,
# will refuse them all up front, so 2 is accepted everywhere. Today, two answer: `who
# --format json` at 9999 (nothing planned then: an empty answer) and `check` on an
# empty warehouse, which computes nothing from the instant.
COMMANDS: list[tuple[list[str], set[int]]] = [
    (["who"], {2}),
    (["who", "--format", "json"], {0, 2}),
    (["who", "--runbook", "profit"], {2}),
    (["escalate", "profit"], {2}),
    (["lint"], {2}),
    (["schedule", "oncall"], {2}),
    (["fairness", "oncall"], {2}),
    (["plan", "--check"], {2}),
    (["plan"], {2}),
    (["check", "--db", "duckdb:///:memory:"], {0, 2}),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(WORKSPACE, copy)
    return copy


@pytest.mark.parametrize("at", EXTREMES)
@pytest.mark.parametrize(
    ("command", "codes"), COMMANDS, ids=lambda c: " ".join(c) if isinstance(c, list) else ""
)
def test_every_command_at_the_ends_of_the_calendar(
    root: Path,
    command: list[str],
    codes: set[int],
    at: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lock = (root / "rotation" / "oncall.lock.yaml").read_bytes()
    code = main([*command, "--root", str(root), "--at", at])
    out, err = capsys.readouterr()
    assert code in codes, out + err
    assert "Traceback" not in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith("opsbook: ")
    assert (root / "rotation" / "oncall.lock.yaml").read_bytes() == lock


@pytest.mark.slow
@pytest.mark.parametrize("at", ["0001-01-01T00:00Z", "9999-12-31T23:59Z"])
def test_ical_and_site_at_the_ends_of_the_calendar(
    root: Path, tmp_path: Path, at: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ["ical", "--out", str(tmp_path / "cal")],
        ["site", "build", "--site-dir", str(tmp_path / "site")],
    ):
        code = main([*command, "--root", str(root), "--at", at])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), out + err
        assert "Traceback" not in out + err
        if code == 2:  # mkdocs logs its progress first; opsbook's own message is one line
            assert len([line for line in err.splitlines() if line.startswith("opsbook")]) == 1


def test_ical_into_an_unwritable_place_is_one_line_exit_2(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ical", "--root", str(root), "--out", "/proc/x", "--at", "2026-11-23T09:00Z"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("opsbook: /proc/x")
    assert len(err.strip().splitlines()) == 1, err


def test_a_site_dir_nobody_can_write_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc refuses new folders to everyone, root included (a chmod would not stop root).
    ws = tmp_path / "xss"
    shutil.copytree(FIXTURES / "site" / "xss", ws)
    code = main(["site", "build", "--root", str(ws), "--site-dir", "/proc/opsbook-site"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err


def test_a_site_dir_on_a_file_path_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "xss"
    shutil.copytree(FIXTURES / "site" / "xss", ws)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["site", "build", "--root", str(ws), "--site-dir", str(blocker / "site")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("opsbook: ")
    assert len(err.strip().splitlines()) == 1, err
