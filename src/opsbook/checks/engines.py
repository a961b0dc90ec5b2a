"""Warehouse connections that can only read, and stop a query that runs too long.

Sessions run in UTC, so a timestamp cast to a date gives the same day on every machine.

Every engine's `fetch` first applies its own gate (`read_only_refusal`, the same rule
as the checks'): it refuses,
before sending anything, what is not exactly one read-only SELECT or calls a
side-effect function (`opsbook.sql_safety`), whoever calls it. The checks are proven
read-only before they get there; the gate is for everything else, and the database's
own layers below hold without it (`fetch_unchecked`, which the tests call).

* DuckDB (`duckdb:///path.duckdb`, the embedded default): opened `read_only` with
  external file access disabled, so a query can neither write nor read files beside
  the database; a timer interrupts a query that outlives the timeout. The gate keeps
  a `SET` from changing the connection that later checks share.
* PostgreSQL (`postgresql://…`, psycopg), in depth, so that no single slip writes:
  the session starts with `default_transaction_read_only=on` (a startup parameter) and
  `SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`; every check runs in its own
  transaction opened `READ ONLY` with `SET LOCAL statement_timeout`, then rolled back,
  so a setting changed inside it is undone with it; the query goes through the
  extended protocol, which carries exactly one statement (`COMMIT; BEGIN READ WRITE;
  DELETE …` is an error, not three statements). Give it a reader role all the same:
  a superuser can still read the server's files through functions no list can foresee.
* SQLite (`sqlite:///file`): opened through a `mode=ro` URI, so a typo in the path is a
  missing file (exit 2), never a new empty database that passes every check.
* Any other SQLAlchemy URL (Snowflake, BigQuery, MySQL, SQLite… through their dialect
  packages): a transaction that is rolled back, the dialect's own read-only and timeout
  settings where it has them, and a watchdog that cancels the query otherwise.

Every engine connects when it is created, so an unreachable warehouse is one
`InputError` (exit 2) before any check runs, and every message about the warehouse is
scrubbed of its credentials.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from opsbook.checks.credentials import Secrets, redact, secrets_of
from opsbook.errors import InputError, UsageError

_SQLALCHEMY_TO_SQLGLOT = {
    "postgresql": "postgres",
    "mssql": "tsql",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "duckdb": "duckdb",
    "oracle": "oracle",
    "redshift": "redshift",
    "trino": "trino",
    "databricks": "databricks",
}
_DIALECT_PACKAGES = {
    "snowflake": "snowflake-sqlalchemy",
    "bigquery": "sqlalchemy-bigquery",
    "redshift": "sqlalchemy-redshift",
    "databricks": "databricks-sqlalchemy",
    "trino": "'trino[sqlalchemy]'",
    "mysql": "mysqlclient (or use mysql+pymysql:// with pymysql)",
    "mssql": "pyodbc",
    "oracle": "oracledb",
    "postgresql": "psycopg2-binary (or use postgresql:// for the built-in psycopg)",
}
"""What to install for a SQLAlchemy URL whose dialect or driver is missing."""
_BATCH = 1000


class QueryTimeout(Exception):
    """The warehouse did not answer within the timeout; the query was stopped."""


class QueryFailed(Exception):
    """The warehouse rejected the query; the message is one line, free of credentials."""


@dataclass(frozen=True)
class Fetched:
    """What a query returned: its columns, its first rows and how many rows in all."""

    columns: tuple[str, ...]
    first_rows: tuple[tuple[Any, ...], ...]
    row_count: int


class Engine(Protocol):
    """A read-only connection to a warehouse."""

    dialect: str
    """The sqlglot dialect queries are transpiled to."""
    shown_url: str
    """The URL with its credentials masked, for output."""
    secrets: Secrets
    """What must never be shown: scrubbed from every message about this warehouse."""

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        """Run one read-only query, keep its first `keep` rows and count the rest.

        Raises QueryTimeout when it runs longer than `timeout` seconds, QueryFailed
        when the warehouse rejects it.
        """
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


def one_line(exc: BaseException, secrets: Secrets) -> str:
    """A driver error as one line without credentials: the most specific part of it."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    # libpq lists every address it tried under a general heading; the last says why.
    if len(lines) > 1 and lines[0].lower().startswith("multiple connection attempts failed"):
        lines = lines[-1:]
    text = re.sub(r"^\(?[\w.]+\)?\s*", "", lines[0]) if lines[0].startswith("(") else lines[0]
    text = re.sub(r"^connection failed:\s*", "", text)
    text = re.sub(r"\s+", " ", text)
    return secrets.scrub(text)


