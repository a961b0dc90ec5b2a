"""Every output format on a small broken workspace, byte for byte, and SARIF against its schema.

Regenerate the snapshots after a reviewed change: OPSBOOK_UPDATE_SNAPSHOTS=1 pytest tests/lint
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

from opsbook.cli.entry import main

if TYPE_CHECKING:
    from tests.conftest import Snapshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BROKEN = FIXTURES / "lint" / "broken"
SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
AT = "2026-11-23T12:00:00+00:00"
SNAPSHOT_NAMES = {
    "text": "broken.txt",
    "json": "broken.json",
    "github": "broken.github.txt",
    "sarif": "broken.sarif.json",
}


def run_lint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(BROKEN)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code = main(["lint", "--at", AT, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("output_format", sorted(SNAPSHOT_NAMES))
def test_format_snapshot(
    output_format: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    snapshot: Snapshot,
) -> None:
    code, out, _ = run_lint(capsys, monkeypatch, "--format", output_format, "--no-color")
    assert code == 1
    snapshot(SNAPSHOT_NAMES[output_format], out)


def test_sarif_validates_against_the_official_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, out, _ = run_lint(capsys, monkeypatch, "--format", "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1
    assert "OB130" in ids
    assert "OB012" in ids
    assert all(r["helpUri"] == f"https://ops.example.com/rules/{r['id']}/" for r in rules)


def test_schema_validation_catches_a_broken_log() -> None:
    # The schema check above must be able to fail: a result without a message is invalid.
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log))


def test_text_is_coloured_only_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plain, _ = run_lint(capsys, monkeypatch)  # captured output is not a terminal
    _, coloured, _ = run_lint(capsys, monkeypatch, "--color")
    assert "\x1b[" not in plain
    assert "\x1b[31;1mOB130\x1b[0m" in coloured
    assert plain.splitlines()[0].startswith("runbooks/escalation.yaml:7:27: OB122 [error] ")


def test_github_format_is_chosen_under_actions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["lint", "--at", AT]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert (
        "::error file=runbooks/profit.yaml,line=24,col=22,endLine=24,endColumn=24,title=OB130::"
        in "\n".join(lines)
    )
