from __future__ import annotations

from pathlib import Path

import pytest

from opsbook.cli.entry import main


def test_validate_example_exits_zero(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(repo_root)]) == 0
    assert "ok:" in capsys.readouterr().err


def test_validate_reports_and_exits_one(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = example_copy / "rotation" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("Europe/Paris", "Europe/Pariss"))
    assert main(["validate", "--root", str(example_copy)]) == 1
    out = capsys.readouterr().out
    assert "team.yaml:" in out
    assert "unknown time zone 'Europe/Pariss'" in out


def test_validate_missing_workspace_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--root", str(tmp_path)]) == 2
    assert "no opsbook workspace" in capsys.readouterr().err


def test_init_scaffolds_a_valid_workspace_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert main(["init", str(target)]) == 0
    assert main(["validate", "--root", str(target)]) == 0
    assert main(["init", str(target)]) == 2


def test_schema_files_in_repo_are_current(repo_root: Path) -> None:
    assert main(["schema", "--out", str(repo_root / "schemas"), "--check"]) == 0
