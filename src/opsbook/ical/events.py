"""Calendar events of one rotation: the effective schedule, its revisions, and who is who.

One event per stretch of the effective schedule (a whole shift, or the part of it before,
during or after a cover), plus one cancelled event per stretch a member used to hold and
no longer does. Everything a feed shows is decided here; `render` only spells it out.

UIDs (documented in the README): ``<rotation>.<role>.<shift start>@<domain>``, the shift
start in UTC (``20261123T090000Z``), for the stretch that begins when the shift begins;
a stretch that begins later inside the same shift (the cover and the rest after it)
appends its own start: ``<rotation>.<role>.<shift start>.<stretch start>@<domain>``.
A swap keeps every UID; a cover keeps the shift's first UID and adds one per new
stretch; re-importing the same feed never duplicates an event. ``<domain>`` is the host
of the workspace's site URL, else ``opsbook``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import HeldStretch, ShiftRevision
from opsbook.models.overrides import Cover, Swap
from opsbook.models.rotation import Rotation
from opsbook.schedule.effective import EffectiveShift, OverrideRef, Source, resolve
from opsbook.schedule.revisions import PairKey, current_revisions


@dataclass(frozen=True)
class ShiftEvent:
    """One calendar event: a stretch of one (shift, role) and its holder."""

    uid: str
    sequence: int
    rotation: str
    role: str
    shift: date
    shift_start: datetime
    member: str | None
    """The holder; for a cancelled event, the member who no longer holds it."""
    start: datetime
    end: datetime
    source: Source
    planned_member: str | None
    cancelled: bool = False
    counterpart: str | None = None
    """Swap: the member swapped with. Cover: the member covered."""
    exchanged_for: str | None = None
    """Swap: the other shift of the swap, as written in the Overrides file."""
    reason: str | None = None
    now_held_by: str | None = None
    """Cancelled events: who holds the stretch starting at the same instant now."""
    in_rotation_feed: bool = True
    """False for a cancelled stretch whose UID another member's stretch still carries."""
    others: tuple[EffectiveShift, ...] = ()
    """The other roles' holders during this event, each cut to the event's time."""
    covers: tuple[EffectiveShift, ...] = ()
    """Covers inside the same (shift, role), for the covered member's description."""


@dataclass(frozen=True)
class Window:
    """What a feed shows: events overlapping [start, end); cancelled ones while
    `at` is less than `cancelled` after they would have ended."""

    start: datetime
    end: datetime
    at: datetime
    cancelled: timedelta

    def shows(self, start: datetime, end: datetime, cancelled: bool) -> bool:
        """Whether an event from `start` to `end` (cancelled or not) is shown."""
        if not (start < self.end and end > self.start):
            return False
        return not cancelled or end + self.cancelled > self.at


def uid_domain(ws: Workspace) -> str:
    """The right-hand side of every UID: the site's host, or `opsbook`."""
    url = ws.spec.site.url
    host = urlsplit(url).hostname if url else None
    return host or "opsbook"


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(rotation: str, role: str, shift_start: datetime, start: datetime, domain: str) -> str:
    """The UID of the stretch of (rotation, role, shift) that begins at `start`."""
    base = f"{rotation}.{role}.{_utc(shift_start)}"
    if start != shift_start:
        base += f".{_utc(start)}"
    return f"{base}@{domain}"


def _override(ws: Workspace, ref: OverrideRef | None) -> Swap | Cover | None:
    if ref is None:
        return None
    doc = ws.overrides.get(ref.document)
    if doc is None:
        return None
    items: tuple[Swap, ...] | tuple[Cover, ...] = (
        doc.spec.swaps if ref.kind == "swaps" else doc.spec.covers
    )
    return items[ref.index] if ref.index < len(items) else None


def _counterpart(
    piece: EffectiveShift, made_by: Swap | Cover | None, pair: list[EffectiveShift]
) -> str | None:
    if isinstance(made_by, Swap):
        return next((m for m in made_by.members if m != piece.member), None)
    if isinstance(made_by, Cover):
        if made_by.replaces is not None:
            return made_by.replaces
        underlying = [p.member for p in pair if p.source != "cover" and p.member]
        return underlying[0] if underlying else piece.planned_member
    return None


def _other_shift(piece: EffectiveShift, made_by: Swap | Cover | None) -> str | None:
    if not isinstance(made_by, Swap):
        return None
    this = {piece.shift, piece.shift_start}
    others = [ref for ref in made_by.shifts if ref not in this]
    return others[0].isoformat() if len(others) == 1 else None


