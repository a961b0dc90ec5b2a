"""`opsbook handoff`: the handoff note of a rotation's next (or current) shift."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from opsbook.cli.common import (
    at_option,
    format_option,
    home_zone,
    parse_at,
    path_option,
    root_option,
    workspace_or_none,
)
from opsbook.errors import UsageError


@click.command()
@click.argument("rotation")
@root_option
@at_option
@format_option("text", "markdown", "json")
@click.option(
    "--current",
    is_flag=True,
    help="The shift running at --at (for a job run just after the handoff) instead of "
    "the one that starts next.",
)
@path_option(
    "--results",
    "Results of `opsbook check --out`: list the failing and stale checks of the "
    "rotation's runbooks.",
)
@click.option(
    "--stale-after",
    default="26h",
    show_default=True,
    metavar="DURATION",
    help="A check whose last result is older than this at the handoff is stale.",
)
def handoff(
    rotation: str,
    root: Path,
    at: str | None,
    output_format: str,
    current: bool,
    results: Path | None,
    stale_after: str,
) -> int:
    """The handoff note of ROTATION's shift that starts next (or, with --current, the
    running one): outgoing and incoming holders per role, swaps and covers in it, time
    off and public holidays of the team during it, and failing or stale checks of the
    runbooks whose escalation pages the rotation.

    --format json is a Slack Block Kit message: POST it to an incoming webhook.
    Exit 0 with the note, 1 when the workspace has problems, 2 on bad arguments.
    """
    from opsbook.checks.results_file import read_check_results
    from opsbook.durations import parse_duration
    from opsbook.handoff import handoff_note
    from opsbook.handoff.render import RENDERERS

    try:
        stale = parse_duration(stale_after)
    except ValueError as exc:
        raise UsageError(f"--stale-after: {exc}") from None
    if stale <= timedelta(0):
        raise UsageError(f"--stale-after: expected a positive duration; found {stale_after!r}")
    ws = workspace_or_none(root, "no handoff note: fix the problems above first")
    if ws is None:
        return 1
    instant = parse_at(at, zone=home_zone(ws))
    checks = read_check_results(results) if results is not None else None
    note = handoff_note(
        ws,
        rotation,
        instant,
        current=current,
        results=checks,
        stale_after=stale,
    )
    click.echo(RENDERERS[output_format](note), nl=False)
    return 0
