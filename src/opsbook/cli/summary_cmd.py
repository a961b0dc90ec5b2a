"""`opsbook summary`: a table of teams, rotations, runbooks and owners."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import echo_diagnostics, root_option, table_console


@click.command()
@root_option
def summary(root: Path) -> int:
    """Validate the workspace and print what it holds, as tables."""
    from rich.table import Table
    from rich.text import Text

    from opsbook.terminal import sanitize_line

    def cell(value: str) -> Text:
        # A Text, not a str: rich would read `[link=…]` in a title as markup; and the
        # control characters of a value are shown, not sent to the terminal.
        return Text(sanitize_line(value))

    def row(table: Table, *values: str) -> None:
        table.add_row(*(cell(v) for v in values))

    from opsbook.loader import load_workspace

    result = load_workspace(root)
    echo_diagnostics(result.diagnostics)
    ws = result.workspace
    console = table_console()

    teams = Table(title="Teams")
    for col in ("team", "members", "zones", "holiday calendars", "contacts"):
        teams.add_column(col)
    for team in ws.teams.values():
        members = team.spec.members
        row(
            teams,
            team.metadata.display,
            ", ".join(m.id for m in members),
            ", ".join(sorted({team.zone_of(m) for m in members})),
            ", ".join(
                sorted(
                    {
                        m.holidays.country
                        + (f"-{m.holidays.subdivision}" if m.holidays.subdivision else "")
                        for m in members
                        if m.holidays
                    }
                )
            ),
            ", ".join(c.id for c in team.spec.contacts),
        )
    console.print(teams)

    rotations = Table(title="Rotations")
    for col in ("rotation", "team", "roles", "shift", "handoff", "members"):
        rotations.add_column(col)
    for rot in ws.rotations.values():
        handoff = rot.spec.shift.handoff
        from opsbook.durations import format_duration

        row(
            rotations,
            rot.name,
            rot.spec.team,
            ", ".join(rot.spec.roles),
            format_duration(rot.spec.shift.every),
            f"{handoff.weekday or ''} {handoff.time:%H:%M} {handoff.timezone}".strip(),
            ", ".join(ws.rotation_members(rot)),
        )
    console.print(rotations)

    runbooks = Table(title="Runbooks")
    for col in ("runbook", "tier", "primary", "secondary", "escalation", "queries"):
        runbooks.add_column(col)
    for rb in ws.runbooks.values():
        owners = ws.owners(rb.name)
        row(
            runbooks,
            rb.metadata.display,
            rb.spec.tier,
            owners.primary if owners else "-",
            owners.secondary if owners else "-",
            rb.spec.escalation or "-",
            str(len(rb.spec.validation)),
        )
    console.print(runbooks)
    return 1 if not result.ok else 0