def rotation_events(
    ws: Workspace, rotation: Rotation, domain: str, window: Window | None = None
) -> list[ShiftEvent]:
    """The events of the rotation the window shows (without one, from its lock's first
    shift to its last): one per effective stretch, and one cancelled event per stretch a
    member no longer holds."""
    resolution = resolve(ws, rotation.name)
    # Only the pairs of shifts the window touches: each pair's revision is its own.
    revisions: Mapping[PairKey, ShiftRevision] = current_revisions(
        ws,
        rotation.name,
        pieces=resolution.shifts,
        within=(window.start, window.end) if window is not None else None,
    )
    pairs: dict[PairKey, list[EffectiveShift]] = {}
    shifts: dict[date, list[EffectiveShift]] = {}
    for piece in resolution.shifts:
        pairs.setdefault((piece.shift, piece.role), []).append(piece)
        shifts.setdefault(piece.shift, []).append(piece)

    events: list[ShiftEvent] = []
    for piece, origin in zip(resolution.shifts, resolution.origins, strict=True):
        if window is not None and not window.shows(piece.start, piece.end, False):
            continue
        key = (piece.shift, piece.role)
        revision = revisions.get(key)
        pair = pairs[key]
        made_by = _override(ws, origin)
        events.append(
            ShiftEvent(
                uid=event_uid(rotation.name, piece.role, piece.shift_start, piece.start, domain),
                sequence=revision.sequence if revision else 0,
                rotation=rotation.name,
                role=piece.role,
                shift=piece.shift,
                shift_start=piece.shift_start,
                member=piece.member,
                start=piece.start,
                end=piece.end,
                source=piece.source,
                planned_member=piece.planned_member,
                counterpart=_counterpart(piece, made_by, pair),
                exchanged_for=_other_shift(piece, made_by),
                reason=piece.reason,
                others=_others(shifts[piece.shift], piece),
                covers=tuple(p for p in pair if p.source == "cover" and p is not piece),
            )
        )
    for key, revision in sorted(revisions.items()):
        if not revision.gone:
            continue  # nobody lost a stretch of this pair (most pairs)
        pair = pairs.get(key, [])
        events.extend(_cancelled(rotation, revision, pair, shifts.get(key[0], []), domain, window))
    return sorted(
        events,
        key=lambda e: (e.start.astimezone(UTC), e.role, e.cancelled, e.member or "", e.uid),
    )


def _others(shift: list[EffectiveShift], piece: EffectiveShift) -> tuple[EffectiveShift, ...]:
    return tuple(
        replace(p, start=max(p.start, piece.start), end=min(p.end, piece.end))
        for p in shift
        if p.role != piece.role and p.start < piece.end and p.end > piece.start
    )


def _cancelled(
    rotation: Rotation,
    revision: ShiftRevision,
    pair: list[EffectiveShift],
    shift: list[EffectiveShift],
    domain: str,
    window: Window | None,
) -> list[ShiftEvent]:
    # Keyed in UTC: a start in the hour that repeats when clocks go back never equals
    # the same instant written with another zone (PEP 495).
    held_starts = {p.start.astimezone(UTC): p.member for p in pair}
    shift_start = pair[0].shift_start if pair else _shift_start(revision)
    out: list[ShiftEvent] = []
    listed: set[datetime] = set()
    for stretch in revision.gone:
        if stretch.member is None:
            # Nobody subscribed to an unfilled slot; the rotation feed just updates it.
            continue
        start = stretch.start.astimezone(UTC)
        holder_now = held_starts.get(start)
        # The rotation feed lists each UID once: a stretch someone else holds from the
        # same instant is an update there, not a cancellation.
        in_rotation = start not in held_starts and start not in listed
        listed.add(start)
        if window is not None and not window.shows(stretch.start, stretch.end, True):
            continue
        ghost = EffectiveShift(
            rotation=rotation.name,
            role=revision.role,
            member=stretch.member,
            start=stretch.start,
            end=stretch.end,
            source="schedule",
            shift=revision.shift,
            shift_start=shift_start,
            planned_member=None,
        )
        out.append(
            ShiftEvent(
                uid=event_uid(rotation.name, revision.role, shift_start, stretch.start, domain),
                sequence=revision.sequence,
                rotation=rotation.name,
                role=revision.role,
                shift=revision.shift,
                shift_start=shift_start,
                member=stretch.member,
                start=stretch.start,
                end=stretch.end,
                source="schedule",
                planned_member=pair[0].planned_member if pair else None,
                cancelled=True,
                now_held_by=holder_now,
                in_rotation_feed=in_rotation,
                others=_others(shift, ghost),
            )
        )
    return out


def _shift_start(revision: ShiftRevision) -> datetime:
    """The shift's start when none of its stretches is held any more (a shift the plan
    dropped): the earliest stretch it ever had."""
    stretches: list[HeldStretch] = [*revision.held, *revision.gone]
    return min(s.start for s in stretches) if stretches else datetime.min.replace(tzinfo=UTC)
