"""Connections: read-only on every engine, a timeout per query, connection errors in one
line without credentials, and a connection opened up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from opsbook.checks.credentials import Secrets
from opsbook.checks.engines import (
    DuckDBEngine,
    QueryFailed,
    QueryTimeout,
    SqlAlchemyEngine,
    connect,
    one_line,
)
from opsbook.errors import InputError, UsageError


def test_duckdb_is_read_only_and_cannot_read_files(duckdb_path: Path) -> None:
    """DuckDB's own layers, without the engine's gate: a read-only file, no file access."""
    engine = connect(f"duckdb:///{duckdb_path}")
    assert isinstance(engine, DuckDBEngine)
    try:
        with pytest.raises(QueryFailed, match="read-only"):
            engine.fetch_unchecked("DELETE FROM orders", 5, 5)
        with pytest.raises(QueryFailed, match="disabled"):
            engine.fetch("SELECT * FROM read_csv('/etc/passwd')", 5, 5)
        with pytest.raises(QueryFailed, match="read-only"):
            engine.fetch_unchecked("SELECT nextval('order_ids')", 5, 5)
        assert engine.fetch("SELECT COUNT(*) FROM orders", 5, 5).first_rows == ((5,),)
        assert engine.fetch("SELECT current_setting('TimeZone')", 5, 5).first_rows == (("UTC",),)
    finally:
        engine.close()


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("SELECT 1; SELECT 2", "expected exactly one statement; found 2"),
        ("SET TimeZone = 'Europe/Paris'", "found SET"),
        ("DELETE FROM orders", "found DELETE"),
        ("SELECT nextval('order_ids')", r"nextval\(\)"),
        ("ATTACH 'other.duckdb'", "found ATTACH"),
    ],
)
def test_the_duckdb_engine_refuses_before_running(duckdb_path: Path, sql: str, found: str) -> None:
    """The engine's own gate, as on PostgreSQL. Before: DuckDB ran both statements of
    `SELECT 1; SELECT 2`, and a SET lasted into every later check on the connection."""
    engine = connect(f"duckdb:///{duckdb_path}")
    try:
        with pytest.raises(QueryFailed, match=f"^refused before sending: .*{found}"):
            engine.fetch(sql, 5, 5)
        assert engine.fetch("SELECT current_setting('TimeZone')", 5, 5).first_rows == (("UTC",),)
    finally:
        engine.close()


def test_duckdb_timeout_interrupts(duckdb_path: Path) -> None:
    engine = connect(f"duckdb:///{duckdb_path}")
    try:
        with pytest.raises(QueryTimeout, match=r"stopped after 0\.2s"):
            engine.fetch("SELECT count(*) FROM range(100000000000) a", 0.2, 5)
        assert engine.fetch("SELECT 1", 5, 5).first_rows == ((1,),)
    finally:
        engine.close()


def test_rows_are_counted_beyond_the_ones_kept(duckdb_path: Path) -> None:
    engine = connect(f"duckdb:///{duckdb_path}")
    try:
        fetched = engine.fetch("SELECT i FROM range(2500) AS t(i) ORDER BY i", 5, 3)
    finally:
        engine.close()
    assert (fetched.columns, fetched.first_rows, fetched.row_count) == (
        ("i",),
        ((0,), (1,), (2,)),
        2500,
    )


def test_relative_duckdb_paths_are_read_from_the_workspace(duckdb_path: Path) -> None:
    engine = connect(f"duckdb:///{duckdb_path.name}", base=duckdb_path.parent)
    engine.close()
    with pytest.raises(InputError, match=r"^cannot open duckdb:///absent.duckdb: no DuckDB"):
        connect("duckdb:///absent.duckdb", base=duckdb_path.parent)


def test_postgres_transactions_are_read_only_with_a_statement_timeout(postgres_url: str) -> None:
    engine = connect(postgres_url)
    try:
        assert engine.dialect == "postgres"
        # Each check's transaction: SET TRANSACTION READ ONLY and a local statement_timeout.
        setting = "SELECT current_setting('{}')"
        assert engine.fetch(setting.format("transaction_read_only"), 5, 5).first_rows == (("on",),)
        assert engine.fetch(setting.format("statement_timeout"), 1.5, 5).first_rows == (
            ("1500ms",),
        )
        assert engine.fetch(setting.format("TimeZone"), 5, 5).first_rows == (("UTC",),)
        # The engine's own gate refuses writes and side-effect functions before sending;
        # tests/checks/test_read_only_defence.py shows the server refusing what gets past.
        with pytest.raises(QueryFailed, match=r"refused before sending: .*found DELETE"):
            engine.fetch("DELETE FROM orders RETURNING 1", 5, 5)
        with pytest.raises(QueryFailed, match=r"refused before sending: .*nextval\(\)"):
            engine.fetch("SELECT nextval('order_ids')", 5, 5)
        with pytest.raises(QueryTimeout, match=r"stopped after 0\.3s"):
            engine.fetch("SELECT pg_sleep(5)", 0.3, 5)
        assert engine.fetch("SELECT count(*) FROM orders", 5, 5).first_rows == ((5,),)
    finally:
        engine.close()


def test_postgres_driver_suffix_and_postgres_scheme(postgres_url: str) -> None:
    for url in (
        postgres_url.replace("postgresql://", "postgresql+psycopg://"),
        postgres_url.replace("postgresql://", "postgres://"),
    ):
        engine = connect(url)
        try:
            assert engine.fetch("SELECT 1", 5, 1).first_rows == ((1,),)
        finally:
            engine.close()


def test_wrong_password_is_one_line_without_the_password(pg_server: Any) -> None:
    wrong = "Wr0ng:p@ss/word"
    with pytest.raises(InputError) as caught:
        connect(pg_server.url("checks_fixture", password=wrong))
    message = str(caught.value)
    assert "\n" not in message
    assert "password authentication failed" in message
    for shown in (wrong, quote(wrong, safe=""), pg_server.password):
        assert shown not in message
    assert f"postgresql://opsbook:***@127.0.0.1:{pg_server.port}/checks_fixture" in message


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://reader:Hunter2-pw@127.0.0.1:1/db", "Connection refused"),
        ("postgresql://reader:Hunter2-pw@no-such-host.invalid/db", "no-such-host.invalid"),
        ("postgresql://reader:Hunter2-pw@localhost:1/db", "Connection refused"),
    ],
)
def test_unreachable_postgres_is_one_line_without_the_password(url: str, says: str) -> None:
    with pytest.raises(InputError) as caught:
        connect(url)
    message = str(caught.value)
    assert "\n" not in message
    assert "Hunter2-pw" not in message
    assert says in message
    assert message.startswith("cannot connect to postgresql://reader:***@")


def test_missing_sqlalchemy_dialect_names_the_package() -> None:
    with pytest.raises(UsageError, match="pip install snowflake-sqlalchemy") as caught:
        connect("snowflake://reader:Hunter2-pw@account/db")
    assert "Hunter2-pw" not in str(caught.value)


def test_a_url_that_is_not_one_is_a_usage_error() -> None:
    for text in ("warehouse.duckdb", "reader:Hunter2-pw@db/analytics"):
        with pytest.raises(UsageError, match="expected a URL like duckdb:///") as caught:
            connect(text)
        assert "Hunter2-pw" not in str(caught.value)


def test_driver_messages_are_scrubbed_and_cut_to_one_line() -> None:
    secrets = Secrets(("p@ss word", "p%40ss%20word"))
    error = RuntimeError(
        "could not connect with password p@ss word\nDETAIL: dsn=postgresql://u:p%40ss%20word@h"
    )
    assert one_line(error, secrets) == "could not connect with password ***"
    several = RuntimeError(
        "Multiple connection attempts failed. All failures were:\n"
        "- host: 'localhost', port: 1, hostaddr: '::1': connection failed: refused\n"
        "- host: 'localhost', port: 1, hostaddr: '127.0.0.1': connection failed: refused"
    )
    assert "127.0.0.1" in one_line(several, secrets)


class TestSqlAlchemy:
    """Any other SQLAlchemy URL, tested on SQLite (in the standard library)."""

    @pytest.fixture
    def sqlite_db(self, tmp_path: Path) -> Path:
        db = tmp_path / "w.sqlite"
        with sqlite3.connect(db) as con:
            con.execute("CREATE TABLE t (x INTEGER)")
            con.execute("INSERT INTO t VALUES (1), (2)")
        con.close()
        return db

    def test_reads_and_refuses_writes(self, sqlite_db: Path) -> None:
        engine = connect(f"sqlite:///{sqlite_db}")
        assert isinstance(engine, SqlAlchemyEngine)
        try:
            assert engine.dialect == "sqlite"
            fetched = engine.fetch("SELECT x FROM t ORDER BY x", 5, 5)
            assert (fetched.columns, fetched.first_rows) == (("x",), ((1,), (2,)))
            # SQLite's own layer, without the engine's gate: the file is read-only.
            with pytest.raises(QueryFailed, match="readonly"):
                engine.fetch_unchecked("DELETE FROM t", 5, 5)
            assert engine.fetch("SELECT COUNT(*) FROM t", 5, 5).first_rows == ((2,),)
        finally:
            engine.close()

    @pytest.mark.parametrize(
        ("sql", "found"),
        [
            ("SELECT 1; SELECT 2", "expected exactly one statement; found 2"),
            ("DELETE FROM t", "found DELETE"),
            ("PRAGMA query_only = OFF", "found PRAGMA"),
            ("ATTACH 'other.sqlite' AS o", "found ATTACH"),
            ("SELECT load_extension('/tmp/evil.so')", r"load_extension\(\)"),
        ],
    )
    def test_the_engine_refuses_before_running(
        self, sqlite_db: Path, sql: str, found: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The engine's own gate, as on PostgreSQL (before: only SQLite's own refusals;
        `PRAGMA query_only = OFF` ran, and the ATTACH created an empty file)."""
        monkeypatch.chdir(sqlite_db.parent)  # where a gate-less ATTACH would create it
        engine = connect(f"sqlite:///{sqlite_db}")
        assert isinstance(engine, SqlAlchemyEngine)
        try:
            with pytest.raises(QueryFailed, match=f"^refused before sending: .*{found}"):
                engine.fetch(sql, 5, 5)
            assert engine.fetch_unchecked("PRAGMA query_only", 5, 5).first_rows == ((1,),)
        finally:
            engine.close()

    def test_a_colon_is_not_a_bind_parameter(self, sqlite_db: Path) -> None:
        engine = connect(f"sqlite:///{sqlite_db}")
        try:
            assert engine.fetch("SELECT ':x' AS t", 5, 5).first_rows == ((":x",),)
        finally:
            engine.close()

    def test_timeout_interrupts_the_query(self, sqlite_db: Path) -> None:
        engine = connect(f"sqlite:///{sqlite_db}")
        endless = (
            "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT COUNT(*) FROM c"
        )
        try:
            with pytest.raises(QueryTimeout, match=r"stopped after 0\.2s"):
                engine.fetch(endless, 0.2, 5)
            assert engine.fetch("SELECT COUNT(*) FROM t", 5, 5).first_rows == ((2,),)
        finally:
            engine.close()

    def test_relative_paths_are_read_from_the_workspace(
        self, sqlite_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As for DuckDB: `sqlite:///w.sqlite` is the workspace's file, wherever the
        command runs (before: it was looked for in the current directory)."""
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        monkeypatch.chdir(elsewhere)
        engine = connect(f"sqlite:///{sqlite_db.name}", base=sqlite_db.parent)
        try:
            assert engine.fetch("SELECT COUNT(*) FROM t", 5, 5).first_rows == ((2,),)
        finally:
            engine.close()
        missing = sqlite_db.parent / "absent.sqlite"
        with pytest.raises(InputError, match=f"no SQLite database at {missing}$"):
            connect("sqlite:///absent.sqlite", base=sqlite_db.parent)
        assert not missing.exists()
        assert list(elsewhere.iterdir()) == []

    def test_connects_up_front(self, tmp_path: Path) -> None:
        # A missing file is not created (an empty database would pass every check).
        with pytest.raises(InputError, match=r"^cannot open sqlite:///.*no SQLite database at"):
            connect(f"sqlite:///{tmp_path}/no/such/folder/w.sqlite")
        assert not (tmp_path / "no").exists()


class _UnknownToSqlglot(SQLiteDialect_pysqlite):  # a real SQLAlchemy dialect, renamed
    name = "opsbook-unknown"
    supports_statement_cache = True


def test_a_warehouse_whose_dialect_sqlglot_cannot_read_is_a_usage_error(tmp_path: Path) -> None:
    # Every query is parsed, checked and transpiled in the engine's dialect; sqlglot's
    # ValueError for an unknown one was a traceback.
    from sqlalchemy.dialects import registry

    registry.register("opsbookunknown", __name__, "_UnknownToSqlglot")
    with pytest.raises(UsageError, match="sqlglot has no 'opsbook-unknown' dialect"):
        connect(f"opsbookunknown:///{tmp_path / 'w.sqlite'}")
