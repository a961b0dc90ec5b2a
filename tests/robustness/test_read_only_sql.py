"""`opsbook check` opens SQLite and DuckDB files read-only and never creates one.

Before: `opsbook check --db sqlite:////tmp/typo.sqlite` created an empty database and
passed. (The PostgreSQL layers are tested against the real server in
tests/checks/test_read_only_defence.py.)
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import duckdb
import pytest
from tests.robustness.processes import FIXTURES

from opsbook.checks.engines import DuckDBEngine, QueryFailed, SqlAlchemyEngine, connect
from opsbook.cli.entry import main

WORKSPACE = FIXTURES / "checks" / "workspace"


@pytest.mark.parametrize("scheme", ["sqlite", "duckdb"])
def test_a_missing_database_file_is_exit_2_in_one_line(
    tmp_path: Path, scheme: str, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "typo.db"
    code = main(["check", "--root", str(WORKSPACE), "--db", f"{scheme}:///{typo}"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1, captured.err
    assert f"no {'SQLite' if scheme == 'sqlite' else 'DuckDB'} database at {typo}" in captured.err
    assert "Traceback" not in captured.err
    assert not typo.exists()


def test_sqlite_is_opened_read_only(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
        con.execute("INSERT INTO t VALUES (1)")
    con.close()
    engine = connect(f"sqlite:///{db}")
    assert isinstance(engine, SqlAlchemyEngine)
    try:
        assert engine.fetch("SELECT x FROM t", 5, 5).first_rows == ((1,),)
        # Past the engine's gate (which refuses both), lifting the session's query_only
        # pragma does not open the file for writing.
        with contextlib.suppress(QueryFailed):
            engine.fetch_unchecked("PRAGMA query_only = OFF", 5, 5)
        for write in ("DELETE FROM t", "CREATE TABLE u (y INT)"):
            with pytest.raises(QueryFailed, match="refused before sending"):
                engine.fetch(write, 5, 5)
            with pytest.raises(QueryFailed, match="readonly"):
                engine.fetch_unchecked(write, 5, 5)
    finally:
        engine.close()
    check = sqlite3.connect(db)
    assert check.execute("SELECT count(*) FROM t").fetchone() == (1,)
    assert check.execute("SELECT count(*) FROM sqlite_master").fetchone() == (1,)
    check.close()


def test_sqlite_extension_loading_is_refused_by_the_check() -> None:
    from opsbook.checks.sql import prepare_read_only
    from opsbook.errors import RefusedError

    with pytest.raises(RefusedError, match=r"load_extension\(\)"):
        prepare_read_only("SELECT load_extension('/tmp/evil.so')", "sqlite", "sqlite")


def test_duckdb_is_opened_read_only(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
        con.execute("INSERT INTO t VALUES (1)")
    engine = connect(f"duckdb:///{db}")
    assert isinstance(engine, DuckDBEngine)
    try:
        with pytest.raises(QueryFailed, match="refused before sending"):
            engine.fetch("DELETE FROM t", 5, 5)
        # DuckDB's own layer, past the engine's gate: the file is opened read-only.
        with pytest.raises(QueryFailed, match="read-only"):
            engine.fetch_unchecked("DELETE FROM t", 5, 5)
        with pytest.raises(QueryFailed):
            engine.fetch("SELECT * FROM read_text('/etc/passwd')", 5, 5)
    finally:
        engine.close()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (1,)
