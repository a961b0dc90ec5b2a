"""Checks against real engines: the demo DuckDB warehouse and a PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import psycopg
import pytest

from opsbook.checks.demo_warehouse import build_demo_warehouse
from opsbook.checks.engines import QueryTimeout, connect
from opsbook.checks.runner import exit_code, run_checks
from opsbook.cli.entry import main
from opsbook.loader import load_workspace

# The example runbooks compare with the warehouse's own CURRENT_DATE, so the demo data
# is built relative to the real clock; only the library refuses to read it.
NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "demo.duckdb"
    build_demo_warehouse(path, NOW)
    return path


def test_example_runbooks_pass_on_the_demo_warehouse(repo_root: Path, warehouse: Path) -> None:
    ws = load_workspace(repo_root).workspace
    engine = connect(f"duckdb:///{warehouse}")
    results = run_checks(ws, engine, NOW)
    engine.close()
    assert [(r.runbook, r.check, r.message) for r in results if r.status != "pass"] == []
    queries = sum(len(rb.spec.validation) for rb in ws.runbooks.values())
    thresholds = sum(len(rb.spec.freshness) for rb in ws.runbooks.values())
    assert len(results) == queries + thresholds


def test_duplicate_orders_and_a_stale_mart_fail(repo_root: Path, warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "INSERT INTO fact_orders SELECT * FROM fact_orders"
            " WHERE order_date = CURRENT_DATE - 1 LIMIT 3"
        )
        con.execute("UPDATE agg_profit_daily SET updated_at = updated_at - INTERVAL 3 DAY")
    ws = load_workspace(repo_root).workspace
    engine = connect(f"duckdb:///{warehouse}")
    results = run_checks(ws, engine, NOW, ["profit-aggregate"])
    engine.close()
    failed = {r.check: r for r in results if r.failed}
    assert set(failed) == {"orders-unique", "profit-mart-fresh", "freshness:agg_profit_daily"}
    assert failed["orders-unique"].rows == 3
    assert failed["orders-unique"].sample  # the offending rows are shown
    assert exit_code(results) == 1


def test_duckdb_is_read_only_and_cannot_read_files(warehouse: Path) -> None:
    engine = connect(f"duckdb:///{warehouse}")
    with pytest.raises(duckdb.Error):
        engine.fetch("DELETE FROM fact_orders", 5)
    with pytest.raises(duckdb.Error):
        engine.fetch("SELECT * FROM read_csv('/etc/passwd')", 5)
    engine.close()


def test_duckdb_timeout_interrupts(warehouse: Path) -> None:
    engine = connect(f"duckdb:///{warehouse}")
    with pytest.raises(QueryTimeout):
        engine.fetch("SELECT count(*) FROM range(100000000000) a", 0.2)
    engine.close()


def test_check_command_exit_codes(
    example_copy: Path, warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at = NOW.isoformat()
    url = f"duckdb:///{warehouse}"
    assert main(["check", "--root", str(example_copy), "--warehouse", url, "--at", at]) == 0
    assert "26 passed, 0 warnings, 0 failed, 0 errors" in capsys.readouterr().err
    later = (NOW + timedelta(days=3)).isoformat()
    assert main(["check", "--root", str(example_copy), "--warehouse", url, "--at", later]) == 1
    assert main(["check", "--root", str(example_copy), "--warehouse", url, "nope"]) == 2


def _load_postgres(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP TABLE IF EXISTS agg_profit_daily, fact_orders, fact_costs")
        con.execute(
            "CREATE TABLE agg_profit_daily (order_date date, revenue numeric, cost numeric,"
            " profit numeric, updated_at timestamptz)"
        )
        con.execute(
            "CREATE TABLE fact_orders (order_id bigint, order_date date, amount numeric,"
            " updated_at timestamptz)"
        )
        con.execute("CREATE TABLE fact_costs (order_id bigint, cost_date date, cost numeric)")
        for k in range(1, 4):
            con.execute(
                "INSERT INTO agg_profit_daily VALUES (CURRENT_DATE - %s, 100, 60, 40, now())", (k,)
            )
            con.execute(
                "INSERT INTO fact_orders VALUES (%s, CURRENT_DATE - %s, 100, now())", (k, k)
            )
            con.execute("INSERT INTO fact_costs VALUES (%s, CURRENT_DATE - %s, 60)", (k, k))


def test_duckdb_dialect_runbook_runs_on_postgres(repo_root: Path, postgres_url: str) -> None:
    _load_postgres(postgres_url)
    ws = load_workspace(repo_root).workspace
    engine = connect(postgres_url)
    try:
        results = run_checks(ws, engine, datetime.now(UTC), ["profit-aggregate"])
    finally:
        engine.close()
    assert [(r.check, r.message) for r in results if r.status != "pass"] == []


def test_postgres_session_is_read_only_with_a_timeout(postgres_url: str) -> None:
    _load_postgres(postgres_url)
    engine = connect(postgres_url)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            engine.fetch("DELETE FROM fact_orders RETURNING 1", 5)
        with pytest.raises(QueryTimeout):
            engine.fetch("SELECT pg_sleep(5)", 0.3)
        assert engine.fetch("SELECT count(*) FROM fact_orders", 5) == [(3,)]
    finally:
        engine.close()


def test_any_sqlalchemy_url_runs_read_only_in_a_rolled_back_transaction(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "w.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
        con.execute("INSERT INTO t VALUES (1), (2)")
    engine = connect(f"sqlite:///{db}")
    try:
        assert engine.dialect == "sqlite"
        assert engine.fetch("SELECT COUNT(*) FROM t", 5) == [(2,)]
        engine.fetch("DELETE FROM t", 5)  # the gate refuses this earlier; here: rolled back
        assert engine.fetch("SELECT COUNT(*) FROM t", 5) == [(2,)]
    finally:
        engine.close()
