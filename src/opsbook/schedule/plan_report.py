"""What `opsbook plan` tells the person running it, as lines of text.

Who gains and who loses which shifts comes first, because that is what a reviewer of
the lock's pull request needs; then the shifts nobody could take, with each member's
reason; then the soft rules the plan had to bend, from `at` on, naming who holds each
of those shifts after the swaps (the effective holder, not the planned one: a swap that
moved a holiday shift to someone else moves the note with it, and a note of short rest
gives the rest its holder really has, or goes when they are rested).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from opsbook.models.lock import PlanObjective
from opsbook.schedule.conflicts import FrozenConflict
from opsbook.schedule.plan_check import PlanCheck
from opsbook.schedule.planner import PlanNote, PlanResult
from opsbook.schedule.shifts import zone

if TYPE_CHECKING:
    from opsbook.loader.workspace import Workspace


@dataclass(frozen=True)
class Holder:
    """Who holds a whole (shift, role) after the swaps and covers, and what that means
    for the notes the planner made about its planned holder."""

    member: str | None
    on_holiday: bool
    """Whether the shift touches one of the holder's own public holidays."""
    rested: int | None
    """Shifts between the holder's previous shift (any role) and this one; None: none
    before it."""


Holders = Mapping[tuple[date, str], Holder]
"""(shift, role) -> who holds it after the swaps."""


def effective_holders(ws: Workspace, result: PlanResult) -> Holders:
    """Who holds each whole (shift, role) of the new lock once the rotation's swaps are
    applied to it, whether the shift touches one of their own public holidays, and how
    many shifts they rested before it (any piece they hold counts, as for a swap)."""
    from opsbook.schedule.availability import Availability
    from opsbook.schedule.effective import resolve

    availability = Availability(ws)
    spans = {s.shift: (s.start, s.end) for s in result.lock.spec.shifts}
    position = {day: i for i, day in enumerate(sorted(spans))}
    resolution = resolve(ws, result.lock.spec.rotation, lock=result.lock)
    held: dict[str, set[int]] = defaultdict(set)
    for piece in resolution.shifts:
        if piece.member is not None and piece.shift in position:
            held[piece.member].add(position[piece.shift])
    out: dict[tuple[date, str], Holder] = {}
    for (shift, role), member in resolution.holders.items():
        start, end = spans[shift]
        holiday = member is not None and bool(availability.holiday_absences(member, start, end))
        mine = position[shift]
        before = [p for p in held.get(member or "", ()) if p < mine]
        rested = mine - max(before) - 1 if before else None
        out[(shift, role)] = Holder(member, holiday, rested)
    return out


def _rejudged(note: PlanNote, rested: int | None) -> PlanNote | None:
    """A note of short rest as it holds for a holder who rested `rested` shifts; None
    when that is enough (or they held nothing before). Other notes are kept."""
    if note.kind != "rest":
        return note
    if rested is None or rested >= note.needed:
        return None
    return replace(note, rested=rested)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shift_list(items: list[tuple[date, str]]) -> str:
    return ", ".join(f"{role} {day}" for day, role in items)


def change_lines(result: PlanResult) -> list[str]:
    """Who gains and who loses which shifts, one line per member."""
    diff = result.diff
    if result.previous is None:
        return []
    lines: list[str] = []
    if diff.reassigned or diff.added or diff.removed:
        parts = [_count(len(diff.reassigned), "assignment") + " change"]
        if diff.added:
            parts.append(_count(len(diff.added), "shift") + " added at the end")
        if diff.removed:
            parts.append(_count(len(diff.removed), "shift") + " dropped")
        lines.append("  " + ", ".join(parts))
    for member in diff.by_member:
        what = []
        if member.gains:
            what.append("gains " + _shift_list(list(member.gains)))
        if member.losses:
            what.append("loses " + _shift_list(list(member.losses)))
        lines.append(f"  {member.member}: " + "; ".join(what))
    unassigned = [
        (c.shift, c.role) for c in diff.reassigned if c.after is None and c.before is not None
    ]
    if unassigned:
        lines.append("  now unfilled: " + _shift_list(unassigned))
    return lines


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def proof_text(objective: PlanObjective) -> str:
    """`11 (proven minimum)` or `12 (bound 10)`, with the windows when there are several."""
    value = _figure(objective.value)
    if objective.proven:
        proof = "proven minimum"
        if objective.windows > 1:
            proof += f" in each of {objective.windows} windows"
        return f"{value} ({proof})"
    where = f" over {objective.windows} windows" if objective.windows > 1 else ""
    return f"{value} (bound {_figure(objective.bound)}{where})"


def proof_lines(result: PlanResult) -> list[str]:
    """One line per objective, in the order they are minimised, with its proof."""
    lines = [f"  {o.name}: {proof_text(o)}" for o in result.objectives]
    if lines and not result.solved:
        lines.insert(0, "  objectives (as planned; the lock is current, nothing was solved):")
    return lines


