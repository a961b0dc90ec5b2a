"""Warehouse connections that can only read, and stop a query that runs too long.

* DuckDB: opened `read_only` with external file access disabled, so a query cannot
  write, nor read files beside the database; a timer interrupts a slow query.
* PostgreSQL: the session starts with `default_transaction_read_only=on` and a
  `statement_timeout`; every check runs in a transaction that is rolled back.
* Anything else: a SQLAlchemy URL, in a transaction that is rolled back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from opsbook.errors import InputError, UsageError

_SQLALCHEMY_TO_SQLGLOT = {
    "postgresql": "postgres",
    "mssql": "tsql",
    "mysql": "mysql",
    "sqlite": "sqlite",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "duckdb": "duckdb",
    "oracle": "oracle",
    "redshift": "redshift",
    "trino": "trino",
}


class QueryTimeout(Exception):
    """The warehouse did not answer within the timeout."""


class Engine(Protocol):
    """A read-only connection to a warehouse."""

    dialect: str
    """The sqlglot dialect queries are transpiled to."""

    def fetch(self, sql: str, timeout: float) -> list[tuple[Any, ...]]:
        """Run one read-only query and return its rows."""
        ...

    def close(self) -> None: ...


class DuckDBEngine:
    dialect = "duckdb"

    def __init__(self, path: str) -> None:
        import duckdb

        if path != ":memory:" and not Path(path).is_file():
            raise InputError(f"no DuckDB database at {path}")
        self.connection = duckdb.connect(
            path, read_only=path != ":memory:", config={"enable_external_access": False}
        )

    def fetch(self, sql: str, timeout: float) -> list[tuple[Any, ...]]:
        import duckdb

        timer = threading.Timer(timeout, self.connection.interrupt)
        timer.start()
        try:
            return [tuple(row) for row in self.connection.execute(sql).fetchall()]
        except duckdb.InterruptException:
            raise QueryTimeout(f"query interrupted after {timeout:g}s") from None
        finally:
            timer.cancel()

    def close(self) -> None:
        self.connection.close()


class PostgresEngine:
    dialect = "postgres"

    def __init__(self, url: str) -> None:
        import psycopg

        try:
            self.connection = psycopg.connect(
                url, connect_timeout=10, options="-c default_transaction_read_only=on"
            )
        except psycopg.OperationalError as exc:
            raise InputError(f"cannot connect to PostgreSQL: {str(exc).strip()}") from None
        self.connection.read_only = True

    def fetch(self, sql: str, timeout: float) -> list[tuple[Any, ...]]:
        import psycopg

        try:
            with self.connection.transaction(force_rollback=True), self.connection.cursor() as cur:
                cur.execute(f"SET LOCAL statement_timeout = {int(timeout * 1000)}")
                cur.execute(sql.encode("utf-8"))
                return [tuple(row) for row in cur.fetchall()]
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"query cancelled after {timeout:g}s") from None

    def close(self) -> None:
        self.connection.close()


class SqlAlchemyEngine:
    def __init__(self, url: str) -> None:
        try:
            import sqlalchemy
        except ImportError:
            raise UsageError(
                f"warehouse {url.split(':', 1)[0]}: install SQLAlchemy and its driver "
                "(pip install 'opsbook[warehouse]') or use duckdb:/// or postgresql://"
            ) from None
        self.engine = sqlalchemy.create_engine(url)
        name = self.engine.dialect.name
        self.dialect = _SQLALCHEMY_TO_SQLGLOT.get(name, name)

    def fetch(self, sql: str, timeout: float) -> list[tuple[Any, ...]]:
        import sqlalchemy

        with self.engine.connect() as conn:
            transaction = conn.begin()
            try:
                result = conn.execute(sqlalchemy.text(sql))
                return [tuple(row) for row in result.fetchall()] if result.returns_rows else []
            finally:
                transaction.rollback()

    def close(self) -> None:
        self.engine.dispose()


def connect(url: str, base: Path | None = None) -> Engine:
    """Open a read-only engine for a warehouse URL; relative DuckDB paths from `base`."""
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    if scheme == "duckdb":
        path = url.split(":///", 1)[1] if ":///" in url else ":memory:"
        if path not in ("", ":memory:") and not Path(path).is_absolute() and base is not None:
            path = str(base / path)
        return DuckDBEngine(path or ":memory:")
    if scheme in ("postgresql", "postgres"):
        return PostgresEngine(url)
    if not scheme:
        raise UsageError(
            f"warehouse: expected a URL like duckdb:///warehouse.duckdb; found {url!r}"
        )
    return SqlAlchemyEngine(url)
