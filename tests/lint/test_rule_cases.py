"""One parametrized test over every rule's pass/fail cases in tests/fixtures/lint/<CODE>.yaml.

Each case copies the mini workspace in tests/fixtures/lint/_base/ (which lints clean),
changes it (`files`: whole files; `replace`: exact text edits, each found exactly once;
`delete`: files to remove), lints it as of `at` and expects exactly the listed findings
(path, line, col, code; `message` is a substring, `severity` when given).
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from opsbook.diagnostics import Diagnostic
from opsbook.lint import RULES, lint_workspace
from opsbook.loader import load_workspace
from opsbook.yamlio.read import read_yaml_file

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "lint"
BASE = CASES / "_base"
DEFAULT_AT = "2026-11-23T12:00:00+00:00"


def _case_files() -> list[Path]:
    return sorted(CASES.glob("OB*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    parsed = read_yaml_file(path)
    assert not parsed.diagnostics, [d.format() for d in parsed.diagnostics]
    data = parsed.documents[0].data
    assert isinstance(data, dict)
    return data


def _params() -> list[Any]:
    params = []
    for path in _case_files():
        data = _load(path)
        for index, case in enumerate(data["cases"]):
            slug = "-".join(str(case["description"]).split()[:6])
            params.append(pytest.param(case, id=f"{data['rule']}-{index}-{slug}"))
    return params


def _build(case: dict[str, Any], target: Path) -> None:
    shutil.copytree(BASE, target)
    for rel, text in (case.get("files") or {}).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, edits in (case.get("replace") or {}).items():
        path = target / rel
        text = path.read_text(encoding="utf-8")
        for edit in edits:
            assert text.count(edit["old"]) == 1, f"{rel}: {edit['old']!r} is not there once"
            text = text.replace(edit["old"], edit["new"])
        path.write_text(text, encoding="utf-8")
    for rel in case.get("delete") or ():
        (target / rel).unlink()


def _shown(diagnostics: tuple[Diagnostic, ...]) -> str:
    return "\n".join(
        f"{d.path}:{d.line}:{d.col}: {d.code} [{d.severity.value}] {d.message}" for d in diagnostics
    )


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    _build(case, workspace)
    monkeypatch.chdir(workspace)
    report = lint_workspace(
        load_workspace(Path(".")),
        now=datetime.fromisoformat(case.get("at") or DEFAULT_AT),
        select=case.get("select") or (),
    )
    found = sorted((d.path, d.line, d.col, d.code) for d in report.diagnostics)
    expected = sorted((e["path"], e["line"], e["col"], e["code"]) for e in case["expect"])
    assert found == expected, _shown(report.diagnostics)
    for item in case["expect"]:
        (match,) = [
            d
            for d in report.diagnostics
            if (d.path, d.line, d.col, d.code)
            == (item["path"], item["line"], item["col"], item["code"])
        ]
        assert str(item.get("message", "")) in match.message, match.message
        if "severity" in item:
            assert match.severity.value == item["severity"]
        assert match.url == f"https://ops.example.com/rules/{match.code}/"


def test_every_rule_has_passing_and_failing_cases() -> None:
    files = {path.stem: _load(path) for path in _case_files()}
    assert sorted(files) == sorted(RULES), "one case file per rule, named by its code"
    for code, data in files.items():
        assert data["rule"] == code
        cases = data["cases"]
        assert any(not c["expect"] for c in cases), f"{code} has no passing case"
        assert any(any(e["code"] == code for e in c["expect"]) for c in cases), (
            f"{code} has no failing case"
        )
