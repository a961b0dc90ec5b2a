"""The SQL cache: JSON by content, the same report warm or cold, never trusted blindly."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.lint.sql_workspace import TEMPLATE, lint, make_workspace

from opsbook.lint.sql import SqlAnalysis, analyse_sql
from opsbook.lint.sql_cache import CACHE_FILE, SqlCache, decode, encode

DIALECTS = ["duckdb", "snowflake", "postgres", "bigquery", "tsql"]


def _fixture_sql() -> list[str]:
    """Every SQL text of the variety runbook (a few copies' worth)."""
    from opsbook.yamlio.read import parse_yaml_text

    text = TEMPLATE.read_text(encoding="utf-8").replace("@N@", "7")
    spec = parse_yaml_text(text, "x.yaml").documents[0].data["spec"]
    return [item["sql"] for item in [*spec["recovery"], *spec["validation"]]]


@pytest.mark.parametrize("sql", _fixture_sql())
@pytest.mark.parametrize("dialect", ["duckdb", "snowflake"])
def test_an_analysis_reads_back_from_json_as_it_was(sql: str, dialect: str) -> None:
    analysis = analyse_sql(sql, dialect)
    stored = json.loads(json.dumps(encode(analysis)))
    assert decode(stored, sql, dialect) == analysis


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.text(alphabet=st.sampled_from([*"SELECT FROM;,()'\"*=-/\n", "1", "a", "é"]), max_size=40),
    st.sampled_from(DIALECTS),
)
def test_any_analysis_reads_back_from_json_as_it_was(sql: str, dialect: str) -> None:
    analysis = analyse_sql(sql, dialect)
    assert decode(json.loads(json.dumps(encode(analysis))), sql, dialect) == analysis


@pytest.mark.parametrize(
    "entry",
    [
        None,
        [],
        ["ok"],
        ["ok", "not a list"],
        ["ok", [["Select", 0, 999, True, True, None, ""]]],  # beyond the text
        ["ok", [["Select", 5, 2, True, True, None, ""]]],  # backwards
        ["ok", [["Select", 0, 1, "yes", True, None, ""]]],
        ["ok", [["Select", 0, 1, True, True, 3, ""]]],
        ["ok", [["Select", 0.0, 1, True, True, None, ""]]],
        ["ok", [["Select", False, 1, True, True, None, ""]]],
        ["error", "msg", 0, 1, 1, 2],  # lines start at 1
        ["error", 3, 1, 1, 1, 2],
        ["error", "msg", 1, 1, 1],
        ["nope", []],
    ],
)
def test_a_malformed_entry_is_not_an_analysis(entry: Any) -> None:
    assert decode(entry, "SELECT 1", "duckdb") is None


def _cache_file(root: Path) -> Path:
    return root / ".opsbook-cache" / CACHE_FILE


def test_a_warm_run_reports_what_a_cold_run_reports(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", copies=3)
    cold = lint(root)
    cached = lint(root, cache_dir=root / ".opsbook-cache")
    stored = json.loads(_cache_file(root).read_text(encoding="utf-8"))
    assert len(stored["entries"]) > 30
    assert stored["stamp"] == _cache_file(root).stat().st_mtime_ns
    warm = lint(root, cache_dir=root / ".opsbook-cache")
    assert cached.diagnostics == cold.diagnostics == warm.diagnostics


def _doctor(root: Path, sql: str) -> None:
    """Rewrite the cached analysis of `sql` to say it is one fine SELECT, keeping the stamp."""
    path = _cache_file(root)
    stamp = path.stat().st_mtime_ns
    stored = json.loads(path.read_text(encoding="utf-8"))
    digest = SqlCache(path.parent)._digest((sql, "duckdb"))
    assert digest in stored["entries"]
    stored["entries"][digest] = ["ok", [["Select", 0, len(sql), True, True, None, "", None]]]
    path.write_text(json.dumps(stored), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))


WRITES = "DELETE FROM agg_0 WHERE profit IS NULL"


def test_the_cache_is_what_a_warm_run_believes(tmp_path: Path) -> None:
    """Shown by doctoring an entry: the run that follows believes it."""
    root = make_workspace(tmp_path / "ws", copies=1)
    lint(root, cache_dir=root / ".opsbook-cache")
    _doctor(root, WRITES)
    warm = lint(root, cache_dir=root / ".opsbook-cache")
    assert not any("'writes' is not read-only" in d.message for d in warm.diagnostics)


def test_a_cache_copied_from_elsewhere_is_not_believed(tmp_path: Path) -> None:
    """A cache committed to a repository gets a new mtime at checkout: it is ignored,
    so a doctored copy cannot let a writing validation query through lint."""
    root = make_workspace(tmp_path / "ws", copies=1)
    cold = lint(root, cache_dir=root / ".opsbook-cache")
    _doctor(root, WRITES)
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, copy_function=shutil.copy)  # new mtimes, as git gives
    assert any("'writes' is not read-only" in d.message for d in cold.diagnostics)
    after = lint(clone, cache_dir=clone / ".opsbook-cache")
    assert [d.message for d in after.diagnostics] == [d.message for d in cold.diagnostics]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b'{"format": 1, "entr',
        b"[]",
        b'{"format": 999, "entries": {}}',
        b'{"format": 1, "analyser": "someone else", "stamp": 0, "entries": {}}',
    ],
)
def test_an_unreadable_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    root = make_workspace(tmp_path / "ws", copies=1)
    cold = lint(root)
    path = _cache_file(root)
    path.parent.mkdir(exist_ok=True)  # the parse cache may be there already
    path.write_bytes(content)
    assert lint(root, cache_dir=path.parent).diagnostics == cold.diagnostics
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["entries"]
    assert stored["stamp"] == path.stat().st_mtime_ns


def test_malformed_entries_are_analysed_again(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", copies=1)
    cold = lint(root, cache_dir=root / ".opsbook-cache")
    path = _cache_file(root)
    stamp = path.stat().st_mtime_ns
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["entries"] = {key: ["ok", "garbage"] for key in stored["entries"]}
    path.write_text(json.dumps(stored), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert lint(root, cache_dir=path.parent).diagnostics == cold.diagnostics
    repaired = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert all(entry[1] != "garbage" for entry in repaired.values())


def test_the_cache_keeps_only_what_the_last_run_used(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", copies=3)
    lint(root, cache_dir=root / ".opsbook-cache")
    before = len(json.loads(_cache_file(root).read_text(encoding="utf-8"))["entries"])
    (root / "runbooks" / "sql-002.yaml").unlink()
    lint(root, cache_dir=root / ".opsbook-cache")
    after = len(json.loads(_cache_file(root).read_text(encoding="utf-8"))["entries"])
    assert 0 < after < before


def test_a_cache_that_cannot_be_written_does_not_fail_lint(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", copies=1)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    assert lint(root, cache_dir=blocked).diagnostics == lint(root).diagnostics


def test_an_analysis_is_keyed_by_dialect_as_well_as_text(tmp_path: Path) -> None:
    cache = SqlCache(tmp_path)
    sql = "SELECT IFF(a, 1, 0) QUALIFY ROW_NUMBER() OVER (ORDER BY b) = 1"
    snowflake, duckdb = analyse_sql(sql, "snowflake"), analyse_sql(sql, "duckdb")
    cache.put((sql, "snowflake"), snowflake)
    assert cache.get((sql, "duckdb")) is None
    assert cache.get((sql, "snowflake")) == snowflake
    assert isinstance(duckdb, SqlAnalysis)
