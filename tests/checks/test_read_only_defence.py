"""Read-only checks in depth, against the suite's real PostgreSQL 15 as a superuser.

Before: SELECTs with side effects passed the check and ran (`pg_read_file`,
`pg_ls_dir`, `lo_import`, `pg_terminate_backend`, `pg_reload_conf`), and
`COMMIT; BEGIN READ WRITE; DELETE …` sent to the engine deleted a row. Each layer is
shown holding on its own: the SQL check (`prepare_read_only`), the engine's own gate
(`fetch`), and the server-side session (`fetch_unchecked`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from opsbook.checks.engines import PostgresEngine, QueryFailed, connect
from opsbook.checks.sql import prepare_read_only
from opsbook.errors import RefusedError

SIDE_EFFECTS = [
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_read_binary_file('/etc/hostname')",
    "SELECT * FROM pg_ls_dir('.')",
    "SELECT pg_stat_file('postgresql.conf')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT lo_export(1, '/tmp/opsbook-leak')",
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
    "SELECT pg_cancel_backend(1)",
    "SELECT pg_reload_conf()",
    "SELECT pg_rotate_logfile()",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT pg_catalog.set_config('statement_timeout', '0', false)",
    "SELECT dblink_exec('dbname=postgres', 'DELETE FROM t')",
    "SELECT nextval('s')",
    "SELECT pg_advisory_lock(1)",
    "SELECT pg_notify('c', 'x')",
    "SELECT query_to_xml('SELECT pg_read_file(''/etc/passwd'')', true, true, '')",
    "SELECT * FROM ts_stat('SELECT to_tsvector(pg_read_file(''/etc/hostname''))')",
    "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, to_tsquery(pg_reload_conf()::text)')",
    "WITH x AS (SELECT pg_ls_dir('/') AS f) SELECT f FROM x",
]


@pytest.fixture(scope="module")
def defence_url(pg_server: Any) -> str:
    """A database of its own: a table, a sequence and a function that deletes (which no
    deny-list knows), so writes can be attempted and their absence seen."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        con.execute("DROP DATABASE IF EXISTS defence")
        con.execute("CREATE DATABASE defence")
    url: str = pg_server.url("defence")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("CREATE TABLE t (x int)")
        con.execute("INSERT INTO t VALUES (1), (2), (3)")
        con.execute("CREATE SEQUENCE s")
        con.execute(
            "CREATE FUNCTION wipe() RETURNS int LANGUAGE sql AS $$ DELETE FROM t; SELECT 0 $$"
        )
    return url


def _rows(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as con:
        row = con.execute("SELECT count(*) FROM t").fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture
def engine(defence_url: str) -> Iterator[PostgresEngine]:
    made = connect(defence_url)
    assert isinstance(made, PostgresEngine)
    try:
        yield made
    finally:
        made.close()
    # Whatever each test tried, nothing was written.
    assert _rows(defence_url) == 3


def test_the_role_is_a_superuser(engine: PostgresEngine) -> None:
    assert engine.fetch(
        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", 5, 1
    ).first_rows == ((True,),)


@pytest.mark.parametrize("sql", SIDE_EFFECTS)
def test_side_effect_functions_are_refused_by_the_check(sql: str) -> None:
    with pytest.raises(RefusedError, match=r"found a call to \w+\(\)"):
        prepare_read_only(sql, "postgres", "postgres")


@pytest.mark.parametrize("sql", SIDE_EFFECTS)
def test_side_effect_functions_are_refused_by_the_engine(engine: PostgresEngine, sql: str) -> None:
    with pytest.raises(QueryFailed, match=r"refused before sending: .*\w+\(\)"):
        engine.fetch(sql, 5, 5)


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO PROGRAM 'touch /tmp/opsbook-copy-ran'",
        "COPY t TO PROGRAM 'id'",
        "COPY t FROM PROGRAM 'echo 9'",
        "SET default_transaction_read_only = off",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "COMMIT",
        "BEGIN READ WRITE",
        "SELECT 1; DELETE FROM t",
    ],
)
def test_copy_program_and_session_changes_are_refused_by_check_and_engine(
    engine: PostgresEngine, sql: str
) -> None:
    with pytest.raises(RefusedError):
        prepare_read_only(sql, "postgres", "postgres")
    with pytest.raises(QueryFailed, match="refused before sending"):
        engine.fetch(sql, 5, 5)


def test_one_statement_per_execute(engine: PostgresEngine) -> None:
    """The extended protocol: three statements in one string are an error, not a
    COMMIT that ends the read-only transaction followed by a writing one."""
    with pytest.raises(QueryFailed, match="multiple commands"):
        engine.fetch_unchecked("COMMIT; BEGIN READ WRITE; DELETE FROM t", 5, 5)
    with pytest.raises(QueryFailed, match="multiple commands"):
        engine.fetch_unchecked("SELECT 1; SELECT wipe()", 5, 5)


def test_a_write_no_list_knows_meets_a_read_only_transaction(engine: PostgresEngine) -> None:
    # wipe() is the team's own function: only the server can know it deletes.
    assert prepare_read_only("SELECT wipe()", "postgres", "postgres")
    with pytest.raises(QueryFailed, match="read-only transaction"):
        engine.fetch("SELECT wipe()", 5, 5)


@pytest.mark.parametrize(
    "lift",
    [
        "SET default_transaction_read_only = off",
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "COMMIT",
        "BEGIN READ WRITE",
    ],
)
def test_a_later_statement_cannot_lift_read_only(engine: PostgresEngine, lift: str) -> None:
    """Even sent past both gates, a statement that tries to lift read-only lasts at most
    until its own transaction is rolled back: the next check is read-only again."""
    with contextlib.suppress(QueryFailed):  # refused by the server: fine too
        engine.fetch_unchecked(lift, 5, 5)
    with pytest.raises(QueryFailed, match="read-only transaction"):
        engine.fetch_unchecked("SELECT wipe()", 5, 5)
    assert engine.fetch_unchecked(
        "SELECT current_setting('default_transaction_read_only')", 5, 1
    ).first_rows == (("on",),)
