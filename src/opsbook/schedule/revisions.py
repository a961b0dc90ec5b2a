"""Calendar revisions: what a lock file remembers so that iCal feeds stay trustworthy.

A calendar client keeps an event by its UID and takes a changed copy only when its
SEQUENCE is higher; an event that vanishes from an imported feed is never removed
unless it comes back as STATUS:CANCELLED. So for every (shift, role) the lock records,
once its holders differ from the plain plan:

* ``sequence``: how many times who holds which stretch has changed (a swap, a cover, a
  re-plan of a future shift); it only ever goes up;
* ``held``: the stretches and their holders now, to notice the next change;
* ``gone``: stretches someone held before and no longer holds, so their feed can
  cancel them.

A pair that never changed needs no entry: it is at sequence 0, held by its planned
member for the whole shift. `opsbook plan` calls `record_revisions` with the previous
lock and the new plan; the feeds call `current_revisions`, which applies any change
the lock has not recorded yet exactly as the next `plan` will record it, so a feed
built before and after that `plan` shows the same SEQUENCE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import HeldStretch, RotationLock, ShiftRevision
from opsbook.models.overrides import Overrides
from opsbook.schedule.effective import EffectiveShift, resolve
from opsbook.schedule.shifts import zone

PairKey = tuple[date, str]
"""A (shift, role) pair: the shift's handoff date and the role."""


def _stretch(member: str | None, start: datetime, end: datetime, tz_name: str) -> HeldStretch:
    tz = zone(tz_name)
    # Built from values already validated (a lock, the overrides): constructing without
    # validating again is what keeps a three-year plan's bookkeeping cheap.
    return HeldStretch.model_construct(
        member=member, start=start.astimezone(tz), end=end.astimezone(tz)
    )


def held_stretches(
    pieces: Iterable[EffectiveShift], tz_name: str
) -> dict[PairKey, tuple[HeldStretch, ...]]:
    """The effective pieces grouped by (shift, role), in time order."""
    out: dict[PairKey, list[HeldStretch]] = {}
    for piece in sorted(pieces, key=lambda p: (p.shift, p.role, p.start)):
        out.setdefault((piece.shift, piece.role), []).append(
            _stretch(piece.member, piece.start, piece.end, tz_name)
        )
    return {key: tuple(value) for key, value in out.items()}


def planned_stretches(
    lock: RotationLock, tz_name: str, shifts: frozenset[date] | None = None
) -> dict[PairKey, tuple[HeldStretch, ...]]:
    """Each (shift, role) of the lock as planned: its member holds the whole shift.
    With `shifts`, only those shifts (by handoff date)."""
    return {
        (shift.shift, role): (_stretch(member, shift.start, shift.end, tz_name),)
        for shift in lock.spec.shifts
        if shifts is None or shift.shift in shifts
        for role, member in shift.roles.items()
    }


# Stretches are compared and keyed in UTC: Python never finds a time in a repeated hour
# (clocks going back) equal to the same instant written with another zone (PEP 495), and
# the lock file's fixed offsets meet zoneinfo times here.


def _identity(stretch: HeldStretch) -> tuple[str, datetime]:
    return (stretch.member or "", stretch.start.astimezone(UTC))


def _key(stretches: tuple[HeldStretch, ...]) -> list[tuple[str | None, datetime, datetime]]:
    return [(s.member, s.start.astimezone(UTC), s.end.astimezone(UTC)) for s in stretches]


def _same(a: tuple[HeldStretch, ...], b: tuple[HeldStretch, ...]) -> bool:
    return _key(a) == _key(b)


def same_revisions(a: Iterable[ShiftRevision], b: Iterable[ShiftRevision]) -> bool:
    """Whether two lists of revisions record the same thing, whatever offsets they use."""

    def key(revisions: Iterable[ShiftRevision]) -> list[object]:
        return [(r.shift, r.role, r.sequence, _key(r.held), _key(r.gone)) for r in revisions]

    return key(a) == key(b)


def revise(
    entry: ShiftRevision | None,
    before: tuple[HeldStretch, ...] | None,
    now: tuple[HeldStretch, ...],
    key: PairKey,
) -> ShiftRevision:
    """The pair's revision after it went from `before` to `now`.

    `entry` is what the lock recorded (None: never changed, so `before` is the plain
    plan); `before` None means the pair was never published (a shift new to the plan).
    """
    if entry is not None:
        before = entry.held
    sequence = entry.sequence if entry else 0
    gone = entry.gone if entry else ()
    if before is not None and not _same(before, now):
        sequence += 1
        # Whoever held a stretch before and does not hold that same stretch now sees it
        # cancelled; a stretch is known by its holder and its start, like its UID.
        merged = {_identity(s): s for s in (*gone, *before)}
        for stretch in now:
            merged.pop(_identity(stretch), None)
        gone = tuple(sorted(merged.values(), key=lambda s: _identity(s)[::-1]))
    return ShiftRevision.model_construct(
        shift=key[0], role=key[1], sequence=sequence, held=now, gone=gone
    )


def _advance(
    previous: RotationLock | None,
    planned: RotationLock,
    pieces: Iterable[EffectiveShift],
    tz_name: str,
    shifts: frozenset[date] | None = None,
) -> dict[PairKey, ShiftRevision]:
    """Each pair's revision; with `shifts`, only those shifts' pairs (each pair's
    revision depends on that pair alone)."""
    recorded = {(r.shift, r.role): r for r in previous.spec.revisions} if previous else {}
    published = planned_stretches(previous, tz_name, shifts) if previous else {}
    plain = planned_stretches(planned, tz_name, shifts)
    if shifts is not None:
        pieces = [p for p in pieces if p.shift in shifts]
    now = held_stretches(pieces, tz_name)
    out: dict[PairKey, ShiftRevision] = {}
    for key in sorted(plain):
        revision = revise(recorded.get(key), published.get(key), now.get(key, ()), key)
        out[key] = revision
    return out


