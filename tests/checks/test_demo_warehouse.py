"""The example workspace's checks on the demo warehouse: every query runs, and the one
planted problem (a stale engagement mart behind a green DAG) is what fails.

Regenerate the report snapshot after a reviewed change with
`OPSBOOK_UPDATE_SNAPSHOTS=1 pytest tests/checks/test_demo_warehouse.py`.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from opsbook.checks.demo_warehouse import PLANTED, build_demo_warehouse, demo_sql_files
from opsbook.checks.engines import connect
from opsbook.checks.report import render_text
from opsbook.checks.results import CheckResult, exit_code
from opsbook.checks.runner import CheckOptions, run_checks
from opsbook.cli.entry import main
from opsbook.loader import load_workspace

if TYPE_CHECKING:
    from tests.conftest import Snapshot

REPO = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PLANTED_CATCHES = {
    ("engagement-aggregate", "engagement-mart-fresh"),
    ("engagement-aggregate", "engagement-yesterday-loaded"),
    ("engagement-aggregate", "dau-matches-events"),
    ("engagement-aggregate", "freshness:agg_engagement_daily"),
}
"""Every check that sees the stale engagement mart, and nothing else."""


def _check_example(url: str, at: datetime) -> list[CheckResult]:
    ws = load_workspace(REPO).workspace
    engine = connect(url)
    ticks = itertools.count()
    try:
        return run_checks(ws, engine, CheckOptions(at=at), lambda: next(ticks) / 1000)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_warehouse(path, AT)
    return path


def test_only_the_planted_problem_fails(demo: Path) -> None:
    results = _check_example(f"duckdb:///{demo}", AT)
    ws = load_workspace(REPO).workspace
    assert len(results) == sum(
        len(rb.spec.validation) + len(rb.spec.freshness) for rb in ws.runbooks.values()
    )
    assert [(r.check, r.message) for r in results if r.status == "error"] == []
    assert {(r.runbook, r.check) for r in results if r.status != "pass"} == PLANTED_CATCHES
    assert {r.status for r in results if (r.runbook, r.check) in PLANTED_CATCHES} == {"fail"}
    assert exit_code(results) == 1
    stale = next(r for r in results if r.check == "freshness:agg_engagement_daily")
    assert stale.message == "2d12h old (newest 2026-11-20 21:00 UTC), over error_after 2d"
    # The upstream is fresh: this is a mart left out of the run, not an ingestion stall.
    events = next(r for r in results if r.check == "freshness:fact_events")
    assert (events.status, events.message) == ("pass", "10m old; warn after 6h, error after 12h")


def test_the_examples_use_every_expectation_kind(demo: Path) -> None:
    results = {r.check: r for r in _check_example(f"duckdb:///{demo}", AT)}
    assert results["costs-attached"].message == "share_with_cost = 1.0, at least 0.95"
    assert results["revenue-reconciles"].message == "difference = 0, between -0.01 and 0.01"
    info = results["events-by-name"]
    assert info.informational
    assert info.status == "pass"
    assert [row[0] for row in info.rows] == ["page_view", "login"]


@pytest.mark.parametrize(
    "at",
    [
        AT,
        datetime(2026, 11, 23, 0, 5, tzinfo=UTC),  # just after midnight
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # the night Europe moves its clocks
        datetime(2028, 2, 29, 23, 50, tzinfo=UTC),  # a leap day, just before midnight
    ],
)
def test_a_healthy_build_passes_at_any_instant(tmp_path: Path, at: datetime) -> None:
    path = tmp_path / "healthy.duckdb"
    build_demo_warehouse(path, at, planted=False)
    results = _check_example(f"duckdb:///{path}", at)
    assert [(r.check, r.status, r.message) for r in results if r.status != "pass"] == []


def test_the_demo_report(demo: Path, snapshot: Snapshot) -> None:
    """The text report of the demo, byte for byte (durations from a fake stopwatch)."""
    text = render_text(_check_example(f"duckdb:///{demo}", AT), width=120)
    snapshot("demo-check.txt", text)


def test_the_build_is_the_same_every_time(tmp_path: Path, demo: Path) -> None:
    again = tmp_path / "again.duckdb"
    build_demo_warehouse(again, AT)
    tables = [
        name
        for (name,) in duckdb.connect(str(demo), read_only=True)
        .execute("SELECT table_name FROM information_schema.tables ORDER BY 1")
        .fetchall()
    ]
    assert "agg_engagement_daily" in tables
    for table in tables:
        query = f"SELECT * FROM {table} ORDER BY ALL"
        with duckdb.connect(str(demo), read_only=True) as a, duckdb.connect(str(again)) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_the_sql_files_ship_in_the_package() -> None:
    names = [name for name, _ in demo_sql_files()]
    assert names == ["01-schema.sql", "02-healthy.sql", PLANTED]
    assert PLANTED not in [name for name, _ in demo_sql_files(planted=False)]
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["opsbook"]
    for name in names:
        assert any(fnmatch(f"checks/demo/{name}", p) for p in patterns), name


def test_make_demo_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What `make demo` runs: build the warehouse, then check; exit 1 is the catch."""
    path = tmp_path / "build" / "demo.duckdb"
    built = subprocess.run(
        [sys.executable, "-m", "opsbook.checks.demo_warehouse", str(path), "--at", AT.isoformat()],
        capture_output=True,
        text=True,
        check=True,
    )
    assert built.stdout.startswith(f"demo warehouse {path} as of 2026-11-23T09:00:00+00:00")
    args = ["check", "--root", str(REPO), "--db", f"duckdb:///{path}", "--at", AT.isoformat()]
    assert main([*args, "--format", "json"]) == 1
    import json

    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    failing = {(r["runbook"], r["check"]) for r in document["results"] if r["status"] != "pass"}
    assert failing == PLANTED_CATCHES


def test_the_example_runbooks_run_on_postgresql_too(demo: Path, pg_server: Any) -> None:
    """The same runbooks (DuckDB dialect), transpiled for PostgreSQL, on a copy of the
    demo warehouse: the same verdicts."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        con.execute("DROP DATABASE IF EXISTS demo_copy")
        con.execute("CREATE DATABASE demo_copy")
    url = pg_server.url("demo_copy")
    with duckdb.connect(str(demo), read_only=True) as source, psycopg.connect(url) as target:
        source.execute("SET TimeZone = 'UTC'")
        columns = source.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " ORDER BY table_name, ordinal_position"
        ).fetchall()
        tables: dict[str, list[tuple[str, str]]] = {}
        for table, column, kind in columns:
            tables.setdefault(table, []).append((column, kind))
        for table, cols in tables.items():
            ddl = ", ".join(
                f"{c} {'timestamptz' if k == 'TIMESTAMP WITH TIME ZONE' else k}" for c, k in cols
            )
            target.execute(f"CREATE TABLE {table} ({ddl})")
            rows = source.execute(f"SELECT * FROM {table}").fetchall()
            with target.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    on_postgres = {(r.runbook, r.check): r for r in _check_example(url, AT)}
    on_duckdb = {(r.runbook, r.check): r for r in _check_example(f"duckdb:///{demo}", AT)}
    assert {k: r.status for k, r in on_postgres.items()} == {
        k: r.status for k, r in on_duckdb.items()
    }
    assert [(k, r.message) for k, r in on_postgres.items() if r.status == "error"] == []
