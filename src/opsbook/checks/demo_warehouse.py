"""The example workspace's demo warehouse: a small DuckDB database with one planted problem.

It is built from the SQL files in `opsbook/checks/demo/` (shipped in the wheel), run in
name order after the variable `check_at` is set to the instant the checks will run at,
so the data is the same, relative to that instant, on every build:

* `01-schema.sql`: every table the example runbooks read;
* `02-healthy.sql`: forty healthy days of orders, costs, users and events, and marts
  rebuilt an hour before `check_at`;
* `03-planted-stale-mart.sql`: the planted problem, a stale engagement mart behind a
  green DAG (its last rebuild 60 hours before `check_at`, while events keep arriving).

`python -m opsbook.checks.demo_warehouse [PATH] [--at ISO8601] [--healthy]` builds it
(as of now unless `--at`); `make demo` then runs `opsbook check` on it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

PLANTED = "03-planted-stale-mart.sql"
"""The file that plants the problem; left out for a healthy warehouse."""


def demo_sql_files(*, planted: bool = True) -> list[tuple[str, str]]:
    """(name, SQL text) of every demo file in build order."""
    folder = resources.files("opsbook.checks").joinpath("demo")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".sql"))
    return [
        (name, folder.joinpath(name).read_text(encoding="utf-8"))
        for name in names
        if planted or name != PLANTED
    ]


def build_demo_warehouse(path: Path, at: datetime, *, planted: bool = True) -> None:
    """Create (or replace) the demo database at `path`, its data relative to `at`."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    instant = at.astimezone(UTC).isoformat()
    with duckdb.connect(str(path)) as con:
        # Days are UTC days whatever the machine's zone, as in the checks' sessions.
        con.execute("SET TimeZone = 'UTC'")
        con.execute("SET VARIABLE check_at = CAST(? AS TIMESTAMPTZ)", [instant])
        for _name, sql in demo_sql_files(planted=planted):
            con.execute(sql)


def main(argv: list[str] | None = None) -> int:
    """Build the demo warehouse (used by `make demo`); the clock is read only here."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m opsbook.checks.demo_warehouse")
    parser.add_argument("path", nargs="?", default="build/demo.duckdb", type=Path)
    parser.add_argument("--at", help="instant the checks will run at (default: now)")
    parser.add_argument("--healthy", action="store_true", help="leave out the planted problem")
    args = parser.parse_args(argv)
    if args.at:
        at = datetime.fromisoformat(args.at.replace("Z", "+00:00"))
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
    else:
        at = datetime.now(UTC).replace(second=0, microsecond=0)
    build_demo_warehouse(args.path, at, planted=not args.healthy)
    problem = "no planted problem" if args.healthy else "planted: a stale engagement mart"
    print(f"demo warehouse {args.path} as of {at.isoformat()} ({problem})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
