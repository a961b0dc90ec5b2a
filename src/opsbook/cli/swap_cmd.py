"""`opsbook swap`: two members exchange two whole shifts of one role."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsbook.cli.common import (
    at_option,
    echo_diagnostics,
    override_options,
    parse_at,
    root_option,
)
from opsbook.errors import RefusedError, UsageError

if TYPE_CHECKING:
    from opsbook.loader.workspace import Workspace
    from opsbook.schedule.overrides_edit import PlannedOverride


@click.command()
@click.argument("rotation")
@click.argument("shift_a", metavar="SHIFT_A")
@click.argument("shift_b", metavar="SHIFT_B", required=False)
@click.option("--role", required=True, help="The role whose shifts are exchanged, e.g. primary.")
@click.option(
    "--members",
    nargs=2,
    default=None,
    metavar="A B",
    help="Who you expect to hold SHIFT_A and SHIFT_B now; refused if they do not.",
)
@override_options("either member", "list the shifts SHIFT_A could be exchanged with, best first.")
@at_option
@root_option
def swap(
    rotation: str,
    shift_a: str,
    shift_b: str | None,
    role: str,
    members: tuple[str, str] | None,
    reason: str | None,
    allow_short_rest: bool,
    suggest: bool,
    at: str | None,
    root: Path,
) -> int:
    """Swap the holders of ROLE on two planned shifts of ROTATION.

    A SHIFT is its handoff date (2026-12-21) or its start instant. The swap is written
    to the rotation's Overrides file only if nobody ends up on call during their own
    time off or in two roles at once, and both keep the rotation's min_rest (unless
    --allow-short-rest). A swap over someone's own public holiday is written with a
    warning. With --suggest (and no SHIFT_B), nothing is written: the shifts not started
    at --at (default now) that could be exchanged with SHIFT_A are listed, with what
    each does to both people's burden.
    """
    from opsbook.files.lock import workspace_lock
    from opsbook.schedule.overrides_edit import parse_shift_ref, plan_swap, write_override

    if suggest:
        if shift_b is not None:
            raise UsageError("--suggest lists the shifts to exchange with SHIFT_A; give no SHIFT_B")
        from opsbook.cli.common import home_zone
        from opsbook.schedule.suggest import suggest_swaps, swap_text

        ws = load_for_edit(root)
        instant = parse_at(at, zone=home_zone(ws))
        found = suggest_swaps(ws, rotation, role, parse_shift_ref(shift_a), instant, root=str(root))
        click.echo(swap_text(found), nl=False)
        return 0 if found.options else 1
    if shift_b is None:
        raise UsageError("missing SHIFT_B (or --suggest to list the shifts to exchange with)")
    ref_a, ref_b = parse_shift_ref(shift_a), parse_shift_ref(shift_b)
    # Read, decide and write under one lock: a swap that waited for another writer
    # decides on the files as that writer left them.
    with workspace_lock(root):
        ws = load_for_edit(root)
        planned = plan_swap(
            ws,
            rotation,
            role,
            ref_a,
            ref_b,
            members=members or None,
            reason=reason,
            allow_short_rest=allow_short_rest,
        )
        written = write_override(ws, planned)
    report_written(planned, written)
    return 0


def load_for_edit(root: Path) -> Workspace:
    """The workspace, refusing to edit one that does not load cleanly."""
    from opsbook.loader import load_workspace

    result = load_workspace(root)
    if not result.ok:
        echo_diagnostics(result.diagnostics)
        raise RefusedError(
            "the workspace has errors (above); fix them before changing the schedule"
        )
    return result.workspace


def report_written(planned: PlannedOverride, path: Path) -> None:
    """What changed and where it was written."""
    noun = "swap" if planned.kind == "swaps" else "cover"
    click.echo(f"{noun} added to {path} ({planned.rotation}):")
    for line in planned.changes:
        click.echo(f"  {line}")
    for warning in planned.warnings:
        click.echo(warning, err=True)