def _drain(cursor: Any, keep: int) -> Fetched:
    """Read a DB-API cursor in batches: the first `keep` rows and a count of all."""
    columns = tuple(str(d[0]) for d in (cursor.description or ()))
    first: list[tuple[Any, ...]] = []
    count = 0
    while batch := cursor.fetchmany(_BATCH):
        if len(first) < keep:
            first.extend(tuple(row) for row in batch[: keep - len(first)])
        count += len(batch)
    return Fetched(columns, tuple(first), count)


@contextmanager
def _watchdog(timeout: float, stop: Callable[[], object]) -> Iterator[threading.Event]:
    """Call `stop` from another thread if the block outlives `timeout`; set the event."""
    fired = threading.Event()

    def expire() -> None:
        fired.set()
        stop()

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()


class DuckDBEngine:
    """An embedded DuckDB database file, opened read-only."""

    dialect = "duckdb"

    def __init__(self, path: str, shown_url: str) -> None:
        import duckdb

        self.shown_url = shown_url
        self.secrets = Secrets()
        if path != ":memory:" and not Path(path).is_file():
            raise InputError(f"cannot open {shown_url}: no DuckDB database at {path}")
        try:
            self.connection = duckdb.connect(
                path, read_only=path != ":memory:", config={"enable_external_access": False}
            )
            self.connection.execute("SET TimeZone = 'UTC'")
        except duckdb.Error as exc:
            raise InputError(f"cannot open {shown_url}: {one_line(exc, Secrets())}") from None

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        _gate(sql, self.dialect)
        return self.fetch_unchecked(sql, timeout, keep)

    def fetch_unchecked(self, sql: str, timeout: float, keep: int) -> Fetched:
        """`fetch` without the engine's own gate: only DuckDB's layers (a read-only file,
        no external access). The tests call this to show they hold alone."""
        import duckdb

        try:
            with _watchdog(timeout, self.connection.interrupt) as fired:
                cursor = self.connection.execute(sql)
                return _drain(cursor, keep)
        except duckdb.InterruptException:
            raise QueryTimeout(f"stopped after {timeout:g}s (timeout)") from None
        except duckdb.Error as exc:
            if fired.is_set():
                raise QueryTimeout(f"stopped after {timeout:g}s (timeout)") from None
            raise QueryFailed(one_line(exc, Secrets())) from None

    def close(self) -> None:
        self.connection.close()


class PostgresEngine:
    """A PostgreSQL server through psycopg, in read-only transactions."""

    dialect = "postgres"

    def __init__(self, url: str, secrets: Secrets) -> None:
        import psycopg

        self.shown_url = redact(url)
        self.secrets = secrets
        try:
            self.connection = psycopg.connect(
                url,
                autocommit=True,
                connect_timeout=10,
                application_name="opsbook-check",
                options="-c default_transaction_read_only=on -c TimeZone=UTC",
            )
        except psycopg.Error as exc:
            raise InputError(
                f"cannot connect to {self.shown_url}: {one_line(exc, secrets)}"
            ) from None
        # psycopg then opens each transaction with BEGIN READ ONLY as well.
        self.connection.read_only = True
        try:
            self.connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        except psycopg.Error as exc:
            raise InputError(
                f"cannot make the session read-only on {self.shown_url}: {one_line(exc, secrets)}"
            ) from None

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        _gate(sql, self.dialect)
        return self.fetch_unchecked(sql, timeout, keep)

    def fetch_unchecked(self, sql: str, timeout: float, keep: int) -> Fetched:
        """`fetch` without the engine's own gate: only the server-side layers (read-only
        session and transaction, one statement, rollback). Each layer must hold alone;
        the tests call this to show the server's part does."""
        import psycopg

        try:
            with self.connection.transaction(force_rollback=True), self.connection.cursor() as cur:
                cur.execute("SET TRANSACTION READ ONLY")
                cur.execute(f"SET LOCAL statement_timeout = {max(1, round(timeout * 1000))}")
                # In a pipeline, psycopg sends Parse/Bind/Execute (the extended protocol)
                # with an unnamed statement instead of a simple Query message: the server
                # runs one statement or none, and no named prepared statement is left
                # (which a PgBouncer in transaction mode could not follow).
                with self.connection.pipeline():
                    cur.execute(sql.encode("utf-8"))
                return _drain(cur, keep)
        except psycopg.errors.QueryCanceled:
            raise QueryTimeout(f"stopped after {timeout:g}s (statement_timeout)") from None
        except psycopg.Error as exc:
            raise QueryFailed(one_line(exc, self.secrets)) from None

    def close(self) -> None:
        self.connection.close()


