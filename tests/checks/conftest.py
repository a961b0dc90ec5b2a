"""Real engines for the checks: a PostgreSQL 15 server of the suite's own on loopback,
and DuckDB files, both seeded from the same fixture SQL.

The server is started once per test process (session scope; one per xdist worker) in a
temp folder with initdb/pg_ctl, and requires a password over TCP so a wrong one can be
tested. Checks only read, so one seeded database per session serves every test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
SEED_SQL = FIXTURES / "seed.sql"
WORKSPACE = FIXTURES / "workspace"
AT = "2026-11-23T09:00:00+00:00"
"""The instant the fixture data is written for."""
PASSWORD = "s3cret-Pw!with:at@sign"
"""The server's password: characters a URL must escape, so redaction is tested on them."""


@dataclass(frozen=True)
class PgServer:
    host: str
    port: int
    user: str
    password: str

    def url(self, database: str = "postgres", password: str | None = None) -> str:
        from urllib.parse import quote

        secret = quote(self.password if password is None else password, safe="")
        return f"postgresql://{self.user}:{secret}@{self.host}:{self.port}/{database}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb refuses to run as root; CI runs as root, so drop to the postgres user.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries not installed")
    # pytest's temp folders are private to root; the server runs as postgres, so it
    # gets a folder of its own.
    base = Path(tempfile.mkdtemp(prefix="opsbook-pg-"))
    data = base / "data"
    data.mkdir()
    pwfile = base / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    log = base / "pg.log"
    log.touch()
    for path in (base, data, pwfile, log):
        _own(path)
    port = _free_port()
    initdb = [
        str(PG_BIN / "initdb"),
        "-D",
        str(data),
        "-U",
        "opsbook",
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
    ]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w"]
    subprocess.run(_as_postgres([*start, "start"]), check=True, capture_output=True)
    server = PgServer("127.0.0.1", port, "opsbook", PASSWORD)
    try:
        import psycopg

        deadline = time.monotonic() + 20
        while True:
            try:
                psycopg.connect(server.url(), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url(pg_server: PgServer) -> str:
    """A database seeded with tests/fixtures/checks/seed.sql, as a URL with its password."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        con.execute("CREATE DATABASE checks_fixture")
    url = pg_server.url("checks_fixture")
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(SEED_SQL.read_text(encoding="utf-8").encode("utf-8"))
    return url


@pytest.fixture(scope="session")
def duckdb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB file seeded with the same fixture SQL."""
    path = tmp_path_factory.mktemp("duckdb") / "fixture.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(SEED_SQL.read_text(encoding="utf-8"))
    return path


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.slow)])
def db_url(request: pytest.FixtureRequest) -> str:
    """The seeded fixture warehouse on each engine in turn."""
    if request.param == "duckdb":
        path: Path = request.getfixturevalue("duckdb_path")
        return f"duckdb:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    return url
