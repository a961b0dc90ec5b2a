"""The example's postmortem as `opsbook lint` sees it: one overdue open action item
(a warning, so `make demo`'s lint still passes) and nothing else from OB170–OB175."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opsbook.cli.entry import main

REPO = Path(__file__).resolve().parents[2]
POSTMORTEM_RULES = ("OB170", "OB171", "OB172", "OB173", "OB174", "OB175")


def lint(root: Path, at: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["lint", "--root", str(root), "--at", at, "--select", ",".join(POSTMORTEM_RULES)])
    lines = [line for line in capsys.readouterr().out.splitlines() if " OB17" in line]
    return code, lines


def test_the_open_item_is_an_overdue_warning_that_does_not_fail_lint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines = lint(REPO, "2026-12-06T12:00:00Z", capsys)
    assert code == 0
    assert len(lines) == 1
    assert (
        "OB170 [warning] action item 'short-run-alert' (owner bob) was due 2026-11-30" in (lines[0])
    )
    code, lines = lint(REPO, "2026-11-23T12:00:00Z", capsys)
    assert (code, lines) == (0, [])


def test_a_runbook_that_forgets_the_failure_mode_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    for name in ("runbooks", "rotation"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "opsbook.yaml", root / "opsbook.yaml")
    runbook = root / "runbooks" / "engagement-aggregate.yaml"
    text = runbook.read_text(encoding="utf-8")
    runbook.write_text(
        text.replace("- failure: Mart not rebuilt behind a green DAG", "- failure: Mart stale"),
        encoding="utf-8",
    )
    code, lines = lint(root, "2026-11-23T12:00:00Z", capsys)
    assert code == 1
    assert len(lines) == 1
    assert "OB172 [error] runbook engagement-aggregate lists no failure mode" in lines[0]
