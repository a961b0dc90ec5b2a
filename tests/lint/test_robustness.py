"""Broken input of every kind gives located findings and never a traceback.

Two sources: the foundation's invalid fixtures (tests/fixtures/invalid/, each a small
workspace with the loader diagnostics it must produce), linted through the real command;
and hypothesis-generated runbook specs (odd durations, broken and lenient SQL, unknown
dialects and names, wrong types, stray suppression comments) run through every rule.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from opsbook.cli.entry import main
from opsbook.diagnostics import Diagnostic
from opsbook.lint import lint_workspace
from opsbook.loader import load_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INVALID = FIXTURES / "invalid"
LINT_BASE = FIXTURES / "lint" / "_base"
INVALID_CASES = (
    sorted(p for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))
    if INVALID.is_dir()
    else []
)
AT = "2026-11-23T12:00:00+00:00"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []


def assert_located(root: Path, diagnostics: list[Diagnostic] | list[dict[str, Any]]) -> None:
    """Every finding names a file of the workspace and a line and column inside it."""
    for item in diagnostics:
        row = item if isinstance(item, dict) else _row(item)
        path = root / str(row["path"])
        assert path.is_file(), row
        lines = _lines(path)
        line, col = int(row["line"]), int(row["col"])
        assert 1 <= line <= max(len(lines), 1) + 1, row
        assert col >= 1, row
        if line <= len(lines):
            assert col <= len(lines[line - 1]) + 1, (row, lines[line - 1])
        assert int(row["end_line"]) >= line, row


def _row(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "col": d.col,
        "end_line": d.span.end_line,
        "code": d.code,
    }


def _build_invalid(case: Path, target: Path) -> None:
    """The invalid fixture's layout: _base, minus `remove`, plus the case's files."""
    spec = YAML(typ="safe", pure=True).load((case / "expected.yaml").read_text(encoding="utf-8"))
    shutil.copytree(INVALID / "_base", target)
    for rel in spec.get("remove") or ():
        (target / rel).unlink()
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name != "expected.yaml":
            dest = target / source.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    for item in spec.get("generate") or ():
        path = target / item["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        padding = b"# padding\n" * (int(item["size"]) // 10 + 1)
        path.write_bytes((path.read_bytes() if path.exists() else b"") + padding)


@pytest.mark.skipif(not INVALID_CASES, reason="no invalid fixtures in this checkout")
@pytest.mark.parametrize("case", INVALID_CASES, ids=[c.name for c in INVALID_CASES])
def test_invalid_fixture_lints_with_located_findings(
    case: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "ws"
    _build_invalid(case, root)
    monkeypatch.chdir(root)
    code = main(["lint", "--at", AT, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    found = json.loads(out)["findings"]
    assert_located(root, found)
    expected = YAML(typ="safe", pure=True).load((case / "expected.yaml").read_text("utf-8"))
    rows = {(f["path"], f["line"], f["col"], f["code"]) for f in found}
    for want in expected["diagnostics"]:
        assert (want["path"], want["line"], want["col"], want["code"]) in rows, want


# --- fuzzing ------------------------------------------------------------------------------

SCALAR = st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=8)


def _sometimes(strategy: st.SearchStrategy[Any], odd: Any = SCALAR) -> st.SearchStrategy[Any]:
    """Mostly the right shape, about one time in ten something else."""
    return st.tuples(st.integers(0, 9), strategy, odd).map(lambda t: t[2] if t[0] == 5 else t[1])


SQL_SAMPLES = st.sampled_from(
    [
        "SELECT 1",
        "SELECT order_date\nFROM agg_profit_daily\nWHERE profit IS NULL\n",
        "SELECT a,\n  FROM t WHERE a = = 1\n",
        "THIS IS NOT VALID SQL",
        "DELETE FROM t WHERE d = :date",
        "SELECT 1;\nSELECT 2;",
        "WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x",
        "SELECT 'unterminated\nFROM t",
        "SELECT * FROM `a.b`",
        "",
        ";;",
        "-- only a comment",
        "\tSELECT\t1",
        "SELECT ü FROM tä WHERE 😀 = 1",
    ]
)
SQL = _sometimes(SQL_SAMPLES, st.text(max_size=40))
# Mostly values the models accept, so the rules (not only the schema) see the oddities.
DURATION = _sometimes(
    st.sampled_from(["0m", "30m", "26h", "48h", "1w", "90d", "0d"]), st.just("1x")
)
NAME = _sometimes(
    st.sampled_from(["profit-present", "q", "orders-today", "loaded"]), st.just("B N")
)
DIALECT = st.sampled_from(["duckdb", "snowflake", "postgres", "bigquery", "tsql", "nosuch"])
QUERY = st.fixed_dictionaries(
    {"name": NAME, "sql": _sometimes(SQL)},
    optional={
        "dialect": DIALECT,
        "expect": st.sampled_from([{"rows": 0}, {"min_rows": 1}, {"max_rows": 3}, {}]),
        "severity": st.sampled_from(["error", "warn"]),
    },
)
SPEC = st.fixed_dictionaries(
    {},
    optional={
        "tier": _sometimes(st.sampled_from(["investor", "experiment", "internal"]), st.just("x")),
        "purpose": _sometimes(st.text(max_size=12)),
        "sla": st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.sampled_from(["daily", "monthly"]),
                    "ready_by": _sometimes(st.sampled_from(["08:00", "23:59"]), st.just("25:00")),
                },
                optional={
                    "timezone": _sometimes(
                        st.sampled_from(["UTC", "Europe/London"]), st.just("Mars/Base")
                    )
                },
            ),
            max_size=3,
        ),
        "freshness": st.lists(
            st.fixed_dictionaries(
                {"table": st.just("t"), "loaded_at": st.just("u"), "warn_after": DURATION}
                | {"error_after": DURATION}
            ),
            max_size=2,
        ),
        "escalation": st.sampled_from(["critical", "nope", None]),
        "sources": st.lists(st.fixed_dictionaries({"name": st.text(max_size=6)}), max_size=2),
        "flow": _sometimes(st.lists(st.text(max_size=8), max_size=2)),
        "troubleshooting": st.lists(
            st.fixed_dictionaries(
                {"case": st.text(max_size=8)}, optional={"queries": st.lists(NAME, max_size=3)}
            ),
            max_size=2,
        ),
        "recovery": st.lists(
            st.fixed_dictionaries(
                {"step": st.text(max_size=8)}, optional={"sql": SQL, "dialect": DIALECT}
            ),
            max_size=3,
        ),
        "validation": _sometimes(
            st.lists(QUERY, min_size=1, max_size=3, unique_by=lambda q: q["name"])
        ),
        "review": st.fixed_dictionaries(
            {
                "last_reviewed": st.dates(date(2020, 1, 1), date(2030, 1, 1)).map(str),
                "every": DURATION,
            }
        ),
    },
)
SUPPRESSIONS = st.lists(
    st.tuples(st.integers(0, 60), st.sampled_from(["OB130", "OB101,OB131", "nope", ""])),
    max_size=3,
)


def _literal_blocks(value: Any) -> Any:
    """Multi-line strings as `|` block scalars, where SQL errors must be located."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return {k: _literal_blocks(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal_blocks(v) for v in value]
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value)
    return value


