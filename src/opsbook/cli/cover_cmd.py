"""`opsbook cover`: someone takes one role of a rotation for a while."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import override_options, root_option
from opsbook.errors import UsageError


@click.command()
@click.argument("rotation")
@click.option("--role", required=True, help="The role being covered, e.g. primary.")
@click.option(
    "--from",
    "start",
    required=True,
    metavar="TIME",
    help="When the cover begins (ISO 8601; without an offset, the rotation's zone).",
)
@click.option("--to", "end", required=True, metavar="TIME", help="When the cover ends.")
@click.option("--by", "member", default=None, metavar="MEMBER", help="Who covers.")
@click.option(
    "--replaces",
    default=None,
    metavar="MEMBER",
    help="Who is covered; refused if they do not hold the role then (default: the holder).",
)
@override_options("MEMBER", "list who could cover, best first, with the command to record each.")
@root_option
def cover(
    rotation: str,
    role: str,
    start: str,
    end: str,
    member: str | None,
    replaces: str | None,
    reason: str | None,
    allow_short_rest: bool,
    suggest: bool,
    root: Path,
) -> int:
    """--by MEMBER takes ROLE of ROTATION from --from to --to.

    Written to the rotation's Overrides file only if that member is not on time off then,
    does not hold another role at the same time, and keeps the rotation's min_rest
    (unless --allow-short-rest). A cover over that member's own public holiday is written
    with a warning. With --suggest, nothing is written: who could cover is listed.
    """
    from opsbook.cli.swap_cmd import load_for_edit, report_written
    from opsbook.files.lock import workspace_lock
    from opsbook.schedule.overrides_edit import parse_time, plan_cover, write_override

    first, last = parse_time(start, "--from"), parse_time(end, "--to")
    if suggest:
        if member is not None:
            raise UsageError("--suggest lists who could cover; give it without --by")
        from opsbook.schedule.effective import aware, describe_instant
        from opsbook.schedule.overrides_edit import rotation_of
        from opsbook.schedule.shifts import zone
        from opsbook.schedule.suggest import cover_text, suggest_covers

        ws = load_for_edit(root)
        tz = zone(rotation_of(ws, rotation).spec.shift.handoff.timezone)
        found = suggest_covers(
            ws, rotation, role, first, last, start_text=start, end_text=end, root=str(root)
        )
        begin, finish = (describe_instant(aware(t, tz), tz) for t in (first, last))
        span = f"from {begin} to {finish}"
        click.echo(cover_text(found, span), nl=False)
        return 0 if found.options else 1
    if member is None:
        raise UsageError("--by MEMBER is required (or --suggest to list who could cover)")
    # Read, decide and write under one lock (see `opsbook.files.lock`).
    with workspace_lock(root):
        ws = load_for_edit(root)
        planned = plan_cover(
            ws,
            rotation,
            role,
            first,
            last,
            member,
            replaces=replaces,
            reason=reason,
            allow_short_rest=allow_short_rest,
        )
        written = write_override(ws, planned)
    report_written(planned, written)
    return 0
