"""`opsbook who --runbook`: the first step's people, never answered by the who cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.cli.who_fast import parse_args


def _who(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["who", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def copy(tmp_path: Path, workspace_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(workspace_path, target)
    return target


def test_runbook_shows_the_first_step_with_covers(
    capsys: pytest.CaptureFixture[str], copy: Path
) -> None:
    args = ["--root", str(copy), "--at", "2026-12-22T10:00Z", "--tz", "Europe/London"]
    code, out, _ = _who(capsys, *args, "--runbook", "profit")
    assert code == 0
    assert out == (
        "profit: page first (policy investor-critical) at Tue 2026-12-22 10:00 GMT\n"
        "  owner:primary          UNAVAILABLE Alice Moreau, vacation (2026-12-21..2027-01-03)"
        " -> covered by Carol Okafor (the pipeline's secondary owner)\n"
        "  oncall:oncall/primary  Bob Smith <bob@example.com>, 02:00 Tue in Los Angeles\n"
        "then at +30m: owner:secondary, oncall:oncall/secondary"
        " (opsbook escalate profit for the whole chain)\n"
    )


def test_the_fast_path_leaves_runbook_to_the_full_command(
    capsys: pytest.CaptureFixture[str], copy: Path
) -> None:
    assert parse_args(["--runbook", "profit"]) is None
    assert parse_args(["--runbook=profit"]) is None
    root = ["--root", str(copy), "--at", "2026-11-26T18:00Z", "--tz", "UTC"]
    code, _, _ = _who(capsys, *root)  # writes the who cache the fast path answers from
    assert code == 0
    assert (copy / ".opsbook-cache" / "who.json").exists()
    code, out, _ = _who(capsys, *root, "--runbook=events", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["runbook", "policy", "at", "step", "warnings"]
    (target,) = document["step"]["targets"]
    assert (target["member"], target["available"], target["covered_by"]) == ("bob", False, "carol")


def test_nobody_to_page_first_exits_1_with_the_warning(
    capsys: pytest.CaptureFixture[str], copy: Path
) -> None:
    root = ["--root", str(copy), "--at", "2026-12-25T12:00Z", "--tz", "UTC"]
    code, out, _ = _who(capsys, *root, "--runbook", "holiday-report")
    assert code == 1
    assert "warning: nobody can be reached" in out


def test_runbook_with_rotations_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], copy: Path
) -> None:
    code, _, err = _who(capsys, "oncall", "--root", str(copy), "--runbook", "profit")
    assert code == 2
    assert "name no rotation with it" in err
