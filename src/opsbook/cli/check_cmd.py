"""`opsbook check`: run runbooks' validation SQL and freshness checks on the warehouse."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import click

from opsbook.cli.common import (
    at_option,
    echo_diagnostics,
    format_option,
    home_zone,
    parse_at,
    path_option,
    root_option,
)
from opsbook.errors import UsageError


@click.command()
@root_option
@at_option
@format_option("text", "json")
@click.argument("runbooks", nargs=-1)
@click.option(
    "--db",
    metavar="URL",
    envvar="OPSBOOK_DB",
    help="duckdb:///path.duckdb, postgresql://user@host/db or any SQLAlchemy URL; "
    "${VAR} is read from the environment [env OPSBOOK_DB; default: opsbook.yaml "
    "spec.warehouse].",
)
@click.option("--warehouse", metavar="URL", hidden=True, help="Old name of --db.")
@click.option(
    "--only",
    "--query",
    "queries",
    metavar="NAME",
    multiple=True,
    help="Run only this check (a validation query, or freshness:TABLE); repeatable.",
)
@click.option(
    "--param",
    "params",
    metavar="NAME=VALUE",
    multiple=True,
    help="Value for a :NAME placeholder, e.g. date=2026-11-20 or date=today-2d; repeatable.",
)
@path_option(
    "--out",
    "Also write the results as JSON to this file (schemas/check-results.schema.json), "
    "for the site's check status and `opsbook handoff --results`.",
)
@click.option("--show-sql", is_flag=True, help="Also print the SQL that actually ran.")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds before a query is stopped.",
)
def check(
    root: Path,
    at: str | None,
    output_format: str,
    runbooks: tuple[str, ...],
    db: str | None,
    warehouse: str | None,
    queries: tuple[str, ...],
    params: tuple[str, ...],
    out: Path | None,
    show_sql: bool,
    timeout: float,
) -> int:
    """Run the validation queries and freshness checks of RUNBOOKS (default: all).

    Queries run read-only with a timeout; anything but a single SELECT/WITH is refused
    before it runs. :date and :yesterday stand for yesterday in the runbook's SLA zone,
    :today for today, :at for the instant (--at, default now). SQL is transpiled from
    each query's dialect to the warehouse's.

    Exit 0 when nothing fails at error severity, 1 when a check fails or cannot run,
    2 when the warehouse cannot be reached or the input is wrong.
    """
    from opsbook.checks.credentials import expand_environment
    from opsbook.checks.engines import connect
    from opsbook.checks.params import parse_overrides
    from opsbook.checks.report import render_json, render_text
    from opsbook.checks.results import exit_code
    from opsbook.checks.runner import CheckOptions, plan_checks, run_checks
    from opsbook.files.atomic import write_atomic
    from opsbook.loader import load_workspace

    overrides = parse_overrides(params)
    loaded = load_workspace(root)
    if not loaded.ok:
        echo_diagnostics(loaded.diagnostics, err=True)
        raise UsageError("not checking: fix the problems above first")
    ws = loaded.workspace
    instant = parse_at(at, zone=home_zone(ws))
    options = CheckOptions(
        at=instant, timeout=timeout, params=overrides, runbooks=runbooks, queries=queries
    )
    plan_checks(ws, options)  # unknown names are usage errors before anything connects
    url = db or warehouse or ws.spec.warehouse
    if not url:
        raise UsageError("no warehouse: pass --db URL or set spec.warehouse in opsbook.yaml")
    full_url, secrets = expand_environment(url, os.environ)
    engine = connect(full_url, secrets, base=root)
    try:
        results = run_checks(ws, engine, options, time.perf_counter)
    finally:
        engine.close()
    if out is not None:
        document = render_json(results, db=engine.shown_url, at=instant, with_sql=show_sql)
        write_atomic(out, document + "\n")
    if output_format == "json":
        click.echo(render_json(results, db=engine.shown_url, at=instant, with_sql=show_sql))
    else:
        tty = sys.stdout.isatty()
        color = tty and "NO_COLOR" not in os.environ
        width = shutil.get_terminal_size().columns if tty else _log_width()
        click.echo(render_text(results, width=width, color=color, with_sql=show_sql), nl=False)
    return exit_code(results)


def _log_width() -> int:
    """Width for output to a file or a CI log: $COLUMNS, else 120 (logs do not wrap)."""
    try:
        return max(60, int(os.environ.get("COLUMNS", "120")))
    except ValueError:
        return 120
