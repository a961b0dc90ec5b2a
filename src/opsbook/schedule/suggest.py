"""Suggestions for the sick day: who could cover, which shifts could be exchanged.

Every option is checked by the very validation `opsbook cover` and `opsbook swap` apply
(`plan_cover`, `plan_swap`), so a suggested command, run as printed, is accepted. The
ranking says what the plan itself prefers, in its order: nobody short of rest
(`min_rest`), nobody on call over their own public holiday, then the lowest burden
after the change (burden points of the member's whole effective schedule, as
`opsbook fairness` counts them). Ties go to the member (or the nearest shift) by name
(or date), so the same workspace always gives the same list.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from opsbook.errors import OpsbookError, RefusedError
from opsbook.loader.workspace import Workspace
from opsbook.schedule.burden import rotation_meter
from opsbook.schedule.effective import EffectiveShift, aware
from opsbook.schedule.overrides_edit import (
    PlannedOverride,
    baseline,
    plan_cover,
    plan_swap,
    planned_shift,
    rotation_of,
)
from opsbook.schedule.shifts import zone

MAX_SWAPS_SHOWN = 10
"""Exchangeable shifts listed, best first; the rest are counted."""


@dataclass(frozen=True)
class CoverOption:
    """One member who could take the role for the window."""

    member: str
    short_rest: bool
    holidays: tuple[str, ...]
    burden_before: float
    burden_after: float
    command: str


@dataclass(frozen=True)
class CoverSuggestions:
    rotation: str
    role: str
    holders: tuple[str, ...]
    options: tuple[CoverOption, ...]
    cannot: tuple[tuple[str, str], ...]
    """Members who cannot cover, with the first reason the validation gives."""


@dataclass(frozen=True)
class SwapOption:
    """One shift whose holder could exchange it with the given one."""

    shift: date
    partner: str
    short_rest: bool
    holidays: tuple[str, ...]
    burden: tuple[tuple[str, float, float], ...]
    """(member, before, after) for the holder of the given shift, then the partner."""
    command: str


@dataclass(frozen=True)
class SwapSuggestions:
    rotation: str
    role: str
    shift: date
    holder: str
    options: tuple[SwapOption, ...]
    more: int
    """Further valid options not shown."""


def _burdens(ws: Workspace, rotation: str, shifts: tuple[EffectiveShift, ...]) -> dict[str, float]:
    meter = rotation_meter(ws, ws.rotations[rotation])
    out: dict[str, float] = dict.fromkeys(ws.rotation_members(ws.rotations[rotation]), 0.0)
    for piece in shifts:
        if piece.member is not None:
            out[piece.member] = (
                out.get(piece.member, 0.0) + meter.of(piece.member, piece.start, piece.end).points
            )
    return out


def _attempt(
    plan: Callable[[bool], PlannedOverride],
) -> tuple[PlannedOverride | None, bool, str | None]:
    """Try without, then with, `allow_short_rest`: (the planned change, whether it needs
    the flag, why not when neither works)."""
    try:
        return plan(False), False, None
    except OpsbookError as plain:
        try:
            return plan(True), True, None
        except RefusedError:
            return None, False, _first_reason(str(plain))
        except OpsbookError as other:
            return None, False, _first_reason(str(other))


def _first_reason(message: str) -> str:
    lines = [ln.strip().removeprefix("- ") for ln in message.splitlines()]
    reasons = [ln for ln in lines[1:] if ln and ln != "Nothing was written."]
    return reasons[0] if reasons else lines[0]


def _holidays(planned: PlannedOverride) -> tuple[str, ...]:
    """`bob: Martin Luther King Jr. Day (2027-01-18)` from each holiday warning."""
    out = []
    for warning in planned.warnings:
        member = warning.removeprefix("warning: ").split(" ", 1)[0]
        out.append(f"{member}: {warning.rsplit('public holiday: ', 1)[-1]}")
    return tuple(out)


def _command(words: list[str], root: str | None) -> str:
    if root not in (None, "."):
        words += ["--root", str(root)]
    return shlex.join(words)


def suggest_covers(
    ws: Workspace,
    rotation_name: str,
    role: str,
    start: datetime,
    end: datetime,
    *,
    start_text: str,
    end_text: str,
    root: str | None = None,
) -> CoverSuggestions:
    """Who could take `role` from `start` to `end`, best first. `start_text` and
    `end_text` are the times as the user wrote them, repeated in each command."""
    rotation = rotation_of(ws, rotation_name)
    # Every option is judged against the same unchanged schedule: resolved once.
    base = baseline(ws, rotation.name)
    resolution = base.resolution
    tz = zone(rotation.spec.shift.handoff.timezone)
    first, last = aware(start, tz), aware(end, tz)
    held = {
        s.member
        for s in resolution.shifts
        if s.role == role and s.start < last and s.end > first and s.member is not None
    }
    before = _burdens(ws, rotation.name, resolution.shifts)
    options: list[tuple[tuple[object, ...], CoverOption]] = []
    cannot: list[tuple[str, str]] = []
    for member in sorted(ws.rotation_members(rotation)):
        if held == {member}:
            continue  # the one being covered

        def plan(allow: bool, member: str = member) -> PlannedOverride:
            return plan_cover(
                ws, rotation.name, role, start, end, member, allow_short_rest=allow, base=base
            )

        planned, short, why = _attempt(plan)
        if planned is None:
            assert why is not None
            cannot.append((member, why))
            continue
        after = _burdens(ws, rotation.name, _after(planned))
        words = ["opsbook", "cover", rotation.name, "--role", role, "--from", start_text]
        words += ["--to", end_text, "--by", member]
        if short:
            words.append("--allow-short-rest")
        option = CoverOption(
            member,
            short,
            _holidays(planned),
            before.get(member, 0.0),
            after.get(member, 0.0),
            _command(words, root),
        )
        key = (short, bool(option.holidays), round(option.burden_after, 6), member)
        options.append((key, option))
    return CoverSuggestions(
        rotation.name,
        role,
        tuple(sorted(held)),
        tuple(option for _, option in sorted(options, key=lambda pair: pair[0])),
        tuple(cannot),
    )


def _after(planned: PlannedOverride) -> tuple[EffectiveShift, ...]:
    """The effective schedule with the planned entry added."""
    assert planned.after is not None
    return planned.after.shifts


def suggest_swaps(
    ws: Workspace,
    rotation_name: str,
    role: str,
    shift_ref: date | datetime,
    at: datetime,
    *,
    root: str | None = None,
) -> SwapSuggestions:
    """The planned shifts, not started at `at`, whose holder of `role` could exchange
    theirs with `shift_ref`, best first, with what each does to both people's burden."""
    rotation = rotation_of(ws, rotation_name)
    shift = planned_shift(ws, rotation, shift_ref)
    # Every option is judged against the same unchanged schedule: resolved once.
    base = baseline(ws, rotation.name)
    resolution = base.resolution
    holder = resolution.holders.get((shift.shift, role))
    if holder is None:
        raise RefusedError(
            f"nobody holds {role} on {shift.shift} (the plan left it unfilled); use "
            "`opsbook cover` to fill it"
        )
    before = _burdens(ws, rotation.name, resolution.shifts)
    starts = {s.shift: s.shift_start for s in resolution.shifts}
    options: list[tuple[tuple[object, ...], SwapOption]] = []
    for day in sorted(starts):
        partner = resolution.holders.get((day, role))
        if day == shift.shift or starts[day] <= at or partner in (None, holder):
            continue
        assert partner is not None

        def plan(allow: bool, day: date = day) -> PlannedOverride:
            return plan_swap(
                ws, rotation.name, role, shift.shift, day, allow_short_rest=allow, base=base
            )

        planned, short, _ = _attempt(plan)
        if planned is None:
            continue
        after = _burdens(ws, rotation.name, _after(planned))
        words = ["opsbook", "swap", rotation.name, "--role", role, str(shift.shift), str(day)]
        if short:
            words.append("--allow-short-rest")
        burden = tuple((m, before.get(m, 0.0), after.get(m, 0.0)) for m in (holder, partner))
        option = SwapOption(day, partner, short, _holidays(planned), burden, _command(words, root))
        change = sum(abs(b - a) for _, a, b in burden)
        distance = abs((starts[day] - starts[shift.shift]).total_seconds())
        key = (short, bool(option.holidays), round(change, 6), distance, day)
        options.append((key, option))
    ranked = [option for _, option in sorted(options, key=lambda pair: pair[0])]
    return SwapSuggestions(
        rotation.name,
        role,
        shift.shift,
        holder,
        tuple(ranked[:MAX_SWAPS_SHOWN]),
        max(0, len(ranked) - MAX_SWAPS_SHOWN),
    )


