"""`opsbook check`: run runbooks' validation SQL and freshness checks on the warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import click

from opsbook.cli.common import at_option, echo_diagnostics, format_option, parse_at, root_option
from opsbook.errors import UsageError

_MARKS = {"pass": "ok  ", "warn": "WARN", "fail": "FAIL", "error": "ERR "}


@click.command()
@root_option
@at_option
@format_option("text", "json")
@click.argument("runbooks", nargs=-1)
@click.option(
    "--warehouse",
    metavar="URL",
    help="duckdb:///path.duckdb, postgresql://… or a SQLAlchemy URL "
    "(default: opsbook.yaml spec.warehouse).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds before a query is cancelled.",
)
def check(
    root: Path,
    at: str | None,
    output_format: str,
    runbooks: tuple[str, ...],
    warehouse: str | None,
    timeout: float,
) -> int:
    """Run the validation queries and freshness thresholds of RUNBOOKS (default: all).

    Queries run read-only with a timeout; anything but a single SELECT/WITH is refused
    before it runs. SQL is transpiled from each query's dialect to the warehouse's.
    Exit 0 when every check passes (warnings allowed), 1 when one fails.
    """
    from opsbook.checks.engines import connect
    from opsbook.checks.runner import exit_code, run_checks, summarize
    from opsbook.loader import load_workspace

    result = load_workspace(root)
    if not result.ok:
        echo_diagnostics(result.diagnostics)
        return 1
    ws = result.workspace
    url = warehouse or ws.spec.warehouse
    if not url:
        raise UsageError("no warehouse: pass --warehouse URL or set spec.warehouse in opsbook.yaml")
    engine = connect(url, base=root)
    try:
        results = run_checks(ws, engine, parse_at(at), list(runbooks) or None, timeout)
    finally:
        engine.close()
    counts = summarize(results)
    if output_format == "json":
        click.echo(
            json.dumps(
                {"warehouse": url, "summary": counts, "checks": [r.to_json() for r in results]},
                indent=2,
            )
        )
        return exit_code(results)
    for r in results:
        click.echo(f"{_MARKS[r.status]} {r.runbook} / {r.check}: {r.message}")
        for row in r.sample:
            click.echo(f"       | {' | '.join(row)}")
    click.echo(
        f"{counts['pass']} passed, {counts['warn']} warnings, {counts['fail']} failed, "
        f"{counts['error']} errors",
        err=True,
    )
    return exit_code(results)