def read_only_refusal(statements: Sequence[Any]) -> str | None:
    """Why a query, parsed into `statements`, must not run, or None: it must be exactly
    one read-only SELECT/WITH/VALUES (`opsbook.sql_safety`) calling no side-effect
    function. The one rule of `opsbook check`: `prepare_read_only` applies it to the
    query as written, and every engine's `fetch` to what it is asked to send."""
    from sqlglot import exp

    from opsbook.sql_safety import first_write, is_read_only, side_effect_function

    if len(statements) != 1:
        return f"expected exactly one statement; found {len(statements)}"
    (tree,) = statements
    if not is_read_only(tree):
        if isinstance(tree, exp.Query | exp.Values):
            found = f"{(first_write(tree) or tree.key).upper()} inside it"
        elif isinstance(tree, exp.Command):  # CALL, LOAD…: sqlglot keeps the keyword
            found = str(tree.this).upper()
        else:
            found = tree.key.upper()
        return f"expected a read-only SELECT or WITH query; found {found}"
    calls = side_effect_function(tree)
    if calls is not None:
        return (
            f"expected a query that only reads tables; found a call to {calls}(), which acts "
            "on the server, its files or other sessions"
        )
    return None


def _gate(sql: str, dialect: str) -> None:
    """Raise QueryFailed, as the warehouse would, for a query the engine must not send:
    the caller reports it like any rejected query, as an error result with the reason.
    The checks were proven read-only before; this is for whatever else calls `fetch`."""
    import sqlglot
    from sqlglot.errors import SqlglotError

    try:
        statements = [s for s in sqlglot.parse(sql, read=dialect) if s is not None]
    except SqlglotError:
        raise QueryFailed(
            f"refused before sending: the query does not parse as {dialect}"
        ) from None
    refusal = read_only_refusal(statements)
    if refusal is not None:
        raise QueryFailed(f"refused before sending: {refusal}")


class SqlAlchemyEngine:
    """Any database with a SQLAlchemy dialect, in transactions that are rolled back."""

    def __init__(self, url: str, secrets: Secrets) -> None:
        self.shown_url = redact(url)
        self.secrets = secrets
        scheme = urlsplit(url).scheme
        try:
            import sqlalchemy
            from sqlalchemy import exc as sa_exc
        except ImportError:
            raise UsageError(
                f"{scheme} warehouse: install SQLAlchemy and the dialect package "
                "(pip install 'opsbook[warehouse]' plus e.g. snowflake-sqlalchemy)"
            ) from None
        try:
            self.engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
        except (sa_exc.NoSuchModuleError, ImportError) as exc:
            package = _DIALECT_PACKAGES.get(scheme.split("+", 1)[0], "its SQLAlchemy dialect")
            raise UsageError(
                f"{scheme} warehouse: its SQLAlchemy dialect or driver is not installed "
                f"({one_line(exc, secrets)}); pip install {package}"
            ) from None
        except sa_exc.ArgumentError as exc:
            raise UsageError(f"cannot read {self.shown_url}: {one_line(exc, secrets)}") from None
        name = self.engine.dialect.name
        self.dialect = _SQLALCHEMY_TO_SQLGLOT.get(name, name)
        from sqlglot.dialects.dialect import Dialect

        if Dialect.get(self.dialect) is None:
            # Queries are parsed, checked and transpiled in the engine's dialect: one
            # sqlglot cannot read is refused before connecting.
            self.engine.dispose()
            raise UsageError(
                f"{scheme} warehouse: sqlglot has no {name!r} dialect to check and translate "
                "the queries in; expected a warehouse sqlglot reads (duckdb, postgres, "
                "sqlite, snowflake, bigquery, mysql, tsql, …)"
            )
        try:
            self.connection = self.engine.connect()
        except sa_exc.SQLAlchemyError as exc:
            self.engine.dispose()
            orig = getattr(exc, "orig", None) or exc
            raise InputError(
                f"cannot connect to {self.shown_url}: {one_line(orig, secrets)}"
            ) from None
        self._session_read_only()

    def _session_read_only(self) -> None:
        """Session-wide read-only settings, for the dialects that have one."""
        name = self.engine.dialect.name
        statement = {
            "sqlite": "PRAGMA query_only = ON",
            "mysql": "SET SESSION TRANSACTION READ ONLY",
            "mariadb": "SET SESSION TRANSACTION READ ONLY",
        }.get(name)
        if statement:
            self.connection.exec_driver_sql(statement)
            self.connection.commit()

    def _transaction_settings(self, timeout: float) -> tuple[list[str], bool]:
        """Statements opening a check's transaction, and whether the server times it out."""
        name = self.engine.dialect.name
        ms = max(1, round(timeout * 1000))
        if name in ("postgresql", "redshift"):
            return ["SET TRANSACTION READ ONLY", f"SET LOCAL statement_timeout = {ms}"], True
        if name in ("mysql", "mariadb"):
            return [f"SET SESSION max_execution_time = {ms}"], True
        if name == "snowflake":
            return [
                f"ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = {max(1, round(timeout))}"
            ], True
        return [], False

    def _cancel(self) -> None:
        """Stop the running query from the watchdog thread, however the driver can."""
        raw = self.connection.connection.dbapi_connection
        for method in ("interrupt", "cancel"):
            stop = getattr(raw, method, None)
            if callable(stop):
                stop()
                return

    def fetch(self, sql: str, timeout: float, keep: int) -> Fetched:
        _gate(sql, self.dialect)
        return self.fetch_unchecked(sql, timeout, keep)

    def fetch_unchecked(self, sql: str, timeout: float, keep: int) -> Fetched:
        """`fetch` without the engine's own gate: only the database's layers (SQLite's
        read-only file and query_only, a rolled-back transaction). The tests call this
        to show they hold alone."""
        from sqlalchemy import exc as sa_exc

        settings, server_timeout = self._transaction_settings(timeout)
        fired = threading.Event()
        transaction = self.connection.begin()
        try:
            for statement in settings:
                self.connection.exec_driver_sql(statement)
            # Queries are run as the driver's own SQL: bound values are already literals,
            # and a colon in the text is not a SQLAlchemy bind parameter.
            if server_timeout:
                result = self.connection.exec_driver_sql(sql)
                return _drain(result.cursor, keep) if result.returns_rows else Fetched((), (), 0)
            with _watchdog(timeout, self._cancel) as fired:
                result = self.connection.exec_driver_sql(sql)
                return _drain(result.cursor, keep) if result.returns_rows else Fetched((), (), 0)
        except sa_exc.DBAPIError as exc:
            if fired.is_set() or _looks_cancelled(exc):
                raise QueryTimeout(f"stopped after {timeout:g}s (timeout)") from None
            raise QueryFailed(one_line(exc.orig or exc, self.secrets)) from None
        except sa_exc.SQLAlchemyError as exc:
            raise QueryFailed(one_line(exc, self.secrets)) from None
        finally:
            if transaction.is_active:
                transaction.rollback()

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