# --- text -------------------------------------------------------------------------------


def _points(value: float) -> str:
    return f"{value:.1f}"


def _notes(short: bool, holidays: tuple[str, ...]) -> str:
    notes = ["short rest (needs --allow-short-rest)"] if short else ["rested"]
    notes += [f"on call over own public holiday, {h}" for h in holidays]
    return "; ".join(notes)


def cover_text(s: CoverSuggestions, span: str) -> str:
    """The suggestions of `opsbook cover --suggest` as text."""
    held = ", ".join(s.holders) or "nobody"
    lines = [f"Who can cover {s.role} of {s.rotation} {span} (held by {held}), best first:"]
    if not s.options:
        lines.append("  nobody can: every member is away, on call, or the holder")
    for number, option in enumerate(s.options, start=1):
        lines.append(
            f"  {number}. {option.member}: free; {_notes(option.short_rest, option.holidays)}; "
            f"burden {_points(option.burden_before)} -> {_points(option.burden_after)}"
        )
        lines.append(f"     {option.command}")
    for member, why in s.cannot:
        lines.append(f"  cannot: {member}: {why}")
    return "\n".join(lines) + "\n"


def swap_text(s: SwapSuggestions) -> str:
    """The suggestions of `opsbook swap --suggest` as text."""
    lines = [
        f"Shifts {s.holder} could exchange for {s.role} of {s.rotation} on {s.shift}, best first:"
    ]
    if not s.options:
        lines.append("  none: no exchange keeps the rules (time off, one role at a time)")
    for number, option in enumerate(s.options, start=1):
        burden = ", ".join(
            f"{member} {_points(a)} -> {_points(b)}" for member, a, b in option.burden
        )
        lines.append(
            f"  {number}. {option.shift} held by {option.partner}: "
            f"{_notes(option.short_rest, option.holidays)}; burden {burden}"
        )
        lines.append(f"     {option.command}")
    if s.more:
        lines.append(f"  … and {s.more} more")
    return "\n".join(lines) + "\n"
