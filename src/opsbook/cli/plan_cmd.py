"""`opsbook plan`: write each rotation's lock file, or check that they are current."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import (
    at_option,
    format_option,
    jobs_option,
    root_option,
    workspace_or_none,
)

PLAN_KINDS = frozenset({"Workspace", "Team", "Rotation", "TimeOff", "Overrides", "RotationLock"})


@click.command()
@click.argument("rotations", nargs=-1, metavar="[ROTATION]...")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when a lock is missing or stale, or a frozen shift "
    "conflicts with time off (with the swap or cover that would fix it).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Plan even at an --at earlier than a lock's own planning instant (to correct "
    "a lock on purpose); shifts that started before --at are still kept.",
)
@jobs_option("Rotations planned at once, in separate processes")
@format_option("text", "json")
@at_option
@root_option
def plan(
    rotations: tuple[str, ...],
    check: bool,
    force: bool,
    jobs: int | None,
    output_format: str,
    at: str | None,
    root: Path,
) -> int:
    """Plan ROTATIONs (default: all) up to their horizon and write rotation/<name>.lock.yaml.

    Shifts that started or start within `freeze` of --at are kept as they are; later
    ones are re-planned by the CP-SAT solver with each change charged. An --at earlier
    than a lock's own planning instant is refused (exit 2) unless --force. Prints, per
    objective, the value and whether it is the proven minimum (else the bound); who
    gains and who loses which shifts; the shifts nobody could take, with each member's
    reason; and each rule the team could not keep.
    """
    from contextlib import nullcontext

    from opsbook.cli.common import home_zone, now_utc, parse_at
    from opsbook.errors import UsageError
    from opsbook.files.lock import workspace_lock
    from opsbook.loader.references import unknown_rotation
    from opsbook.schedule.plan_batch import check_rotations, plan_rotations, planning_refusals
    from opsbook.workers import default_workers

    # Writing plans read and write under the workspace lock, so a swap or cover running
    # at the same time is either seen by this plan or applied to the lock it writes.
    with nullcontext() if check else workspace_lock(root):
        # Everything planning reads; runbooks, ownership and policies are not loaded.
        ws = workspace_or_none(
            root,
            "opsbook plan: fix the problems above first; nothing was planned",
            kinds=PLAN_KINDS,
        )
        if ws is None:
            return 1
        instant = parse_at(at, zone=home_zone(ws))
        names = list(rotations) or sorted(ws.rotations)
        unknown = [n for n in names if n not in ws.rotations]
        if unknown:
            raise UsageError("; ".join(unknown_rotation(n, ws.rotations) for n in unknown))
        workers = jobs or default_workers()
        if check:
            outcomes = check_rotations(ws, names, instant, workers=workers)
        else:
            refusals = planning_refusals(ws, names, instant, now_utc(), force=force)
            if refusals:
                raise UsageError("; ".join(refusals))
            outcomes = plan_rotations(ws, names, instant, workers=workers, force=force)
        if output_format == "json":
            import json

            payload = {"check" if check else "plan": [o.data for o in outcomes]}
            click.echo(json.dumps(payload, indent=2, sort_keys=True))
        else:
            for outcome in outcomes:
                for line in outcome.lines:
                    click.echo(line)
        return 0 if all(o.ok for o in outcomes) else 1
