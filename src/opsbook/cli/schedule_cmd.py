"""`opsbook schedule`: the effective schedule of one rotation, as a table or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsbook.cli.common import (
    at_option,
    format_option,
    home_zone,
    parse_at,
    parse_day,
    root_option,
    table_console,
    tz_option,
)
from opsbook.cli.who_fast import shift_json
from opsbook.errors import UsageError

if TYPE_CHECKING:
    from opsbook.schedule.effective import EffectiveShift

DEFAULT_WEEKS = 8
"""Without --to, this many weeks from --from."""


@click.command()
@click.argument("rotation")
@click.option("--from", "first", default=None, metavar="DATE", help="First day (default: --at's).")
@click.option("--to", "last", default=None, metavar="DATE", help="Last day, inclusive.")
@root_option
@at_option
@format_option("text", "json")
@tz_option("the rotation's handoff zone")
def schedule(
    rotation: str,
    first: str | None,
    last: str | None,
    root: Path,
    at: str | None,
    output_format: str,
    tz: str | None,
) -> int:
    """The effective schedule of ROTATION: its lock with swaps and covers applied.

    Days are read in the rotation's handoff zone; the default window is the eight weeks
    from today (or --at). Times are shown in the rotation's zone unless --tz says
    otherwise. Swaps and covers that no longer match the lock, or break a rule, are
    reported (exit 1).
    """
    from zoneinfo import ZoneInfo

    from opsbook.loader import load_workspace
    from opsbook.schedule.effective import effective_schedule, override_diagnostics
    from opsbook.schedule.overrides_edit import rotation_of
    from opsbook.schedule.shifts import local_instant, zone

    shown = ZoneInfo(tz) if tz is not None else None
    result = load_workspace(root)
    ws = result.workspace
    rot = rotation_of(ws, rotation)
    home = zone(rot.spec.shift.handoff.timezone)
    instant = parse_at(at, zone=home_zone(ws), tz=tz)
    start_day = parse_day(first, "--from") or instant.astimezone(home).date()
    end_day = parse_day(last, "--to") or start_day + timedelta(weeks=DEFAULT_WEEKS, days=-1)
    if end_day < start_day:
        raise UsageError(f"--to ({end_day}) is before --from ({start_day})")
    midnight = datetime.min.time()
    start = local_instant(start_day, midnight, home)
    end = local_instant(end_day + timedelta(days=1), midnight, home)
    shifts = effective_schedule(ws, rot.name, start, end)
    problems = [*result.diagnostics, *override_diagnostics(ws, rot.name)]
    for problem in problems:
        click.echo(problem.format(), err=True)  # format() escapes control characters

    def member_name(member: str | None) -> str | None:
        found = ws.member(member) if member else None
        return found.name if found else None

    pieces = [
        {
            "role": s.role,
            "member": s.member,
            "name": member_name(s.member),
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "source": s.source,
        }
        for s in shifts
    ]
    if output_format == "json":
        document = {"rotation": rot.name, "shifts": [shift_json(p) for p in pieces]}
        from opsbook.terminal import sanitize_json

        sys.stdout.write(sanitize_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
    else:
        shown_zone = shown or home
        title = f"{rot.name}: {start_day} to {end_day} ({getattr(shown_zone, 'key', tz)})"
        _table(title, shifts, member_name, shown_zone)
    return 1 if problems else 0


def _table(
    title: str, shifts: list[EffectiveShift], names: Callable[[str | None], str | None], tz: tzinfo
) -> None:
    from rich.table import Table
    from rich.text import Text

    from opsbook.terminal import sanitize_line

    table = Table()
    for column in ("shift", "role", "member", "from", "to", "source"):
        table.add_column(column, no_wrap=column in ("from", "to"))
    for piece in shifts:
        name = names(piece.member)
        cells = (
            piece.shift.isoformat(),
            piece.role,
            f"{name} ({piece.member})" if name else (piece.member or "unfilled"),
            _local(piece.start, tz),
            _local(piece.end, tz),
            piece.source + (f": {piece.reason}" if piece.reason else ""),
        )
        # Text, not str: no rich markup read in a name, control characters shown.
        table.add_row(*(Text(sanitize_line(cell)) for cell in cells))
    console = table_console()
    if shifts:
        console.print(title)  # not the table's own title, which rich pads with spaces
        console.print(table)
    else:
        console.print(f"{title}: no planned shifts (run `opsbook plan` to plan them)")


def _local(instant: datetime, tz: tzinfo) -> str:
    return instant.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z")
