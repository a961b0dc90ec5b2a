"""What changes between two locks of one rotation: who gains and who loses which shifts.

Shifts are matched by their start instant, so a lock re-planned with the same shift
clock lines up shift by shift; shifts only in the new lock are `added` (the horizon moved
on), shifts only in the old one are `removed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from opsbook.models.lock import LockedShift, RotationLock


@dataclass(frozen=True, order=True)
class Reassignment:
    """One (shift, role) whose holder changes."""

    start: datetime
    shift: date
    role: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class MemberChanges:
    """The shifts one member gains and loses, as (shift, role)."""

    member: str
    gains: tuple[tuple[date, str], ...] = ()
    losses: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True)
class LockDiff:
    """Differences between an old lock (or none) and a new one."""

    reassigned: tuple[Reassignment, ...] = ()
    added: tuple[LockedShift, ...] = ()
    removed: tuple[LockedShift, ...] = ()
    digest_changed: bool = False
    by_member: tuple[MemberChanges, ...] = field(default=())

    @property
    def assignments_changed(self) -> bool:
        """Whether a shift present in both locks changes hands, or a shift disappears."""
        return bool(self.reassigned or self.removed)


def diff_locks(old: RotationLock | None, new: RotationLock) -> LockDiff:
    """Compare two locks of one rotation."""
    if old is None:
        return LockDiff(added=new.spec.shifts, digest_changed=True)
    before = {s.start: s for s in old.spec.shifts}
    after = {s.start: s for s in new.spec.shifts}
    reassigned: list[Reassignment] = []
    for start, shift in after.items():
        previous = before.get(start)
        if previous is None:
            continue
        for role in _roles(previous, shift):
            was, now = previous.roles.get(role), shift.roles.get(role)
            if was != now:
                reassigned.append(Reassignment(start, shift.shift, role, was, now))
    reassigned.sort()
    gains: dict[str, list[tuple[date, str]]] = {}
    losses: dict[str, list[tuple[date, str]]] = {}
    for change in reassigned:
        if change.after is not None:
            gains.setdefault(change.after, []).append((change.shift, change.role))
        if change.before is not None:
            losses.setdefault(change.before, []).append((change.shift, change.role))
    members = sorted(set(gains) | set(losses))
    return LockDiff(
        reassigned=tuple(reassigned),
        added=tuple(s for s in new.spec.shifts if s.start not in before),
        removed=tuple(s for s in old.spec.shifts if s.start not in after),
        digest_changed=old.spec.inputs != new.spec.inputs,
        by_member=tuple(
            MemberChanges(m, tuple(gains.get(m, ())), tuple(losses.get(m, ()))) for m in members
        ),
    )


def _roles(a: LockedShift, b: LockedShift) -> list[str]:
    """Roles of both shifts, in the new shift's order then any the old one had extra."""
    return list(b.roles) + [r for r in a.roles if r not in b.roles]
