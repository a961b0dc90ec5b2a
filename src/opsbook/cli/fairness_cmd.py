"""`opsbook fairness`: what each member of a rotation actually worked, side by side."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsbook.cli.common import at_option, format_option, parse_day, root_option
from opsbook.errors import UsageError

if TYPE_CHECKING:
    from opsbook.schedule.fairness import FairnessReport


@click.command()
@click.argument("rotation")
@click.option(
    "--from",
    "first",
    default=None,
    metavar="DATE",
    help="First day (default: the rotation's start).",
)
@click.option(
    "--to", "last", default=None, metavar="DATE", help="Last day, inclusive (default: up to --at)."
)
@at_option
@format_option("text", "json")
@root_option
def fairness(
    rotation: str,
    first: str | None,
    last: str | None,
    at: str | None,
    output_format: str,
    root: Path,
) -> int:
    """Per member of ROTATION: shifts per role, on-call hours, weekend hours, own-holiday
    hours and burden points, with the spread (max - min) of each.

    Counts what people actually worked: the lock with swaps and covers applied. Days are
    read in the rotation's handoff zone; without --to the window ends at --at (now). The
    last row is the planner's bound on its burden spread, in its own measure (the whole
    lock, newcomers starting at the team's average), not the window's.
    """
    from opsbook.cli.common import home_zone, load_despite_errors, parse_at
    from opsbook.schedule.fairness import fairness_report
    from opsbook.schedule.shifts import local_instant, zone

    loaded = load_despite_errors(root)
    ws = loaded.workspace
    instant = parse_at(at, zone=home_zone(ws))
    rot = ws.rotations.get(rotation)
    if rot is None:
        from opsbook.loader.references import unknown_rotation

        raise UsageError(unknown_rotation(rotation, ws.rotations))
    if rotation not in ws.locks:
        raise UsageError(f"{rotation} has no lock file yet: run `opsbook plan {rotation}` first")
    home = zone(rot.spec.shift.handoff.timezone)
    midnight = datetime.min.time()
    start_day = parse_day(first, "--from") or rot.spec.start
    start = local_instant(start_day, midnight, home)
    end_day = parse_day(last, "--to")
    end = local_instant(end_day + timedelta(days=1), midnight, home) if end_day else instant
    if end <= start:
        raise UsageError(f"the window is empty: {start.isoformat()} to {end.isoformat()}")
    report = fairness_report(ws, rotation, start, end)
    if output_format == "json":
        sys.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        _table(report)
    return 1 if not loaded.ok else 0


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.005 else f"{value:.2f}"


def _table(report: FairnessReport) -> None:
    from rich.console import Console
    from rich.table import Table

    tz = report.start.tzinfo
    first = report.start.strftime("%Y-%m-%d %H:%M")
    last = report.end.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    table = Table(title=f"{report.rotation}: worked from {first} to {last} ({tz})")
    columns = ["member", *report.roles, "hours", "weekend h", "holiday h", "burden"]
    for column in columns:
        table.add_column(column, justify="left" if column == "member" else "right")
    for row in report.members:
        joined = (
            f" (joined {row.joined})" if row.joined and row.joined > report.start.date() else ""
        )
        table.add_row(
            row.member + joined,
            *(_number(row.shifts.get(r, 0.0)) for r in report.roles),
            _number(row.burden.hours),
            _number(row.burden.weekend_hours),
            _number(row.burden.holiday_hours),
            _number(row.burden.points),
        )
    spread = report.spread()
    table.add_section()
    table.add_row(
        "spread (max - min)",
        *(_number(spread["shifts"][r]) for r in report.roles),
        _number(spread["hours"]),
        _number(spread["weekend_hours"]),
        _number(spread["holiday_hours"]),
        _number(spread["burden_points"]),
    )
    best = report.best_burden_spread()
    if best is not None:
        # The solver's bound, in its own measure: the whole lock, newcomers starting at
        # the team's average. Not the window's spread above, which counts newcomers
        # from zero: it can be the smaller of the two.
        table.add_row(
            "planner's bound, own measure",
            *("" for _ in report.roles),
            "",
            "",
            "",
            _number(best),
        )
    Console(highlight=False, width=max(100, 20 + 12 * len(columns))).print(table)
