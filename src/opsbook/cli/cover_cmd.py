"""`opsbook cover`: someone takes one role of a rotation for a while."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import root_option


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
@click.option("--by", "member", required=True, metavar="MEMBER", help="Who covers.")
@click.option(
    "--replaces",
    default=None,
    metavar="MEMBER",
    help="Who is covered; refused if they do not hold the role then (default: the holder).",
)
@click.option("--reason", default=None, help="Why, for the reviewer.")
@root_option
def cover(
    rotation: str,
    role: str,
    start: str,
    end: str,
    member: str,
    replaces: str | None,
    reason: str | None,
    root: Path,
) -> int:
    """MEMBER takes ROLE of ROTATION from --from to --to.

    Written to the rotation's Overrides file only if MEMBER is not on time off then and
    does not hold another role at the same time.
    """
    from opsbook.cli.swap_cmd import load_for_edit, report_written
    from opsbook.files.lock import workspace_lock
    from opsbook.schedule.overrides_edit import parse_time, plan_cover, write_override

    begins, ends = parse_time(start, "--from"), parse_time(end, "--to")
    # Read, decide and write under one lock (see `opsbook.files.lock`).
    with workspace_lock(root):
        ws = load_for_edit(root)
        planned = plan_cover(
            ws, rotation, role, begins, ends, member, replaces=replaces, reason=reason
        )
        written = write_override(ws, planned)
    report_written(planned, written)
    return 0
