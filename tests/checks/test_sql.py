"""The read-only gate, parameter binding and transpilation, before any SQL runs."""

from __future__ import annotations

from datetime import date

import pytest

from opsbook.checks.engines import QueryFailed, connect
from opsbook.checks.params import UnboundPlaceholder
from opsbook.checks.sql import prepare_read_only
from opsbook.errors import RefusedError


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "WITH a AS (SELECT 1 AS x) SELECT x FROM a",
        "SELECT 1 UNION ALL SELECT 2",
        "VALUES (1), (2)",
    ],
)
def test_read_only_queries_pass(sql: str) -> None:
    assert prepare_read_only(sql, "duckdb", "postgres").target_sql


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("DELETE FROM t WHERE x = 1", "found DELETE$"),
        ("INSERT INTO t VALUES (1)", "found INSERT$"),
        ("UPDATE t SET x = 1", "found UPDATE$"),
        ("DROP TABLE t", "found DROP$"),
        ("CREATE TABLE t AS SELECT 1", "found CREATE$"),
        ("TRUNCATE TABLE t", "found TRUNCATETABLE$"),
        ("SELECT 1; DELETE FROM t", "expected exactly one statement; found 2"),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "found DELETE inside it"),
        ("SELECT * INTO t2 FROM t", "found INTO inside it"),
        ("CALL refresh_marts()", "found CALL$"),
        ("SET statement_timeout = 0", "found SET$"),
    ],
)
def test_writes_are_refused_before_running(sql: str, found: str) -> None:
    with pytest.raises(RefusedError, match=found):
        prepare_read_only(sql, "postgres", "duckdb")


def test_placeholders_are_bound_after_the_gate() -> None:
    prepared = prepare_read_only(
        "SELECT * FROM t WHERE d = :date", "duckdb", "duckdb", {"date": date(2026, 11, 22)}
    )
    assert prepared.target_sql == "SELECT\n  *\nFROM t\nWHERE\n  d = CAST('2026-11-22' AS DATE)"
    with pytest.raises(UnboundPlaceholder, match=":date"):
        prepare_read_only("SELECT * FROM t WHERE d = :date", "duckdb", "duckdb", {})


def test_snowflake_sql_is_transpiled_for_duckdb() -> None:
    prepared = prepare_read_only(
        "SELECT IFF(x > 0, 'up', 'down') AS d, TO_VARCHAR(n) AS s, DATEADD(day, -1, :today) AS y"
        " FROM t",
        "snowflake",
        "duckdb",
        {"today": date(2026, 11, 23)},
    )
    sql = " ".join(prepared.target_sql.split())
    assert "CASE WHEN x > 0 THEN 'up' ELSE 'down' END AS d" in sql
    assert "CAST(n AS TEXT) AS s" in sql
    assert "IFF" not in sql
    assert "DATEADD" not in sql


def test_unparseable_sql_is_refused() -> None:
    with pytest.raises(RefusedError, match="does not parse"):
        prepare_read_only("SELECT (1", "duckdb", "duckdb")


def test_a_placeholder_starting_a_select_item_is_explained() -> None:
    with pytest.raises(RefusedError) as refused:
        prepare_read_only("SELECT :date AS d", "duckdb", "duckdb", {"date": date(2026, 11, 22)})
    message = str(refused.value)
    assert ":date is a placeholder" in message
    assert "`SELECT CAST(:date AS DATE) AS d`" in message
    assert "sqlglot" not in message  # no class names of the parser
    # The advice works: written that way, the same placeholder binds and runs.
    bound = prepare_read_only(
        "SELECT CAST(:date AS DATE) AS d", "duckdb", "duckdb", {"date": date(2026, 11, 22)}
    )
    assert "2026-11-22" in bound.target_sql


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM t WHERE x = 1",
        "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
        "CALL refresh_marts()",
        "SET statement_timeout = 0",
        "SELECT 1; SELECT 2",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT nextval('s')",
    ],
)
def test_the_check_and_the_engine_refuse_by_one_rule(sql: str) -> None:
    """`prepare_read_only` and the engine's own gate apply one definition of read-only:
    the same query is refused by both for the same reason (before: two near-copies,
    whose reasons differed, e.g. "found CALL" against "found COMMAND")."""
    engine = connect("duckdb:///:memory:")
    try:
        with pytest.raises(QueryFailed) as by_engine:
            engine.fetch(sql, 5, 5)
    finally:
        engine.close()
    with pytest.raises(RefusedError) as by_check:
        prepare_read_only(sql, "duckdb", "duckdb")
    assert str(by_engine.value) == f"refused before sending: {by_check.value}"
