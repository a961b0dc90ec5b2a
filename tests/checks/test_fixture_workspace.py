"""Every expectation kind and freshness, pass/warn/fail/error, on DuckDB and PostgreSQL.

The fixture workspace (tests/fixtures/checks/workspace) runs on the warehouse seeded
from tests/fixtures/checks/seed.sql; tests/fixtures/checks/expected.yaml says what each
check must report. Both engines must agree: the same YAML, the same statuses.
"""

from __future__ import annotations

import itertools
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from opsbook.checks.engines import Engine, Fetched, connect
from opsbook.checks.results import CheckResult, exit_code
from opsbook.checks.runner import CheckOptions, run_checks
from opsbook.loader import load_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
WORKSPACE = FIXTURES / "workspace"
AT = "2026-11-23T09:00:00+00:00"
EXPECTED: dict[str, dict[str, dict[str, str]]] = YAML(typ="safe").load(
    (FIXTURES / "expected.yaml").read_text(encoding="utf-8")
)
CHECKS = tuple(check for checks in EXPECTED.values() for check in checks)


def _run(url: str, **options: Any) -> list[CheckResult]:
    ws = load_workspace(WORKSPACE).workspace
    engine = connect(url, base=WORKSPACE)
    ticks = itertools.count()
    try:
        return run_checks(
            ws,
            engine,
            CheckOptions(at=datetime.fromisoformat(AT), **options),
            lambda: next(ticks) / 1000,
        )
    finally:
        engine.close()


def test_every_check_reports_what_is_expected(db_url: str) -> None:
    results = _run(db_url, queries=CHECKS)
    found = {(r.runbook, r.check): r for r in results}
    assert set(found) == {(rb, c) for rb, checks in EXPECTED.items() for c in checks}
    wrong = [
        (rb, check, found[rb, check].status, found[rb, check].message, want)
        for rb, checks in EXPECTED.items()
        for check, want in checks.items()
        if found[rb, check].status != want["status"] or want["says"] not in found[rb, check].message
    ]
    assert wrong == []
    assert exit_code(results) == 1
    # The stopwatch is the caller's: one tick per reading, so each check took 1 ms.
    assert {r.duration_ms for r in results} == {1.0}


def test_failing_rows_and_informational_rows_are_kept(db_url: str) -> None:
    results = {r.check: r for r in _run(db_url, queries=CHECKS)}
    large = results["no-large-orders"]
    assert (large.columns, large.rows, large.row_count) == (
        ("id", "amount"),
        ((1, 120), (4, 150)),
        2,
    )
    assert large.rows_are_findings
    info = results["orders-by-status"]
    assert info.informational
    assert info.status == "pass"
    assert info.rows == (("paid", 4), ("refunded", 1))
    many = results["value-many-rows"]
    assert many.row_count == 5
    assert len(many.rows) == 5
    assert results["value-is-null"].rows == ((None,),)


def test_first_rows_are_capped_but_counted(db_url: str) -> None:
    (result,) = _run(db_url, queries=("value-many-rows",), first_rows=2)
    assert len(result.rows) == 2
    assert result.row_count == 5


def test_warn_severity_never_fails_the_run(db_url: str) -> None:
    results = _run(db_url, queries=("large-orders-warn", "revenue-above-max-warn"))
    assert [r.status for r in results] == ["warn", "warn"]
    assert exit_code(results) == 0


def test_freshness_results_carry_age_and_thresholds(db_url: str) -> None:
    results = {r.check: r for r in _run(db_url, runbooks=("freshness",))}
    stale = results["freshness:stale_mart"]
    assert stale.severity == "error"
    assert stale.staleness is not None
    assert stale.staleness.age is not None
    assert stale.staleness.age.total_seconds() == 60 * 3600
    json = stale.to_json()["freshness"]
    assert json == {
        "table": "stale_mart",
        "newest": "2026-11-20T21:00:00+00:00",
        "age_seconds": 216000,
        "warn_after_seconds": 93600,
        "error_after_seconds": 172800,
    }
    assert results["freshness:aging_mart"].severity == "warn"
    assert results["freshness:fresh_mart"].sql is not None
    assert "MAX(updated_at)" in (results["freshness:fresh_mart"].sql or "")


