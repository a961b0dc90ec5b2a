"""`opsbook init`: scaffold a new workspace without overwriting anything."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import click

from opsbook.cli.common import now_utc
from opsbook.errors import UsageError
from opsbook.terminal import quoted


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--team", default="data-team", show_default=True, help="Id of the new team.")
def init(directory: Path, team: str) -> int:
    """Create a minimal working workspace in DIRECTORY: a team, a rotation, a runbook.

    Refuses to overwrite any existing file. Also writes schemas/ so editors validate
    the files as you type.
    """
    import re

    from opsbook.files.atomic import write_atomic
    from opsbook.models.json_schema import all_schemas
    from opsbook.scaffold import scaffold_files

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", team):
        raise UsageError(
            f"--team: expected lowercase words joined by hyphens; found {quoted(team)}"
        )
    today = now_utc().date()
    start = _next_monday(today)
    files = scaffold_files(team, start)
    files.update({f"schemas/{name}": text for name, text in all_schemas().items()})
    existing = sorted(p for p in files if (directory / p).exists())
    if existing:
        raise UsageError(
            f"refusing to overwrite existing files in {directory}: {', '.join(existing)}"
        )
    for rel, text in files.items():
        write_atomic(directory / rel, text)
    click.echo(f"created a workspace in {directory} ({len(files)} files); next:")
    click.echo(f"  cd {directory} && opsbook validate")
    return 0


def _next_monday(day: date) -> date:  # kept for callers that want Monday handoffs
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)
