"""`opsbook init`: scaffold a new workspace without overwriting anything."""

from __future__ import annotations

import shlex
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
    """Create a working workspace in DIRECTORY, every command runs on it.

    A team, its rotation, time off, swaps and covers, ownership, an escalation policy and
    one runbook, each with a schema line, and schemas/ so editors check the files as you
    type (postmortems come later, from `opsbook postmortem new`). Refuses to overwrite
    any existing file.
    """
    import re

    from opsbook.files.atomic import write_atomic
    from opsbook.models.common import NAME_PATTERN
    from opsbook.models.json_schema import all_schemas
    from opsbook.scaffold import scaffold_files

    if not re.fullmatch(NAME_PATTERN, team):
        raise UsageError(
            f"--team: expected lowercase words joined by hyphens; found {quoted(team)}"
        )
    files = scaffold_files(team, _last_monday_before(now_utc().date()))
    files.update({f"schemas/{name}": text for name, text in all_schemas().items()})
    existing = sorted(p for p in files if (directory / p).exists())
    if existing:
        raise UsageError(
            f"refusing to overwrite existing files in {directory}: {', '.join(existing)}"
        )
    for rel, text in files.items():
        write_atomic(directory / rel, text)
    click.echo(f"created a workspace in {directory} ({len(files)} files). Next:")
    for step in next_steps(directory, team):
        click.echo(f"  {step}")
    return 0


def next_steps(directory: Path, team: str) -> list[str]:
    """What to run next, as the user would type it (no `cd .` when already there)."""
    steps = [] if directory == Path(".") else [f"cd {shlex.quote(str(directory))}"]
    return [
        *steps,
        "edit rotation/team.yaml: your people (ids, names, emails, zones, holidays)",
        "opsbook validate",
        f"opsbook plan            # writes rotation/{team}-oncall.lock.yaml: commit it",
        "opsbook who",
        "opsbook site build      # then open site/index.html",
    ]


def _last_monday_before(day: date) -> date:
    """The rotation starts on a Monday already past, so that a shift covers the moment
    `init` runs: `opsbook who` answers with a name straight after `opsbook plan`."""
    return day - timedelta(days=day.weekday() or 7)
