"""`opsbook swap`: two members exchange two whole shifts of one role."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsbook.cli.common import echo_diagnostics, root_option
from opsbook.errors import RefusedError

if TYPE_CHECKING:
    from opsbook.loader.workspace import Workspace
    from opsbook.schedule.overrides_edit import PlannedOverride


@click.command()
@click.argument("rotation")
@click.argument("shift_a", metavar="SHIFT_A")
@click.argument("shift_b", metavar="SHIFT_B")
@click.option("--role", required=True, help="The role whose shifts are exchanged, e.g. primary.")
@click.option(
    "--members",
    nargs=2,
    default=None,
    metavar="A B",
    help="Who you expect to hold SHIFT_A and SHIFT_B now; refused if they do not.",
)
@click.option("--reason", default=None, help="Why, for the reviewer.")
@root_option
def swap(
    rotation: str,
    shift_a: str,
    shift_b: str,
    role: str,
    members: tuple[str, str] | None,
    reason: str | None,
    root: Path,
) -> int:
    """Swap the holders of ROLE on two planned shifts of ROTATION.

    A SHIFT is its handoff date (2026-12-21) or its start instant. The swap is written
    to the rotation's Overrides file only if nobody ends up on call during their own
    time off or in two roles at once.
    """
    from opsbook.files.lock import workspace_lock
    from opsbook.schedule.overrides_edit import parse_shift_ref, plan_swap, write_override

    ref_a, ref_b = parse_shift_ref(shift_a), parse_shift_ref(shift_b)
    # Read, decide and write under one lock: a swap that waited for another writer
    # decides on the files as that writer left them.
    with workspace_lock(root):
        ws = load_for_edit(root)
        planned = plan_swap(
            ws, rotation, role, ref_a, ref_b, members=members or None, reason=reason
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
