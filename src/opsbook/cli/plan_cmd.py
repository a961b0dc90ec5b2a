"""`opsbook plan`: write each rotation's lock file, or check that they are current."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import at_option, echo_diagnostics, root_option


@click.command()
@click.argument("rotations", nargs=-1, metavar="[ROTATION]...")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when a lock is missing or stale, or a frozen shift "
    "conflicts with time off (with the swap or cover that would fix it).",
)
@at_option
@root_option
def plan(rotations: tuple[str, ...], check: bool, at: str | None, root: Path) -> int:
    """Plan ROTATIONs (default: all) up to their horizon and write rotation/<name>.lock.yaml.

    Shifts that started or start within `freeze` of --at are kept as they are; later
    ones are re-planned with the fewest changes. Prints who gains and who loses which
    shifts, and the shifts nobody could take, with each member's reason.
    """
    from opsbook.cli.common import parse_at
    from opsbook.errors import UsageError
    from opsbook.loader import load_workspace
    from opsbook.schedule.conflicts import frozen_conflicts
    from opsbook.schedule.lockfile import lock_path, write_lock
    from opsbook.schedule.plan_check import check_plan
    from opsbook.schedule.plan_report import check_lines, plan_lines
    from opsbook.schedule.planner import plan_rotation

    instant = parse_at(at)
    loaded = load_workspace(root)
    if not loaded.ok:
        echo_diagnostics(loaded.diagnostics)
        click.echo("opsbook plan: fix the problems above first; nothing was planned", err=True)
        return 1
    ws = loaded.workspace
    names = list(rotations) or sorted(ws.rotations)
    unknown = [n for n in names if n not in ws.rotations]
    if unknown:
        known = ", ".join(sorted(ws.rotations)) or "none"
        raise UsageError(f"no rotation named {', '.join(unknown)}; expected one of: {known}")
    failed = False
    for name in names:
        path = lock_path(ws, ws.rotations[name])
        if check:
            verdict = check_plan(ws, name, instant)
            failed = failed or not verdict.ok
            for line in check_lines(verdict, str(path)):
                click.echo(line)
            continue
        result = plan_rotation(ws, name, instant, ws.locks.get(name))
        # Frozen shifts are kept as they were, so their conflicts are the lock's own.
        conflicts = frozen_conflicts(ws, name, instant)
        written = write_lock(path, result.lock)
        for line in plan_lines(result, str(path), written, conflicts):
            click.echo(line)
    return 1 if failed else 0
