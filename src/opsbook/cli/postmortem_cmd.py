"""`opsbook postmortem new`: scaffold an incident's postmortem from the workspace."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import (
    home_zone,
    load_despite_errors,
    parse_at,
    path_option,
    root_option,
)


@click.group()
def postmortem() -> None:
    """Write incident postmortems (kind: Postmortem, under runbooks/postmortems/)."""


@postmortem.command()
@root_option
@click.argument("runbook")
@click.option("--started", required=True, metavar="ISO8601", help="When the impact began.")
@click.option("--detected", required=True, metavar="ISO8601", help="When it was noticed.")
@click.option("--resolved", default=None, metavar="ISO8601", help="When the impact ended.")
@click.option(
    "--how",
    type=click.Choice(["check", "alert", "person"]),
    default="person",
    show_default=True,
    help="How the incident was detected.",
)
@path_option("--out", "File to write (default: ROOT/runbooks/postmortems/<date>-<runbook>.yaml).")
def new(
    root: Path,
    runbook: str,
    started: str,
    detected: str,
    resolved: str | None,
    how: str,
    out: Path | None,
) -> int:
    """Scaffold a postmortem of an incident of RUNBOOK.

    Fills in who was primary and secondary at each instant (swaps and covers
    included), the escalation chain at detection, time to detect and to resolve, and
    the runbook's failure modes and checks to pick from. Times without an offset are
    read as --at is: in $TZ, else the handoff zone of the first rotation. Never
    overwrites a file: exit 2 if the target exists.
    """
    from opsbook.errors import UsageError
    from opsbook.loader.load import link_outside
    from opsbook.postmortems.new_file import create_new_file
    from opsbook.postmortems.scaffold import scaffold_postmortem

    # Scaffold even when an unrelated file is broken: the incident is what matters now.
    ws = load_despite_errors(root).workspace
    home = home_zone(ws)
    scaffold = scaffold_postmortem(
        ws,
        runbook,
        started=parse_at(started, zone=home, option="--started"),
        detected=parse_at(detected, zone=home, option="--detected"),
        resolved=None if resolved is None else parse_at(resolved, zone=home, option="--resolved"),
        how=how,
    )
    target = out or root / "runbooks" / "postmortems" / f"{scaffold.name}.yaml"
    # A file named with --out goes where it is named; the default one stays in the
    # workspace, where the loader reads it (it reads no folder linked from outside).
    outside = None if out else link_outside(root.resolve(), target.parent)
    if outside is not None:
        raise UsageError(
            f"{target.parent} is a link leading outside the workspace, to {outside}; "
            "expected a folder inside it (or name the file with --out)"
        )
    if not create_new_file(target, scaffold.text):
        raise UsageError(f"{target} already exists; expected a new file (choose one with --out)")
    click.echo(f"wrote {target}")
    for holder in scaffold.holders:
        who = holder.member or "nobody"
        click.echo(f"  {holder.instant:<9} {holder.rotation}/{holder.role}: {who}")
    ttr = scaffold.time_to_resolve
    from opsbook.durations import format_duration

    click.echo(
        f"  time to detect {format_duration(scaffold.time_to_detect)}, time to resolve "
        + (format_duration(ttr) if ttr is not None else "open")
    )
    return 0