def _worth_keeping(revision: ShiftRevision, plain: tuple[HeldStretch, ...]) -> bool:
    return bool(revision.sequence or revision.gone or not _same(revision.held, plain))


def record_revisions(
    ws: Workspace, rotation: str, previous: RotationLock | None, planned: RotationLock
) -> tuple[ShiftRevision, ...]:
    """The `revisions` to write into `planned`, the new lock of `rotation` that replaces
    `previous` (None for a first plan), given the workspace's overrides.

    Only pairs that changed since they were first planned are kept, in (shift, role)
    order, so a plan that changes nothing leaves the lock byte for byte as it was."""
    rot = ws.rotations[rotation]
    tz_name = rot.spec.shift.handoff.timezone
    with_plan = replace(ws, locks=MappingProxyType({**ws.locks, rotation: planned}))
    pieces = resolve(with_plan, rotation).shifts
    telling = _telling(previous, planned, pieces)
    shifts = frozenset(key[0] for key in telling)
    revisions = _advance(
        previous, planned, [p for p in pieces if p.shift in shifts], tz_name, shifts
    )
    plain = planned_stretches(planned, tz_name, shifts)
    return tuple(
        r for key, r in revisions.items() if key in telling and _worth_keeping(r, plain[key])
    )


_Held = list[tuple[str | None, datetime, datetime]]


def _as_planned(
    lock: RotationLock, within: tuple[datetime, datetime] | None
) -> dict[PairKey, _Held]:
    out: dict[PairKey, _Held] = {}
    for shift in lock.spec.shifts:
        if within is not None and not (shift.start < within[1] and shift.end > within[0]):
            continue
        for role, member in shift.roles.items():
            out[(shift.shift, role)] = [
                (member, shift.start.astimezone(UTC), shift.end.astimezone(UTC))
            ]
    return out


def _telling(
    previous: RotationLock | None,
    planned: RotationLock,
    pieces: Iterable[EffectiveShift],
    within: tuple[datetime, datetime] | None = None,
) -> set[PairKey]:
    """The pairs of `planned` whose revision has something to tell: recorded before,
    held otherwise than planned, or held otherwise than `previous` published them.

    Every other pair is at sequence 0, held as planned, with nothing gone. Most pairs
    are like that, and spotting them on plain tuples spares building thousands of
    models only to find nothing to say."""
    plain = _as_planned(planned, within)
    published = _as_planned(previous, within) if previous is not None else {}
    held: dict[PairKey, _Held] = {}
    for piece in sorted(pieces, key=lambda p: (p.shift, p.role, p.start)):
        held.setdefault((piece.shift, piece.role), []).append(
            (piece.member, piece.start.astimezone(UTC), piece.end.astimezone(UTC))
        )
    recorded = {(r.shift, r.role) for r in previous.spec.revisions} if previous else set()
    return {
        key
        for key, as_planned in plain.items()
        if key in recorded
        or held.get(key, []) != as_planned
        or (key in published and published[key] != held.get(key, []))
    }


def current_revisions(
    ws: Workspace,
    rotation: str,
    *,
    pieces: Sequence[EffectiveShift] | None = None,
    within: tuple[datetime, datetime] | None = None,
) -> Mapping[PairKey, ShiftRevision]:
    """The revision as of now of every (shift, role) of the rotation's lock that has one
    to tell: what the lock recorded, plus any change of the overrides `opsbook plan` has
    not recorded yet (computed the way it will record it). A pair missing from the
    result is at sequence 0, held as planned, with nothing gone. Empty without a lock.

    `pieces` is the rotation's effective schedule when the caller has resolved it
    already; `within` keeps only the shifts that overlap [start, end) (a feed's window:
    a three-year lock has thousands of pairs a feed never shows)."""
    rot, lock = ws.rotations.get(rotation), ws.locks.get(rotation)
    if rot is None or lock is None:
        return {}
    tz_name = rot.spec.shift.handoff.timezone
    if pieces is None:
        pieces = resolve(ws, rotation).shifts
    if within is not None:
        # Every piece of a shift the window touches, even one outside it: a pair's
        # revision depends on all of its pieces.
        touched = frozenset(_as_planned(lock, within))
        pieces = [p for p in pieces if (p.shift, p.role) in touched]
    telling = _telling(lock, lock, pieces, within)
    shifts = frozenset(key[0] for key in telling)
    revisions = _advance(lock, lock, [p for p in pieces if p.shift in shifts], tz_name, shifts)
    return {key: r for key, r in revisions.items() if key in telling}


def lock_with_overrides(
    ws: Workspace, rotation: str, overrides: Sequence[Overrides]
) -> RotationLock | None:
    """The rotation's lock with the revisions that `overrides` (replacing the rotation's
    Overrides documents) make, for `opsbook swap` and `cover` to record each change as
    they write it; None without a lock, or when the lock already says so."""
    rot, lock = ws.rotations.get(rotation), ws.locks.get(rotation)
    if rot is None or lock is None:
        return None
    tz_name = rot.spec.shift.handoff.timezone
    pieces = resolve(ws, rotation, overrides).shifts
    plain = planned_stretches(lock, tz_name)
    revisions = tuple(
        r
        for key, r in _advance(lock, lock, pieces, tz_name).items()
        if _worth_keeping(r, plain[key])
    )
    if same_revisions(revisions, lock.spec.revisions):
        return None
    return lock.model_copy(update={"spec": lock.spec.model_copy(update={"revisions": revisions})})
