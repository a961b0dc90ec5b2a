"""The iCal feeds: one per rotation (every role) and one per member (all their rotations).

Windows: confirmed events overlapping [at - past_days, at + the rotation's horizon);
cancelled ones additionally until `cancelled_days` after they would have ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

from opsbook.files.atomic import sweep_leftovers, write_atomic
from opsbook.ical.action_items import action_events
from opsbook.ical.events import Window
from opsbook.ical.people import People
from opsbook.ical.rotation_parts import MemberEvent, RotationPart, rotation_parts
from opsbook.ical.vcalendar import Feed, vcalendar
from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation

__all__ = ["Feed", "build_feeds", "write_feeds"]

_WRITERS = 16
"""Files written at once: each is flushed to disk before it replaces the old one, and
the file system commits concurrent flushes together (one at a time, 220 feeds took
a second on an idle disk; sixteen at a time, a tenth of that)."""


def _window(
    ws: Workspace,
    rotation: Rotation,
    at: datetime,
    start: datetime | None,
    end: datetime | None,
) -> Window:
    calendars = ws.spec.calendars
    return Window(
        start=start if start is not None else at - timedelta(days=calendars.past_days),
        end=end if end is not None else at + rotation.spec.horizon,
        at=at,
        cancelled=timedelta(days=calendars.cancelled_days),
    )


def build_feeds(
    ws: Workspace,
    at: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
    *,
    workers: int = 1,
) -> list[Feed]:
    """Every feed of the workspace: rotations (by name), then members (by id).

    `start`/`end` replace the default window (past_days before `at`, the rotation's
    horizon after it). Rotations without a lock file have no events. `workers` > 1
    shares the rotations out between that many forked processes; the feeds are the
    same bytes for any number."""
    windows = {name: _window(ws, r, at, start, end) for name, r in ws.rotations.items()}
    parts = rotation_parts(ws, windows, workers=workers)
    return [part.feed for part in parts] + _member_feeds(ws, parts, action_events(ws, at))


def _member_feeds(
    ws: Workspace, parts: Sequence[RotationPart], actions: Sequence[MemberEvent] = ()
) -> list[Feed]:
    people = People(ws)
    ids: set[str] = set()
    by_member: dict[str, list[MemberEvent]] = {}
    for part in parts:
        ids.update(part.members)
        for event in part.member_events:
            by_member.setdefault(event.member, []).append(event)
    for action in actions:
        ids.add(action.member)
        by_member.setdefault(action.member, []).append(action)
    feeds: list[Feed] = []
    for member_id in sorted(ids):
        events = sorted(by_member.get(member_id, []), key=lambda e: e.order)
        name = people.name(member_id)
        title = f"On call: {name}"
        content = vcalendar(
            title,
            f"The on-call shifts of {name} in every rotation (opsbook).",
            ws.member_zone(member_id),
            (e.days for e in events if e.days is not None),
            (e.text for e in events),
        )
        feeds.append(
            Feed(
                kind="member",
                name=member_id,
                path=f"members/{member_id}.ics",
                title=title,
                content=content,
                events=len(events),
                cancelled=sum(1 for e in events if e.cancelled),
                rotations=tuple(sorted({e.rotation for e in events if e.rotation is not None})),
            )
        )
    return feeds


def write_feeds(out: Path, feeds: Iterable[Feed]) -> list[Path]:
    """Write each feed under `out` atomically (a subscribed client never fetches half a
    file) and return the paths written. A file whose bytes are unchanged is left alone,
    so its modification time (and HTTP caching) stays put."""
    feeds = list(feeds)
    targets = [out / feed.path for feed in feeds]
    changed = [
        (target, feed.content)
        for target, feed in zip(targets, feeds, strict=True)
        if not (target.is_file() and target.read_bytes() == feed.content)
    ]
    for folder in sorted({target.parent for target, _ in changed}):
        folder.mkdir(parents=True, exist_ok=True)
    for folder in sorted({target.parent for target in targets}):
        # `opsbook ical` holds the workspace lock: leftovers of a killed run are its own.
        sweep_leftovers(folder, {t.name for t in targets if t.parent == folder})
    if changed:
        with ThreadPoolExecutor(min(_WRITERS, len(changed))) as pool:
            # list(): an error writing any file is raised here.
            list(pool.map(lambda item: write_atomic(item[0], item[1]), changed))
    return targets
