"""Swaps and covers keep the plan's rules (min_rest, unless allowed and recorded), warn
over a public holiday, and `--suggest` lists the options, best first, each with the
command that records it, which is accepted as printed.

The `rested` fixture is five people in three countries and one newcomer, with a
hand-written lock that keeps one week of rest and two days of time off inside a
frozen week. The example's snapshots follow its lock: regenerate them with
OPSBOOK_UPDATE_SNAPSHOTS=1 after a re-plan.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opsbook.cli.entry import main

if TYPE_CHECKING:
    from tests.conftest import Snapshot

REPO = Path(__file__).resolve().parents[2]
RESTED = REPO / "tests" / "fixtures" / "schedule" / "rested"
SNAPSHOTS = REPO / "tests" / "fixtures" / "schedule" / "snapshots"
ROT = "platform-oncall"
OVERRIDES = Path("rotation") / f"{ROT}-overrides.yaml"
SICK = ["--role", "secondary", "--from", "2026-12-23T00:00", "--to", "2026-12-25T00:00"]


@pytest.fixture
def rested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(RESTED, root)
    # Suggested commands are printed for the current folder: run them from there.
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "opsbook.yaml", root / "opsbook.yaml")
    for folder in ("runbooks", "rotation"):
        shutil.copytree(REPO / folder, root / folder)
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def first_command(out: str) -> list[str]:
    line = next(ln.strip() for ln in out.splitlines() if ln.strip().startswith("opsbook "))
    return shlex.split(line)[1:]


def test_a_cover_that_breaks_min_rest_is_refused_without_the_flag(
    rested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "cover", ROT, *SICK, "--by", "sam")
    assert code == 1
    assert err == (
        "opsbook: refused cover of secondary from 2026-12-23 00:00 EST to 2026-12-25 00:00 EST "
        "by sam:\n"
        "  - sam would hold secondary in the shift of 2026-12-21 and primary in the shift of "
        "2026-12-28: 0 shifts of rest between them, expected at least 1 (min_rest); pass "
        "--allow-short-rest to record the exception\n"
        "Nothing was written.\n"
    )
    assert not (rested / OVERRIDES).exists()
    code, out, _ = run(capsys, "cover", ROT, *SICK, "--by", "sam", "--allow-short-rest")
    assert code == 0
    assert "secondary 2026-12-23 00:00 EST to 2026-12-25 00:00 EST: priya -> sam" in out
    # Too long for one line, so written one key per line.
    assert (
        '      end: "2026-12-25T00:00"\n      member: sam\n      replaces: priya\n'
        "      allow_short_rest: true\n"
    ) in (rested / OVERRIDES).read_text(encoding="utf-8")
    # Recorded, so `who` and validation accept it.
    code, out, err = run(capsys, "who", "--at", "2026-12-24T12:00Z", "--format", "json")
    assert (code, err) == (0, "")
    assert '"member": "sam"' in out


def test_a_swap_that_breaks_min_rest_is_refused_without_the_flag(
    rested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["swap", ROT, "--role", "primary", "2027-01-04", "2027-01-11"]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert "refused swap of primary on 2027-01-04 and 2027-01-11:\n" in err
    assert "lena would hold primary in the shift of 2027-01-11 and secondary in the shift " in err
    assert err.endswith("Nothing was written.\n")
    assert not (rested / OVERRIDES).exists()
    code, _, _ = run(capsys, *args, "--allow-short-rest")
    assert code == 0
    text = (rested / OVERRIDES).read_text(encoding="utf-8")
    assert "      members: [lena, priya]\n      allow_short_rest: true\n" in text


def test_a_cover_over_the_covers_own_public_holiday_is_written_with_a_warning(
    rested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "cover", ROT, *SICK[:4], "--to", "2026-12-26T00:00", "--by", "ana")
    assert code == 0
    assert err == (
        "warning: ana would be on call (secondary) over their own public holiday: "
        "Christmas Day (2026-12-25)\n"
    )


def test_cover_suggestions_on_a_fixture_with_time_off(
    rested: Path, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    code, out, _ = run(capsys, "cover", ROT, *SICK, "--suggest")
    assert code == 0
    snapshot(SNAPSHOTS / "suggest-cover-rested.txt", out)
    # Best first: the newcomer is free and rested, the rest need --allow-short-rest.
    command = first_command(out)
    assert command[-2:] == ["--by", "ana"]
    assert not (rested / OVERRIDES).exists()
    code, _, err = run(capsys, *command)
    assert code == 0
    # Christmas morning in Lisbon is inside the window: written, with the warning.
    assert err.startswith("warning: ana would be on call (secondary) over their own public")
    assert "member: ana" in (rested / OVERRIDES).read_text(encoding="utf-8")


def test_swap_suggestions_on_a_fixture_with_time_off(
    rested: Path, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    args = ["swap", ROT, "--role", "secondary", "2026-12-21", "--suggest"]
    code, out, _ = run(capsys, *args, "--at", "2026-12-01T00:00Z")
    assert code == 0
    snapshot(SNAPSHOTS / "suggest-swap-rested.txt", out)
    code, _, _ = run(capsys, *first_command(out))
    assert code == 0
    assert (rested / OVERRIDES).is_file()


def test_plan_check_proposes_a_cover_of_the_days_away_and_it_is_accepted(
    rested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "plan", "--check", "--at", "2026-12-20T00:00Z")
    assert code == 1
    fix = out.split("fix it with: ", 1)[1].splitlines()[0]
    # Priya's two days in Sydney, not her whole week.
    assert fix == (
        "opsbook cover platform-oncall --role secondary --from 2026-12-22T08:00-05:00 "
        "--to 2026-12-24T08:00-05:00 --by ana"
    )
    code, _, err = run(capsys, *shlex.split(fix)[1:])
    assert (code, err) == (0, "")


def test_who_warns_about_a_holder_on_time_off(
    rested: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "who", "--at", "2026-12-23T12:00Z")
    assert code == 0
    assert err == (
        "warning: priya holds secondary of platform-oncall now but is away: flu "
        "(2026-12-23..2026-12-24); record a cover: opsbook cover platform-oncall --role "
        "secondary --from 2026-12-23T00:00:00+11:00 --to 2026-12-25T00:00:00+11:00 --suggest\n"
    )


def test_suggestions_on_the_example(
    example: Path, capsys: pytest.CaptureFixture[str], snapshot: Snapshot
) -> None:
    code, out, _ = run(
        capsys,
        "cover",
        "data-eng-oncall",
        "--role",
        "primary",
        "--from",
        "2026-12-23T09:00",
        "--to",
        "2026-12-24T09:00",
        "--suggest",
    )
    assert code == 0
    snapshot(SNAPSHOTS / "suggest-cover-example.txt", out)
    code, _, _ = run(capsys, *first_command(out))
    assert code == 0
    args = ["swap", "data-eng-oncall", "--role", "primary", "2027-01-11", "--suggest"]
    code, out, _ = run(capsys, *args, "--at", "2026-12-06T00:00Z")
    assert code == 0
    snapshot(SNAPSHOTS / "suggest-swap-example.txt", out)
    code, _, _ = run(capsys, *first_command(out))
    assert code == 0