def _looks_cancelled(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(
        word in text
        for word in (
            "statement timeout",
            "canceling statement",
            "max_execution_time",
            "interrupted",
        )
    )


def connect(url: str, secrets: Secrets | None = None, base: Path | None = None) -> Engine:
    """Open a read-only engine for a warehouse URL; relative DuckDB and SQLite paths
    from `base` (the workspace root), not from wherever the command was started.

    `secrets` are scrubbed from every message besides the URL's own password (pass
    what `expand_environment` found). Raises InputError when the warehouse cannot be
    reached, UsageError when the URL cannot work.
    """
    secrets = Secrets((secrets or Secrets()).values + secrets_of(url).values)
    parts = urlsplit(url)
    scheme, _, driver = parts.scheme.partition("+")
    if scheme == "duckdb":
        path = url.split(":///", 1)[1].split("?", 1)[0] if ":///" in url else ":memory:"
        return DuckDBEngine(_from_base(path, base) or ":memory:", redact(url))
    if scheme in ("postgresql", "postgres") and driver in ("", "psycopg"):
        native = url.replace(f"{parts.scheme}://", "postgresql://", 1)
        return PostgresEngine(native, secrets)
    if scheme == "sqlite" and driver in ("", "pysqlite"):
        url = _sqlite_read_only(url, base)
    if not scheme or "://" not in url:
        # Not echoed: text that is not a URL may still hold a password.
        raise UsageError(
            "--db: expected a URL like duckdb:///warehouse.duckdb or "
            "postgresql://user@host/db; found text without scheme://"
        )
    return SqlAlchemyEngine(url, secrets)


def _from_base(path: str, base: Path | None) -> str:
    """A database file's path from the URL, a relative one read from `base`; an empty
    path and `:memory:` are no file and stay as they are."""
    if path in ("", ":memory:") or Path(path).is_absolute() or base is None:
        return path
    return str(base / path)


def _sqlite_read_only(url: str, base: Path | None) -> str:
    """The SQLite URL opened through a `mode=ro` URI; InputError when the file is missing
    (sqlite would create an empty database, and every check on it would pass)."""
    from urllib.parse import quote

    rest = url.split(":///", 1)[1] if ":///" in url else ""
    path, _, query = rest.partition("?")
    if path in ("", ":memory:") or path.startswith("file:"):
        return url  # an in-memory database, or a URI the user wrote themselves
    path = _from_base(path, base)
    if not Path(path).is_file():
        raise InputError(f"cannot open {redact(url)}: no SQLite database at {path}")
    extra = f"&{query}" if query else ""
    return f"sqlite:///file:{quote(str(Path(path).resolve()))}?mode=ro&uri=true{extra}"