def warning_lines(result: PlanResult, holders: Holders | None = None) -> list[str]:
    """Unfilled shifts and bent soft rules, for shifts not over at `at`, naming the
    effective holder (`holders`) where a swap moved the shift."""
    lines: list[str] = []
    for gap in result.unfilled:
        if gap.end <= result.at:
            continue
        reasons = "; ".join(gap.reasons) or "no members"
        lines.append(f"  unfilled {gap.shift} {gap.role}: {reasons}")
    grouped: dict[str, list[str]] = defaultdict(list)
    for note, member in bent_rules(result, holders):
        who = member if member == note.member else f"{member} (swapped with {note.member})"
        grouped[note.message].append(f"{note.shift} {note.role} {who}")
    for message, items in sorted(grouped.items()):
        lines.append(f"  {message}: " + ", ".join(items))
    return lines


def bent_rules(result: PlanResult, holders: Holders | None) -> list[tuple[PlanNote, str]]:
    """The planner's notes for shifts not over at `at`, each judged again for whoever
    holds the shift after the swaps (`holders`), with that member: a swap changes who
    rests how long, and whose own holiday a shift falls on."""
    future = {s.shift for s in result.lock.spec.shifts if s.end > result.at}
    out: list[tuple[PlanNote, str]] = []
    for note in result.notes:
        if note.shift not in future:
            continue
        now = (holders or {}).get((note.shift, note.role))
        if now is None or now.member is None:
            out.append((note, note.member))
            continue
        judged = _rejudged(note, now.rested)
        if judged is None:
            continue
        if now.member == note.member or judged.kind != "holiday" or now.on_holiday:
            out.append((judged, now.member))
    return out


@dataclass(frozen=True)
class PlanReport:
    """What `opsbook plan` says of one rotation's plan, as text (`lines`) or JSON-ready
    values (`data`): the same facts for both."""

    result: PlanResult
    path: str
    written: bool
    conflicts: Sequence[FrozenConflict] = ()
    """The frozen shifts the plan could not fix."""
    holders: Holders | None = None
    """Who holds each shift after the swaps (`effective_holders`)."""

    def lines(self) -> list[str]:
        result = self.result
        shifts = result.lock.spec.shifts
        span = (
            f"{len(shifts)} shifts, {shifts[0].shift} to {shifts[-1].shift}" if shifts else "empty"
        )
        rotation = result.lock.spec.rotation
        when = result.frozen_until.astimezone(zone(result.timezone)).strftime("%Y-%m-%d %H:%M %Z")
        if result.previous is None:
            head = f"{rotation}: wrote new lock {self.path} ({span})"
        elif self.written:
            head = f"{rotation}: wrote {self.path} ({span}; frozen before {when})"
        else:
            head = f"{rotation}: {self.path} is up to date ({span})"
        return [
            head,
            *proof_lines(result),
            *change_lines(result),
            *warning_lines(result, self.holders),
            *(f"  {c.describe()}" for c in self.conflicts),
        ]

    def data(self) -> dict[str, Any]:
        result = self.result
        diff = result.diff
        return {
            "rotation": result.rotation,
            "lock": self.path,
            "written": self.written,
            "solved": result.solved,
            "shifts": len(result.lock.spec.shifts),
            "objectives": [objective_data(o) for o in result.objectives],
            "changed": len(diff.reassigned) if result.previous is not None else 0,
            "added": len(diff.added),
            "dropped": len(diff.removed),
            "unfilled": [
                {"shift": str(g.shift), "role": g.role, "reasons": list(g.reasons)}
                for g in result.unfilled
                if g.end > result.at
            ],
            "rules_bent": [
                {"shift": str(n.shift), "role": n.role, "member": member, "reason": n.message}
                | ({} if member == n.member else {"swapped_with": n.member})
                for n, member in bent_rules(result, self.holders)
            ],
            "frozen_conflicts": [c.describe() for c in self.conflicts],
        }


def check_lines(check: PlanCheck, path: str) -> list[str]:
    """The report of `opsbook plan --check` for one rotation."""
    if check.ok:
        return [f"{check.rotation}: {path} is current"]
    lines = [f"{check.rotation}: {path} is stale: {reason}" for reason in check.stale]
    if check.result is not None and check.result.diff.assignments_changed:
        lines.extend(change_lines(check.result))
    lines.extend(c.describe() for c in check.conflicts)
    return lines


def objective_data(objective: PlanObjective) -> dict[str, Any]:
    return {
        "name": objective.name,
        "value": objective.value,
        "bound": objective.bound,
        "proven": objective.proven,
        "windows": objective.windows,
        "text": proof_text(objective),
    }


def check_data(check: PlanCheck, path: str) -> dict[str, Any]:
    """`check_lines` as JSON-ready values."""
    return {
        "rotation": check.rotation,
        "lock": path,
        "current": check.ok,
        "stale": list(check.stale),
        "frozen_conflicts": [c.describe() for c in check.conflicts],
        "objectives": [objective_data(o) for o in check.objectives],
    }
