"""`opsbook ical`: write the iCal feeds, one per rotation and one per member."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click

from opsbook.cli.common import (
    at_option,
    home_zone,
    jobs_option,
    parse_at,
    path_option,
    root_option,
    workspace_or_none,
)
from opsbook.cli.plan_cmd import PLAN_KINDS
from opsbook.errors import UsageError
from opsbook.terminal import quoted


def parse_bound(value: str | None, option: str, *, end: bool, zone: str = "UTC") -> datetime | None:
    """`--from`/`--to`: a date (midnight UTC; `--to` includes the whole day) or an instant."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        pass
    else:
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return start + timedelta(days=1) if end else start
    try:
        return parse_at(value, zone=zone)
    except UsageError:
        raise UsageError(
            f"{option}: expected a date like 2026-12-01 or an instant like "
            f"2026-12-01T09:00+00:00; found {quoted(value)}"
        ) from None


# What the feeds are made of: what planning reads, and the policies naming whom to
# escalate to.
ICAL_KINDS = PLAN_KINDS | {"EscalationPolicy", "Postmortem"}


@click.command()
@root_option
@path_option(
    "--out",
    "Folder the feeds are written to (rotations/<name>.ics, members/<id>.ics).",
    folder=True,
    default=Path("calendars"),
)
@click.option(
    "--from",
    "start",
    metavar="DATE",
    default=None,
    help="First day shown (default: spec.calendars.past_days before --at).",
)
@click.option(
    "--to",
    "end",
    metavar="DATE",
    default=None,
    help="Last day shown (default: each rotation's horizon after --at).",
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="URL the --out folder is published at; prints webcal:// subscribe links.",
)
@jobs_option("Rotations rendered at once, in separate processes")
@at_option
def ical(
    root: Path,
    out: Path,
    start: str | None,
    end: str | None,
    base_url: str | None,
    jobs: int | None,
    at: str | None,
) -> int:
    """Write one .ics feed per rotation (every role) and one per member (all rotations).

    Same inputs, same bytes: UIDs come from (rotation, role, shift start), SEQUENCE from
    the lock's revisions, DTSTAMP from the rotation's start; nothing from the clock but
    the default of --at. Exit 1 when the workspace has errors, 2 on bad arguments.
    """
    from opsbook.ical import build_feeds, write_feeds
    from opsbook.workers import default_workers

    parse_bound(start, "--from", end=False)
    parse_bound(end, "--to", end=True)
    # No runbook or ownership table is read (postmortems are: their action items are
    # events in their owners' feeds).
    ws = workspace_or_none(
        root, "not writing calendars: fix the problems above first", kinds=ICAL_KINDS
    )
    if ws is None:
        return 1
    home = home_zone(ws)
    instant = parse_at(at, zone=home)
    window_start = parse_bound(start, "--from", end=False, zone=home)
    window_end = parse_bound(end, "--to", end=True, zone=home)
    if window_start and window_end and window_end <= window_start:
        raise UsageError(f"--to ({end}) is before --from ({start}); expected --to after --from")
    for name in sorted(ws.rotations):
        if name not in ws.locks:
            click.echo(
                f"warning: rotation {name} has no lock file; run `opsbook plan` to fill "
                "its calendars",
                err=True,
            )
    feeds = build_feeds(ws, instant, window_start, window_end, workers=jobs or default_workers())
    target = out if out.is_absolute() else root / out
    from opsbook.files.lock import workspace_lock

    # Two `ical` runs into one folder write whole files either way; under the lock the
    # folder also ends up with one run's feeds, not a mix of both.
    with workspace_lock(root):
        paths = write_feeds(target, feeds)
    click.echo(f"wrote {len(feeds)} calendar feeds to {target}/")
    width = max((len(f.path) for f in feeds), default=0)
    for feed, path in zip(feeds, paths, strict=True):
        counts = f"{feed.events} events" + (
            f", {feed.cancelled} cancelled" if feed.cancelled else ""
        )
        link = f"  {_subscribe_link(base_url, feed.path)}" if base_url else ""
        click.echo(f"  {feed.path:<{width}}  {feed.title}: {counts}{link}")
        del path
    return 0


def _subscribe_link(base_url: str, path: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    for scheme in ("https://", "http://"):
        if base.startswith(scheme):
            base = "webcal://" + base.removeprefix(scheme)
    return base + path