def _runbook_text(spec: dict[str, Any], suppressions: list[tuple[int, str]]) -> str:
    import io

    yaml = YAML(typ="rt")
    yaml.width = 4096
    document = {
        "apiVersion": "opsbook/v1",
        "kind": "Runbook",
        "metadata": {"name": "profit"},
        "spec": _literal_blocks(spec),
    }
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    lines = buffer.getvalue().splitlines()
    for index, codes in suppressions:
        if lines and not lines[index % len(lines)].rstrip().endswith(("|", "|-", "|+")):
            lines[index % len(lines)] += f"  # opsbook: disable={codes}"
    return "\n".join(lines) + "\n"


@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec=SPEC, suppressions=SUPPRESSIONS)
def test_fuzzed_runbooks_never_crash_a_rule(
    spec: dict[str, Any], suppressions: list[tuple[int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        shutil.copytree(LINT_BASE, root)
        (root / "runbooks" / "profit.yaml").write_text(
            _runbook_text(spec, suppressions), encoding="utf-8"
        )
        result = load_workspace(root)
        report = lint_workspace(result, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
        rows = []
        for d in report.diagnostics:
            row = _row(d)
            row["path"] = Path(d.path).resolve().relative_to(root.resolve()).as_posix()
            rows.append(row)
        assert_located(root, rows)
