"""`opsbook lint` and `opsbook rules` as a user runs them: exit codes, options, paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from opsbook.cli.entry import main
from opsbook.lint import RULES, rule_docs
from opsbook.models.workspace import DEFAULT_TIER_REQUIREMENTS

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "lint" / "broken"
AT = "2026-11-23T12:00:00+00:00"


def test_example_workspace_lints_clean(
    repo_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert main(["lint", "--root", str(repo_root), "--fail-on", "info", "--at", AT]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("no findings in ")


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(BROKEN, target)
    monkeypatch.chdir(target)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return target


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["lint", "--at", AT, "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_exit_codes_follow_fail_on_and_exit_zero(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, all_findings = findings(capsys)
    assert code == 1
    # Only a warning left (a review overdue, not yet twice over): below the default
    # --fail-on error, at --fail-on warning.
    overdue = ("--select", "OB140", "--at", "2026-05-01T00:00:00Z")
    code, warnings = findings(capsys, *overdue)
    assert code == 0
    assert warnings
    assert {f["severity"] for f in warnings} == {"warning"}
    assert findings(capsys, *overdue, "--fail-on", "warning")[0] == 1
    assert findings(capsys, "--exit-zero")[0] == 0
    assert len(all_findings) > len(warnings)


def test_select_and_ignore_take_codes_prefixes_and_names(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, sql = findings(capsys, "--select", "OB13")
    assert {f["code"] for f in sql} == {"OB130", "OB132"}
    _, named = findings(capsys, "--select", "sql-syntax,distinct-owners")
    assert {f["code"] for f in named} == {"OB130", "OB110"}
    _, rest = findings(capsys, "--ignore", "OB13", "--ignore", "schema")
    codes = {f["code"] for f in rest}
    assert codes
    assert not codes & {"OB130", "OB131", "OB132", "OB012"}


def test_unknown_rule_is_a_usage_error(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--select", "OB999"]) == 2
    assert "--select: unknown rule 'OB999'" in capsys.readouterr().err


def test_workspace_settings_select_and_bad_settings_exit_two(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = broken / "opsbook.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "  lint: {ignore: [OB12, review-staleness]}\n", encoding="utf-8")
    _, rest = findings(capsys)
    assert not {f["code"] for f in rest} & {"OB120", "OB121", "OB122", "OB140"}
    # --select on the command line replaces the file's select, but its ignore still holds.
    _, selected = findings(capsys, "--select", "OB120,OB110")
    assert {f["code"] for f in selected} == {"OB110"}
    settings.write_text(text + "  lint: {select: [no-such-rule]}\n", encoding="utf-8")
    assert main(["lint", "--at", AT]) == 2
    assert "spec.lint.select: unknown rule 'no-such-rule'" in capsys.readouterr().err


def test_paths_limit_the_report_not_the_workspace(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, only = findings(capsys, "runbooks/ownership.yaml")
    assert {f["path"] for f in only} == {"runbooks/ownership.yaml"}
    # The whole workspace was read: the runbooks named in the matrix exist, so there is
    # no dangling reference, only the two real findings.
    assert sorted(f["code"] for f in only) == ["OB110", "OB111"]
    assert main(["lint", "no/such/file.yaml"]) == 2


def test_paths_outside_the_workspace_are_linted_on_their_own(
    repo_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, found = findings(capsys, str(BROKEN))
    assert code == 1
    paths = {Path(str(f["path"])).resolve() for f in found}
    assert all(BROKEN.resolve() in p.parents for p in paths)
    # Not mixed with the example workspace: its runbooks would collide or lint clean.
    codes = {f["code"] for f in found}
    assert codes >= {"OB110", "OB130", "OB012"}
    assert "OB013" not in codes  # no "team data-eng is already defined"


def test_bad_at_and_missing_workspace_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", "--root", str(tmp_path)]) == 2
    assert "no opsbook workspace" in capsys.readouterr().err
    assert main(["lint", "--root", str(BROKEN), "--at", "yesterday"]) == 2
    assert "--at" in capsys.readouterr().err


def test_at_decides_staleness(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, early = findings(capsys, "--select", "OB140", "--at", "2026-02-01T00:00:00Z")
    _, late = findings(capsys, "--select", "OB140")
    assert early == []
    assert [f["severity"] for f in late] == ["error"]


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in RULES.values():
        assert f"{rule.code}  {rule.name} " in out
    assert "OB012  schema " in out


def test_rules_prints_a_rule_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "sql-not-a-statement"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# OB132 sql-not-a-statement\n\nSQL text is a statement")
    assert "## Fails" in page
    assert "## Passes" in page
    assert "THIS IS NOT VALID SQL" in page
    assert main(["rules", "OB999"]) == 2
    assert "unknown rule 'OB999'" in capsys.readouterr().err


def test_every_rule_documents_why_with_failing_and_passing_examples() -> None:
    docs = {d.code: d for d in rule_docs("https://ops.example.com/")}
    for code in RULES:
        doc = docs[code]
        assert doc.summary.endswith("."), code
        assert len(doc.summary) < 100, code
        assert "## Why it matters" in doc.markdown, code
        assert doc.markdown.count("```yaml") >= 2, code
        assert "## Fails" in doc.markdown, code
        assert "## Passes" in doc.markdown, code
        assert doc.url == f"https://ops.example.com/rules/{code}/"
    assert [d.code for d in docs.values()] == sorted(docs)


def test_tier_completeness_documents_the_default_requirements() -> None:
    (doc,) = [d for d in rule_docs() if d.code == "OB101"]
    text = " ".join(doc.markdown.split())
    for tier, sections in DEFAULT_TIER_REQUIREMENTS.items():
        assert f"**{tier}**: {', '.join(sections)}" in text


def test_jobs_change_nothing_but_speed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.lint.sql_workspace import make_workspace

    from opsbook.lint.sql_batch import workers_for
    from opsbook.lint.sql_blocks import sql_blocks
    from opsbook.loader import load_workspace

    monkeypatch.setenv("OPSBOOK_CACHE", "0")
    root = make_workspace(tmp_path / "ws", copies=45)
    blocks = sum(1 for b in sql_blocks(load_workspace(root).workspace) if b.dialect_known)
    assert workers_for(blocks, 2) == 2  # enough blocks to fork a child
    outputs = []
    for jobs in ("1", "2"):
        code = main(["lint", "--root", str(root), "--at", AT, "--format", "json", "-j", jobs])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1
    assert len(json.loads(outputs[0][1])["findings"]) > 400


def test_sql_analyses_are_remembered_unless_caching_is_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.lint.sql_workspace import make_workspace

    root = make_workspace(tmp_path / "ws", copies=1)
    monkeypatch.setenv("OPSBOOK_CACHE", "0")
    assert main(["lint", "--root", str(root), "--at", AT]) == 1
    cold = capsys.readouterr().out
    assert not (root / ".opsbook-cache" / "sql.json").exists()
    monkeypatch.delenv("OPSBOOK_CACHE")
    for _ in range(2):  # writes the cache, then reads it
        assert main(["lint", "--root", str(root), "--at", AT]) == 1
        assert capsys.readouterr().out == cold
    stored = json.loads((root / ".opsbook-cache" / "sql.json").read_text(encoding="utf-8"))
    # Every block with a known dialect, once: 12 in the variety runbook, 2 in the base.
    assert len(stored["entries"]) == 14
