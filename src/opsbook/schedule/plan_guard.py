"""What `opsbook plan` refuses before and after planning: it never rewrites history.

A lock records the instant it was planned for (`spec.planned_at`). Shifts that had
started by then are what really happened; planning again from an earlier `--at` (a
typo, a clock set wrong, `--at 0001-01-01`) would re-plan them, or drop them all. So:

* before planning, an `--at` earlier than the lock's planning instant is refused
  (`--force` plans anyway, for correcting a lock on purpose); a lock from before
  `planned_at` existed counts its first shift's start instead once that shift has
  started by the caller's clock (`now`), so a plan cannot start before the lock's own
  first shift; before then no shift is history, and any `--at` is planned;
* after planning, whatever the planner did, a shift of the old lock that started
  before `--at` (or the lock's planning instant, without `--force`) and is missing or
  changed in the new lock stops the write: the old lock stays.
"""

from __future__ import annotations

from datetime import UTC, datetime

from opsbook.models.lock import LockedShift, RotationLock


def planning_instant(lock: RotationLock, now: datetime) -> datetime | None:
    """Since when the lock's shifts are history: when it was planned; for an older lock
    without `planned_at`, the start of its first shift once that has passed by `now`
    (the caller's clock). Such a lock is usually planned before its rotation begins, so
    until then nothing of it has happened and there is nothing to protect."""
    if lock.spec.planned_at is not None:
        return lock.spec.planned_at
    first = min((s.start for s in lock.spec.shifts), default=None)
    return first if first is not None and first <= now else None


def instant_refusal(lock: RotationLock | None, at: datetime, now: datetime) -> str | None:
    """Why planning `lock`'s rotation at `at` is refused, or None when it is not; `now`
    is the caller's clock (see `planning_instant`)."""
    if lock is None:
        return None
    since = planning_instant(lock, now)
    if since is None or at >= since:
        return None
    what = "was planned at" if lock.spec.planned_at is not None else "started at"
    return (
        f"{lock.spec.rotation}: --at {at.isoformat()} is before the lock's own planning "
        f"instant (it {what} {since.isoformat()}); expected --at at or after it: shifts "
        "that started by then are history (use --force to re-plan from the earlier instant)"
    )


def dropped_started_shifts(
    previous: RotationLock | None, new: RotationLock, at: datetime, *, force: bool
) -> list[LockedShift]:
    """Shifts of `previous` that started before the reference instant (`at`, or the
    lock's planning instant when later and not forced) and that `new` drops or changes."""
    if previous is None:
        return []
    reference = at
    since = previous.spec.planned_at
    if not force and since is not None and since > reference:
        reference = since
    kept = {s.shift: s for s in new.spec.shifts}
    return [s for s in previous.spec.shifts if s.start < reference and kept.get(s.shift) != s]


def stamped(
    new: RotationLock, previous: RotationLock | None, at: datetime, *, force: bool = False
) -> RotationLock:
    """`new` with its planning instant: the previous one while the shifts are the same
    (re-running `plan` on unchanged inputs writes the same bytes), else `at`. A forced
    plan from an earlier instant always records `at`: the lock now starts from there,
    even when the solver kept every shift."""
    keep = (
        not force
        and previous is not None
        and previous.spec.planned_at is not None
        and previous.spec.shifts == new.spec.shifts
    )
    planned_at = previous.spec.planned_at if keep and previous is not None else at.astimezone(UTC)
    return new.model_copy(update={"spec": new.spec.model_copy(update={"planned_at": planned_at})})
