"""The pre-commit hook this repository offers, and the project's own hook config."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from pre_commit.clientlib import load_config, load_manifest  # type: ignore[import-untyped]
from pre_commit.main import main as pre_commit  # type: ignore[import-untyped]

from opsbook.cli.entry import main

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
CONFIG = REPO / ".pre-commit-config.yaml"


def test_manifest_and_config_are_valid_for_pre_commit() -> None:
    assert pre_commit(["validate-manifest", str(MANIFEST)]) == 0
    assert pre_commit(["validate-config", str(CONFIG)]) == 0


def test_offered_hook_lints_the_whole_workspace_when_yaml_changes() -> None:
    (hook,) = [h for h in load_manifest(str(MANIFEST)) if h["id"] == "opsbook-lint"]
    assert hook["entry"] == "opsbook lint"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("runbooks/profit.yaml")
    assert files.search("rotation/team.yml")
    assert not files.search("src/opsbook/lint/runner.py")


def _local_hook(hook_id: str) -> dict[str, Any]:
    config = load_config(str(CONFIG))
    (local,) = [r for r in config["repos"] if r["repo"] == "local"]
    (hook,) = [h for h in local["hooks"] if h["id"] == hook_id]
    return dict(hook)


def test_project_runs_its_own_hook_on_the_example_workspace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hook = _local_hook("opsbook-lint")
    files = re.compile(hook["files"])
    for rel in ("opsbook.yaml", "runbooks/profit-aggregate.yaml", "rotation/team.yaml"):
        assert files.search(rel), rel
    assert not files.search("tests/fixtures/lint/broken/runbooks/profit.yaml")
    # Run the hook's command as pre-commit would, from the repository root.
    argv = shlex.split(hook["entry"])
    assert argv[0] == "opsbook"
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    # A fixed instant: review staleness must not make this test age.
    assert main([*argv[1:], "--at", "2026-11-23T12:00:00+00:00"]) == 0
    assert capsys.readouterr().out == ""
    assert {_local_hook(h)["id"] for h in ("ruff-check", "ruff-format", "mypy")} == {
        "ruff-check",
        "ruff-format",
        "mypy",
    }
