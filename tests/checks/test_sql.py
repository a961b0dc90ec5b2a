from __future__ import annotations

import pytest

from opsbook.checks.sql import prepare_read_only
from opsbook.errors import RefusedError


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "WITH a AS (SELECT 1 AS x) SELECT x FROM a",
        "SELECT 1 UNION ALL SELECT 2",
    ],
)
def test_read_only_queries_pass(sql: str) -> None:
    assert prepare_read_only(sql, "duckdb", "postgres").target_sql


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("DELETE FROM t WHERE x = 1", "DELETE"),
        ("INSERT INTO t VALUES (1)", "INSERT"),
        ("UPDATE t SET x = 1", "UPDATE"),
        ("DROP TABLE t", "DROP"),
        ("CREATE TABLE t AS SELECT 1", "CREATE"),
        ("SELECT 1; DELETE FROM t", "found 2"),
        ("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "DELETE"),
        ("SELECT * INTO t2 FROM t", "INTO"),
    ],
)
def test_writes_are_refused_before_running(sql: str, found: str) -> None:
    with pytest.raises(RefusedError, match=found):
        prepare_read_only(sql, "postgres", "duckdb")


def test_snowflake_sql_is_transpiled_for_duckdb() -> None:
    prepared = prepare_read_only(
        "SELECT IFF(x > 0, 'up', 'down') AS d FROM t", "snowflake", "duckdb"
    )
    assert "CASE WHEN" in prepared.target_sql or "IF(" in prepared.target_sql


def test_unparseable_sql_is_refused() -> None:
    with pytest.raises(RefusedError, match="does not parse"):
        prepare_read_only("SELECT (1", "duckdb", "duckdb")
