"""Frozen conflicts: a shift inside `freeze` whose holder is now away, and how to fix it.

`opsbook plan` never changes a shift that has started or starts within `freeze`, so time
off entered late can land on a frozen shift. The plan cannot move it; a person must,
with a swap (a whole shift not started yet) or a cover (a shift under way, or an
absence of only some days of the shift: the days affected are covered, not the whole
shift swapped). This module finds such conflicts in the effective schedule (lock +
overrides: a swap or cover that already fixed one is not reported) and proposes the
fix that creates no new conflict, checked by the same validation `opsbook swap` and
`opsbook cover` apply: for a cover, the best of `opsbook cover --suggest`; for a swap,
the nearest shift. A fix that needs less rest than `min_rest` says so
(`--allow-short-rest`) when no fix keeps it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from opsbook.errors import OpsbookError
from opsbook.loader.workspace import Workspace
from opsbook.schedule.availability import Absence, Availability
from opsbook.schedule.effective import EffectiveShift, resolve
from opsbook.schedule.shifts import local_instant, zone

MAX_PROPOSALS_TRIED = 60
"""Candidate fixes validated per conflict, nearest first, before giving up."""


@dataclass(frozen=True)
class FrozenConflict:
    """A frozen (shift, role) whose holder is away for part of it."""

    rotation: str
    shift: date
    start: datetime
    end: datetime
    role: str
    member: str
    absence: Absence
    """The first of `absences`."""
    fix: str | None
    """The command that would fix it (`opsbook swap …` or `opsbook cover …`), if any."""
    absences: tuple[Absence, ...] = ()
    """Every absence of the member within the piece, in time order; the fix covers
    them all."""

    def away(self) -> str:
        """Why the member is away, every absence named."""
        return "; ".join(a.describe() for a in self.absences or (self.absence,))

    def describe(self) -> str:
        """One paragraph: what conflicts, and what would fix it."""
        text = (
            f"{self.rotation}: shift {self.shift} ({self.role}) is frozen but "
            f"{self.member} is away: {self.away()}"
        )
        if self.fix is None:
            return text + "; no swap or cover without a new conflict was found"
        return text + f"; fix it with: {self.fix}"


def frozen_conflicts(ws: Workspace, rotation_name: str, at: datetime) -> list[FrozenConflict]:
    """Conflicts of frozen shifts (starting before `at` + freeze, not over at `at`) with
    their holders' time off, joined and left dates, in time order."""
    rotation = ws.rotations.get(rotation_name)
    if rotation is None or rotation_name not in ws.locks:
        return []
    cut = at + rotation.spec.freeze
    availability = Availability(ws)
    out: list[FrozenConflict] = []
    resolution = resolve(ws, rotation_name)
    pieces = Counter((s.shift, s.role) for s in resolution.shifts)
    for piece in resolution.shifts:
        if piece.member is None or piece.source != "schedule":
            continue  # pieces made by swaps and covers are checked as overrides
        if not (piece.shift_start < cut and piece.end > at):
            continue
        conflicts = sorted(
            availability.hard_conflicts(piece.member, piece.start, piece.end),
            key=lambda a: (a.start, a.end),
        )
        if not conflicts:
            continue
        # Back-to-back entries (a trip, then flu) are one absence to fix: judged one at
        # a time, the first would be covered and the rest of the shift left to a swap
        # that the cover then blocks. Gaps between them are covered too: one command.
        whole = pieces[(piece.shift, piece.role)] == 1
        out.append(
            FrozenConflict(
                rotation=rotation_name,
                shift=piece.shift,
                start=piece.start,
                end=piece.end,
                role=piece.role,
                member=piece.member,
                absence=conflicts[0],
                fix=_propose(ws, piece, _absent_span(ws, conflicts), at, whole=whole),
                absences=tuple(conflicts),
            )
        )
    return out


def _propose(
    ws: Workspace,
    piece: EffectiveShift,
    away: tuple[datetime, datetime],
    at: datetime,
    *,
    whole: bool,
) -> str | None:
    """A swap when the member is away for all of a shift not started yet that no cover
    has split (a swap exchanges whole shifts, and would break such a cover); otherwise a
    cover of the time away."""
    if whole and piece.shift_start > at and away[0] <= piece.start and away[1] >= piece.end:
        return _propose_swap(ws, piece, at)
    return _propose_cover(ws, piece, away, at)


def _absent_span(ws: Workspace, absences: Sequence[Absence]) -> tuple[datetime, datetime]:
    """From the first day of the first absence to the end of the last day of the last,
    at the member's own midnights."""
    member_tz = zone(ws.member_zone(absences[0].member))
    return (
        local_instant(min(a.start for a in absences), time(0), member_tz),
        local_instant(max(a.end for a in absences) + timedelta(days=1), time(0), member_tz),
    )


def _propose_swap(ws: Workspace, piece: EffectiveShift, at: datetime) -> str | None:
    """The nearest shift not started yet whose holder of the same role can take this one
    while the absent member takes theirs, with no new conflict."""
    from opsbook.schedule.overrides_edit import ChangeRefused, baseline, plan_swap

    base = baseline(ws, piece.rotation)
    resolution = base.resolution
    starts = {s.shift: s.shift_start for s in resolution.shifts}
    here = piece.shift_start
    others = sorted(
        (
            (abs((start - here).total_seconds()), start < here, day)
            for day, start in starts.items()
            if start > at and day != piece.shift
        ),
    )
    tried = 0
    short_rest: list[date] = []
    for _, _, day in others:
        partner = resolution.holders.get((day, piece.role))
        if partner is None or partner == piece.member:
            continue
        tried += 1
        if tried > MAX_PROPOSALS_TRIED:
            break
        try:
            plan_swap(ws, piece.rotation, piece.role, piece.shift, day, base=base)
        except ChangeRefused as refused:
            # Only a refusal for rest alone can pass with --allow-short-rest.
            if refused.only_short_rest:
                short_rest.append(day)
            continue
        except OpsbookError:
            continue
        return f"opsbook swap {piece.rotation} --role {piece.role} {piece.shift} {day}"
    # No exchange keeps min_rest (a small team): the nearest that only shortens rest.
    for day in short_rest:
        try:
            plan_swap(
                ws, piece.rotation, piece.role, piece.shift, day, allow_short_rest=True, base=base
            )
        except OpsbookError:
            continue
        return (
            f"opsbook swap {piece.rotation} --role {piece.role} {piece.shift} {day} "
            "--allow-short-rest"
        )
    return None


def _propose_cover(
    ws: Workspace, piece: EffectiveShift, away: tuple[datetime, datetime], at: datetime
) -> str | None:
    """The best member (`opsbook cover --suggest`) to take over the days away within
    this piece that are not over yet."""
    from opsbook.schedule.suggest import suggest_covers

    rotation = ws.rotations[piece.rotation]
    tz = zone(rotation.spec.shift.handoff.timezone)
    away_from, away_to = away
    start = max(piece.start, away_from, at)
    end = min(piece.end, away_to)
    if end <= start:
        return None
    first = start.astimezone(tz).isoformat(timespec="minutes")
    last = end.astimezone(tz).isoformat(timespec="minutes")
    try:
        found = suggest_covers(
            ws, piece.rotation, piece.role, start, end, start_text=first, end_text=last
        )
    except OpsbookError:
        return None
    return found.options[0].command if found.options else None
