"""One registry of diagnostic codes: every code the source reports is declared once,
documented, listed by `opsbook rules`, and in the manual's table of codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.diagnostic_codes import CODES
from opsbook.lint import RULES
from opsbook.lint.rules import all_rules

SRC = Path(__file__).resolve().parents[1] / "src" / "opsbook"
MANUAL = Path(__file__).resolve().parents[1] / "docs" / "manual" / "lint-rules.md"
CODE = re.compile(r"""["'](OB\d{3})["']""")


def codes_in_source() -> set[str]:
    """Every code written as a string literal anywhere in the library."""
    return {code for path in SRC.rglob("*.py") for code in CODE.findall(path.read_text("utf-8"))}


def test_every_code_in_the_source_is_registered_and_documented() -> None:
    known = {rule.code for rule in all_rules()}
    assert codes_in_source() <= known, sorted(codes_in_source() - known)
    for rule in all_rules():
        assert rule.summary, rule.code
        assert "## Why it matters" in rule.doc, rule.code


def test_loader_and_schedule_codes_are_declared_in_one_module_only() -> None:
    declared = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        for code in CODE.findall(path.read_text("utf-8"))
        if code in CODES
    }
    assert declared == {"diagnostic_codes.py"}
    assert not set(CODES) & set(RULES)


@pytest.mark.parametrize("code", ["OB001", "OB020", "OB040", "OB043"])
def test_rules_documents_loader_and_schedule_codes(
    code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", code]) == 0
    assert capsys.readouterr().out.startswith(f"# {code} {CODES[code].name}\n")


def test_the_manual_lists_every_code() -> None:
    listed = re.findall(r"^\| (OB\d{3}) \|", MANUAL.read_text(encoding="utf-8"), flags=re.M)
    assert listed == [rule.code for rule in all_rules()]
