"""The handoff note of one shift as values: who hands over to whom in each role, the
swaps and covers in the shift, who of the team is away during it, and the checks of the
rotation's runbooks that are failing or stale.

Pure: the workspace, the instant and the check results in, the note out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from opsbook.checks.command import check_command
from opsbook.errors import UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.check_results import CheckResults
from opsbook.models.rotation import Rotation
from opsbook.postmortems.check_names import check_names
from opsbook.schedule.availability import Away, away_between
from opsbook.schedule.effective import EffectiveShift, resolve
from opsbook.schedule.shifts import zone

STALE_AFTER = timedelta(hours=26)
"""A check whose last result is older than this when the note is made is stale: daily
checks run once a day, and a couple of hours of slack keep a late run from being
flagged."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class RoleHandoff:
    """One role: who holds it up to the handoff, and who from it."""

    role: str
    outgoing: Person | None
    incoming: Person | None


@dataclass(frozen=True)
class OverrideInShift:
    """A swap or cover inside the shift."""

    role: str
    source: str
    """swap or cover."""
    member: Person | None
    planned: Person | None
    """Who the plan had: the member swapped with, or covered for."""
    start: datetime
    end: datetime
    reason: str | None


@dataclass(frozen=True)
class CheckAttention:
    """A check of one of the rotation's runbooks the incoming holder should look at."""

    runbook: str
    check: str
    state: str
    """fail, error, warn, stale (passed, but longer ago than `stale_after` when the note
    is made) or never (no result in the file)."""
    reason: str | None
    ran_at: datetime | None

    @property
    def command(self) -> str:
        return check_command(self.runbook, self.check)


@dataclass(frozen=True)
class HandoffNote:
    rotation: str
    title: str
    zone: str
    shift: date
    """The shift's name: its handoff date in the rotation's zone."""
    start: datetime
    end: datetime
    roles: tuple[RoleHandoff, ...]
    overrides: tuple[OverrideInShift, ...]
    away: tuple[Away, ...]
    checks: tuple[CheckAttention, ...] | None
    """None when no results file was given."""
    results_at: datetime | None
    runbooks: tuple[str, ...]
    """The rotation's runbooks: those whose escalation policy pages it."""


def handoff_note(
    ws: Workspace,
    rotation_name: str,
    at: datetime,
    *,
    current: bool = False,
    results: CheckResults | None = None,
    stale_after: timedelta = STALE_AFTER,
) -> HandoffNote:
    """The note for the shift of `rotation_name` that starts next after `at` (at `at`
    included), or with `current` the one running at `at`. UsageError when the rotation
    does not exist or its plan has no such shift."""
    rotation = ws.rotations.get(rotation_name)
    if rotation is None:
        from opsbook.loader.references import unknown_rotation

        raise UsageError(unknown_rotation(rotation_name, ws.rotations))
    lock = ws.locks.get(rotation_name)
    if lock is None:
        raise UsageError(f"rotation {rotation_name} has no lock file; run `opsbook plan`")
    shifts = sorted(lock.spec.shifts, key=lambda s: s.start)
    if current:
        chosen = [s for s in shifts if s.start <= at < s.end]
    else:
        chosen = [s for s in shifts if s.start >= at][:1]
    if not chosen:
        when = "running at" if current else "starting after"
        raise UsageError(
            f"the plan of {rotation_name} has no shift {when} {at.isoformat()}; "
            "run `opsbook plan` to extend it"
        )
    shift = chosen[0]
    pieces = resolve(ws, rotation_name).shifts
    roles = tuple(
        RoleHandoff(
            role,
            _holder(ws, pieces, role, shift.start - timedelta(microseconds=1)),
            _holder(ws, pieces, role, shift.start),
        )
        for role in rotation.spec.roles
    )
    overrides = tuple(
        OverrideInShift(
            p.role,
            p.source,
            _person(ws, p.member),
            _person(ws, p.planned_member),
            p.start,
            p.end,
            p.reason,
        )
        for p in pieces
        if p.shift == shift.shift and p.source != "schedule"
    )
    tz = zone(rotation.spec.shift.handoff.timezone)
    first = shift.start.astimezone(tz).date()
    last = (shift.end - timedelta(microseconds=1)).astimezone(tz).date()
    team = ws.teams.get(rotation.spec.team)
    runbooks = _runbooks_of(ws, rotation)
    return HandoffNote(
        rotation=rotation.name,
        title=rotation.metadata.display,
        zone=rotation.spec.shift.handoff.timezone,
        shift=shift.shift,
        start=shift.start,
        end=shift.end,
        roles=roles,
        overrides=overrides,
        away=away_between(ws, team.spec.members if team else (), first, last),
        checks=_checks(ws, runbooks, results, at, stale_after) if results is not None else None,
        results_at=results.at if results is not None else None,
        runbooks=runbooks,
    )


def _person(ws: Workspace, member_id: str | None) -> Person | None:
    if member_id is None:
        return None
    member = ws.member(member_id)
    return Person(member_id, member.name if member else member_id)


def _holder(
    ws: Workspace, pieces: tuple[EffectiveShift, ...], role: str, at: datetime
) -> Person | None:
    for piece in pieces:
        if piece.role == role and piece.start <= at < piece.end:
            return _person(ws, piece.member)
    return None


def _runbooks_of(ws: Workspace, rotation: Rotation) -> tuple[str, ...]:
    """Runbooks whose escalation policy pages someone on call in `rotation`."""
    prefix = f"oncall:{rotation.name}/"
    paging = {
        name
        for name, policy in ws.policies.items()
        if any(t.startswith(prefix) for step in policy.spec.steps for t in step.notify)
    }
    return tuple(sorted(n for n, rb in ws.runbooks.items() if rb.spec.escalation in paging))


_ORDER = {"error": 0, "fail": 1, "warn": 2, "stale": 3, "never": 4}


def _checks(
    ws: Workspace,
    runbooks: tuple[str, ...],
    results: CheckResults,
    at: datetime,
    stale_after: timedelta,
) -> tuple[CheckAttention, ...]:
    last = results.latest()
    out = []
    for name in runbooks:
        for check in check_names(ws.runbooks[name]):
            found = last.get((name, check))
            if found is None or found.at is None:
                out.append(CheckAttention(name, check, "never", None, None))
                continue
            ran = found.at
            if found.status != "pass":
                out.append(CheckAttention(name, check, found.status, found.message, ran))
            elif at - ran > stale_after:
                out.append(CheckAttention(name, check, "stale", found.message, ran))
    return tuple(sorted(out, key=lambda c: (_ORDER[c.state], c.runbook, c.check)))