def test_params_override_and_relative_days(db_url: str) -> None:
    (week,) = _run(db_url, queries=("orders-this-week",), params={"since": "yesterday"})
    assert (week.status, week.message) == ("fail", "orders = 3; expected equal to 4")
    (again,) = _run(db_url, queries=("orders-this-week",), params={"since": "2026-11-16"})
    assert again.status == "pass"
    (day,) = _run(db_url, queries=("enough-orders-yesterday",), params={"date": "2026-11-21"})
    assert (day.status, day.row_count) == ("fail", 1)
    (big,) = _run(db_url, queries=("big-orders",), params={"threshold": "130"})
    assert big.row_count == 1


def test_a_value_cannot_change_the_statement(db_url: str) -> None:
    """A parameter is a literal: quotes in it stay inside the string."""
    (result,) = _run(db_url, queries=("big-orders",), params={"wanted": "paid' OR '1'='1"})
    assert (result.status, result.row_count) == ("fail", 0)


class RecordingEngine:
    """A real engine that also remembers every SQL text it was asked to run."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.dialect = inner.dialect
        self.shown_url = inner.shown_url
        self.secrets = inner.secrets
        self.ran: list[str] = []

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        self.ran.append(sql)
        return self.inner.fetch(sql, timeout, keep)

    def close(self) -> None:
        self.inner.close()


def test_a_delete_is_refused_before_it_reaches_the_warehouse(db_url: str) -> None:
    ws = load_workspace(WORKSPACE).workspace
    engine = RecordingEngine(connect(db_url))
    try:
        before = engine.inner.fetch("SELECT COUNT(*) FROM orders", 5, 1).first_rows
        results = run_checks(
            ws,
            engine,
            CheckOptions(
                at=datetime.fromisoformat(AT), queries=("delete-orders", "delete-in-a-cte")
            ),
            lambda: 0.0,
        )
        assert [r.status for r in results] == ["error", "error"]
        assert all(r.message.startswith("refused before running") for r in results)
        assert engine.ran == []
        assert all(r.sql is None for r in results)
        assert engine.inner.fetch("SELECT COUNT(*) FROM orders", 5, 1).first_rows == before
    finally:
        engine.close()
    assert before == ((5,),)


@pytest.mark.parametrize(
    ("engine_name", "query"),
    [("duckdb", "slow-duckdb"), pytest.param("postgres", "slow-postgres", marks=pytest.mark.slow)],
)
def test_a_query_over_the_timeout_is_stopped(
    engine_name: str, query: str, request: pytest.FixtureRequest
) -> None:
    if engine_name == "duckdb":
        url = f"duckdb:///{request.getfixturevalue('duckdb_path')}"
    else:
        url = request.getfixturevalue("postgres_url")
    started = time.perf_counter()
    (result,) = _run(url, queries=(query,), timeout=0.3)
    assert time.perf_counter() - started < 5
    assert result.status == "error"
    assert result.message.startswith("stopped after 0.3s")
    # The connection is still usable after the stop.
    (after,) = _run(url, queries=("five-orders",))
    assert after.status == "pass"


def test_workspace_fixture_files_are_where_the_tests_expect() -> None:
    assert (WORKSPACE / "opsbook.yaml").is_file()
    assert load_workspace(WORKSPACE).ok


class SurprisingEngine(RecordingEngine):
    """A real engine whose driver fails in a way nobody planned for, quoting a secret."""

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        raise RuntimeError(f"conversion failed near {self.secrets.values[0]}\ntraceback…")


def test_an_unplanned_driver_error_is_one_scrubbed_error_result(postgres_url: str) -> None:
    ws = load_workspace(WORKSPACE).workspace
    engine = SurprisingEngine(connect(postgres_url))
    try:
        results = run_checks(
            ws,
            engine,
            CheckOptions(
                at=datetime.fromisoformat(AT), queries=("five-orders", "freshness:fresh_mart")
            ),
            lambda: 0.0,
        )
    finally:
        engine.close()
    assert [(r.status, r.message) for r in results] == [
        ("error", "cannot read the answer: conversion failed near ***"),
        ("error", "cannot read the answer: conversion failed near ***"),
    ]
