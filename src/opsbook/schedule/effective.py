"""The effective schedule: the lock file with the rotation's swaps and covers applied.

The design rules (docs/manual/architecture.md), in code:

* a swap exchanges two whole planned shifts of one role between the two members who
  hold them; it is applied only while they really hold them (the lock may have been
  re-planned since the swap was written), otherwise it is reported and ignored;
* a cover hands one role to another member for [start, end), splitting the piece it
  falls in into before / cover / after; a start or end without an offset is read in
  the rotation's handoff zone (a wall-clock time that does not exist moves forward, an
  ambiguous one is its first occurrence, as for handoffs);
* swaps apply first, in file order, then covers, in file order; each one is checked
  against the schedule as the earlier ones left it, so a second swap of an already
  swapped shift names its new holder.

Nothing here reads the clock: every query takes its instant or window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from itertools import pairwise
from typing import Literal

from opsbook import diagnostic_codes as codes
from opsbook.diagnostics import Diagnostic, Span, sorted_diagnostics
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import RotationLock
from opsbook.models.overrides import Cover, Overrides, Swap
from opsbook.models.rotation import Rotation
from opsbook.schedule.availability import Availability
from opsbook.schedule.shifts import local_instant, zone

Source = Literal["schedule", "swap", "cover"]


@dataclass(frozen=True)
class EffectiveShift:
    """One stretch of time during which one member holds one role of one rotation."""

    rotation: str
    role: str
    member: str | None
    """None: the planner left this slot unfilled."""
    start: datetime
    end: datetime
    source: Source
    shift: date
    """Name of the planned shift this piece belongs to (its handoff date)."""
    shift_start: datetime
    """Planned start of that shift; calendar UIDs derive from (rotation, role, this)."""
    planned_member: str | None
    """Who the lock assigns to this (shift, role)."""
    reason: str | None = None
    """The swap's or cover's reason."""


@dataclass(frozen=True)
class OverrideRef:
    """One swap or cover: the Overrides document holding it, its list and its index."""

    document: str
    kind: Literal["swaps", "covers"]
    index: int

    @property
    def key_path(self) -> tuple[str | int, ...]:
        return ("spec", self.kind, self.index)


@dataclass(frozen=True)
class OverrideProblem:
    """A swap or cover that does not fit the lock, or whose result breaks a rule."""

    ref: OverrideRef
    code: str
    message: str


@dataclass(frozen=True)
class Resolution:
    """The whole effective schedule of one rotation, and what went wrong building it."""

    rotation: str
    shifts: tuple[EffectiveShift, ...]
    """Every piece, sorted by (start, role order)."""
    origins: tuple[OverrideRef | None, ...]
    """For each piece, the swap or cover that made it (None: straight from the lock)."""
    problems: tuple[OverrideProblem, ...]
    """Swaps and covers that do not match the lock; they were not applied."""
    holders: Mapping[tuple[date, str], str | None] = field(default_factory=dict)
    """Who holds each whole (shift, role) after the swaps, before covers: what the next
    swap of that shift must name."""
    short_rest_allowed: frozenset[OverrideRef] = frozenset()
    """The swaps and covers recorded with `allow_short_rest: true`."""


# --- building ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    shift: EffectiveShift
    origin: OverrideRef | None


class _Builder:
    """Applies the overrides of one rotation to its lock, one after the other."""

    def __init__(self, rotation: Rotation, lock: RotationLock) -> None:
        self.name = rotation.name
        self.roles = rotation.spec.roles
        self.tz = zone(rotation.spec.shift.handoff.timezone)
        self.planned = sorted(lock.spec.shifts, key=lambda s: s.start)
        self.by_name = {s.shift: i for i, s in enumerate(self.planned)}
        self.by_start = {s.start: i for i, s in enumerate(self.planned)}
        # Every instant is given in the rotation's zone, so consumers print local times.
        starts = [fixed_offset(s.start, self.tz) for s in self.planned]
        ends = [fixed_offset(s.end, self.tz) for s in self.planned]
        self.problems: list[OverrideProblem] = []
        # Whole-shift holders, which swaps exchange: (shift index, role) -> piece.
        self.slots: dict[tuple[int, str], _Piece] = {}
        for i, planned in enumerate(self.planned):
            for role in self.roles:
                member = planned.roles.get(role)
                self.slots[(i, role)] = _Piece(
                    EffectiveShift(
                        rotation=self.name,
                        role=role,
                        member=member,
                        start=starts[i],
                        end=ends[i],
                        source="schedule",
                        shift=planned.shift,
                        shift_start=starts[i],
                        planned_member=member,
                    ),
                    None,
                )
        self.lines: dict[str, list[_Piece]] = {}
        self.short_rest_allowed: set[OverrideRef] = set()

    def describe(self, instant: datetime) -> str:
        return describe_instant(instant, self.tz)

    def find_shift(self, ref: date | datetime) -> int | None:
        """The planned shift named by a handoff date or a start instant."""
        if isinstance(ref, datetime):
            return self.by_start.get(aware(ref, self.tz))
        return self.by_name.get(ref)

    def apply_swap(self, swap: Swap, ref: OverrideRef) -> None:
        if swap.role not in self.roles:
            self.problem(ref, codes.SWAP_MISMATCH, f"{self.name} has no role {swap.role!r}")
            return
        found = [self.find_shift(s) for s in swap.shifts]
        missing = [str(s) for s, i in zip(swap.shifts, found, strict=True) if i is None]
        if missing:
            self.problem(
                ref,
                codes.SWAP_MISMATCH,
                f"no planned shift {' or '.join(missing)} in the lock of {self.name}; "
                "expected a handoff date or start instant of a planned shift",
            )
            return
        ia, ib = found
        assert ia is not None
        assert ib is not None
        a, b = self.slots[(ia, swap.role)], self.slots[(ib, swap.role)]
        x, y = swap.members
        if (a.shift.member, b.shift.member) != (x, y):
            self.problem(
                ref,
                codes.SWAP_MISMATCH,
                f"swap of {swap.role} expects {x} on {a.shift.shift} and {y} on "
                f"{b.shift.shift}, but {_who(a.shift.member)} and {_who(b.shift.member)} "
                "hold them now (the schedule changed since it was written); the swap is not "
                "applied: remove it, or swap again",
            )
            return
        self.slots[(ia, swap.role)] = _Piece(
            replace(a.shift, member=y, source="swap", reason=swap.reason), ref
        )
        self.slots[(ib, swap.role)] = _Piece(
            replace(b.shift, member=x, source="swap", reason=swap.reason), ref
        )

    def freeze_swaps(self) -> None:
        """Turn whole-shift slots into per-role timelines that covers can split."""
        for role in self.roles:
            self.lines[role] = [self.slots[(i, role)] for i in range(len(self.planned))]

    def apply_cover(self, cover: Cover, ref: OverrideRef) -> None:
        if cover.role not in self.roles:
            self.problem(ref, codes.COVER_MISMATCH, f"{self.name} has no role {cover.role!r}")
            return
        start = fixed_offset(aware(cover.start, self.tz), self.tz)
        end = fixed_offset(aware(cover.end, self.tz), self.tz)
        span = f"{self.describe(start)} to {self.describe(end)}"
        if end <= start:
            self.problem(ref, codes.COVER_MISMATCH, f"cover ends before it starts ({span})")
            return
        line = self.lines[cover.role]
        touched = [i for i, p in enumerate(line) if p.shift.start < end and p.shift.end > start]
        if not _covers_whole(line, touched, start, end):
            self.problem(
                ref,
                codes.COVER_MISMATCH,
                f"no planned shifts cover all of {span} in the lock of {self.name}; "
                "expected a cover inside the planned schedule",
            )
            return
        if cover.replaces is not None:
            others = sorted(
                {_who(line[i].shift.member) for i in touched} - {cover.replaces},
            )
            if others:
                self.problem(
                    ref,
                    codes.COVER_MISMATCH,
                    f"cover of {cover.role} from {span} replaces {cover.replaces}, but "
                    f"{', '.join(others)} holds it then (the schedule changed since it "
                    "was written); the cover is not applied",
                )
                return
        out: list[_Piece] = []
        for i, piece in enumerate(line):
            if i not in touched or piece.shift.member == cover.member:
                out.append(piece)
                continue
            held = piece.shift
            if held.start < start:
                out.append(_Piece(replace(held, end=start), piece.origin))
            out.append(
                _Piece(
                    replace(
                        held,
                        member=cover.member,
                        start=max(held.start, start),
                        end=min(held.end, end),
                        source="cover",
                        reason=cover.reason,
                    ),
                    ref,
                )
            )
            if held.end > end:
                out.append(_Piece(replace(held, start=end), piece.origin))
        self.lines[cover.role] = out

    def problem(self, ref: OverrideRef, code: str, message: str) -> None:
        self.problems.append(OverrideProblem(ref, code, message))

    def result(self) -> Resolution:
        order = {role: i for i, role in enumerate(self.roles)}
        pieces = sorted(
            (p for line in self.lines.values() for p in line),
            key=lambda p: (p.shift.start, order[p.shift.role]),
        )
        return Resolution(
            rotation=self.name,
            shifts=tuple(p.shift for p in pieces),
            origins=tuple(p.origin for p in pieces),
            problems=tuple(self.problems),
            holders={
                (self.planned[i].shift, role): piece.shift.member
                for (i, role), piece in self.slots.items()
            },
            short_rest_allowed=frozenset(self.short_rest_allowed),
        )


def _covers_whole(line: list[_Piece], touched: list[int], start: datetime, end: datetime) -> bool:
    if not touched:
        return False
    first, last = line[touched[0]].shift, line[touched[-1]].shift
    if first.start > start or last.end < end:
        return False
    return all(line[a].shift.end == line[b].shift.start for a, b in pairwise(touched))


def _who(member: str | None) -> str:
    return member if member is not None else "nobody (unfilled)"


def aware(value: datetime, tz: tzinfo) -> datetime:
    """`value` as an aware instant; a naive one is wall-clock time in `tz` (the time rules
    of docs/manual/architecture.md).

    The result has a fixed offset: Python never finds a zone-aware time in a fall-back
    fold equal to the same instant in another zone (PEP 495), so lookups by instant
    would miss the very handoffs DST makes interesting."""
    if value.tzinfo is not None:
        return value
    from zoneinfo import ZoneInfo

    if isinstance(tz, ZoneInfo):
        return fixed_offset(local_instant(value.date(), value.timetz(), tz), tz)
    return value.replace(tzinfo=tz)


def fixed_offset(instant: datetime, tz: tzinfo) -> datetime:
    """`instant` with the offset `tz` has then, as a fixed offset.

    A fixed offset rather than the zone itself: Python subtracts two datetimes sharing
    one zone object as wall-clock times, so a 169-hour shift across fall-back would
    measure 168 hours. With fixed offsets `end - start` is always the real duration."""
    local = instant.astimezone(tz)
    return local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)), fold=0)


def describe_instant(instant: datetime, tz: tzinfo) -> str:
    """`2026-11-27 09:00 GMT`: an instant as read in the rotation's zone."""
    local = instant.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()


def resolve(
    ws: Workspace,
    rotation: str,
    overrides: Sequence[Overrides] | None = None,
    lock: RotationLock | None = None,
) -> Resolution:
    """The whole effective schedule of `rotation`: its lock with its overrides applied.

    `overrides` replaces the rotation's Overrides documents (the swap and cover commands
    pass the would-be result); by default they are every Overrides document naming the
    rotation, in name order. `lock` replaces the lock file (`opsbook plan` passes the
    lock it is about to write). Empty when the rotation or its lock is missing."""
    rot = ws.rotations.get(rotation)
    lock = lock if lock is not None else ws.locks.get(rotation)
    if rot is None or lock is None:
        return Resolution(rotation, (), (), ())
    docs = ws.overrides_for(rotation) if overrides is None else list(overrides)
    builder = _Builder(rot, lock)
    for doc in docs:
        for i, swap in enumerate(doc.spec.swaps):
            builder.apply_swap(swap, OverrideRef(doc.name, "swaps", i))
            if swap.allow_short_rest:
                builder.short_rest_allowed.add(OverrideRef(doc.name, "swaps", i))
    builder.freeze_swaps()
    for doc in docs:
        for i, cover in enumerate(doc.spec.covers):
            builder.apply_cover(cover, OverrideRef(doc.name, "covers", i))
            if cover.allow_short_rest:
                builder.short_rest_allowed.add(OverrideRef(doc.name, "covers", i))
    return builder.result()


# --- queries ----------------------------------------------------------------------------


def effective_schedule(
    ws: Workspace, rotation: str, start: datetime, end: datetime
) -> list[EffectiveShift]:
    """Every piece of the effective schedule overlapping [start, end), not clipped,
    sorted by (start, order of the role in the rotation); [] when there is no lock."""
    return [s for s in resolve(ws, rotation).shifts if s.start < end and s.end > start]


def on_call_at(ws: Workspace, rotation: str, at: datetime) -> list[EffectiveShift]:
    """Who holds each role of `rotation` at the instant `at`: one piece per role, in role
    order (member None when the slot is unfilled); [] when no planned shift covers `at`."""
    return [s for s in resolve(ws, rotation).shifts if s.start <= at < s.end]


# --- validation -------------------------------------------------------------------------


def rule_problems(ws: Workspace, resolution: Resolution) -> list[OverrideProblem]:
    """What the applied swaps and covers break: a member on call during their own time
    off (or before joining, after leaving), or one member in two roles at once.
    (Rest is judged when a swap or cover is made: `short_rest_problems`.)

    Only pieces a swap or cover made are judged; conflicts already in the lock are the
    planner's to report (`opsbook plan --check`)."""
    rot = ws.rotations.get(resolution.rotation)
    if rot is None:
        return []
    tz = zone(rot.spec.shift.handoff.timezone)
    availability = Availability(ws)
    out: list[OverrideProblem] = []
    made = [
        (piece, origin)
        for piece, origin in zip(resolution.shifts, resolution.origins, strict=True)
        if origin is not None and piece.member is not None
    ]
    for piece, origin in made:
        assert piece.member is not None
        span = f"{describe_instant(piece.start, tz)} to {describe_instant(piece.end, tz)}"
        for absence in availability.hard_conflicts(piece.member, piece.start, piece.end):
            out.append(
                OverrideProblem(
                    origin,
                    codes.OVERRIDE_TIME_OFF,
                    f"{piece.member} would be {piece.role} from {span}, during their own "
                    f"time off: {absence.describe()}",
                )
            )
        for other in _overlapping_other_roles(resolution.shifts, piece):
            both_start, both_end = max(piece.start, other.start), min(piece.end, other.end)
            out.append(
                OverrideProblem(
                    origin,
                    codes.OVERRIDE_TWO_ROLES,
                    f"{piece.member} would be {piece.role} and {other.role} at once from "
                    f"{describe_instant(both_start, tz)} to {describe_instant(both_end, tz)} "
                    f"({other.role} of shift {other.shift}, source: {other.source}); "
                    "expected one role at a time",
                )
            )
    return out


def feasible_rest(ws: Workspace, rot: Rotation) -> int:
    """The rest the plan keeps between two shifts of one member: `min_rest`, or less
    when the team is too small to keep it at all (each shift needs one member per
    role), as the planner relaxes it."""
    members = len(ws.rotation_members(rot))
    return max(0, min(rot.spec.fairness.min_rest, members // max(len(rot.spec.roles), 1) - 1))


def short_rest_problems(
    ws: Workspace, resolution: Resolution, ref: OverrideRef
) -> list[OverrideProblem]:
    """Where the swap or cover `ref` leaves its member fewer shifts of rest than the plan
    keeps (`feasible_rest`) next to another shift they hold, unless it is recorded with
    `allow_short_rest`. Judged when `opsbook swap` / `opsbook cover` make the change, as
    the plan judges its own assignments; entries already in the file are not re-judged."""
    rot = ws.rotations.get(resolution.rotation)
    if rot is None:
        return []
    rest = feasible_rest(ws, rot)
    if rest <= 0:
        return []
    made = [
        (piece, origin)
        for piece, origin in zip(resolution.shifts, resolution.origins, strict=True)
        if origin == ref and piece.member is not None
    ]
    position = {day: i for i, day in enumerate(sorted({s.shift for s in resolution.shifts}))}
    held: dict[str, dict[int, EffectiveShift]] = {}
    for piece in resolution.shifts:
        if piece.member is not None:
            held.setdefault(piece.member, {}).setdefault(position[piece.shift], piece)
    out: list[OverrideProblem] = []
    seen: set[tuple[OverrideRef, str, date, date]] = set()
    for piece, origin in made:
        if origin in resolution.short_rest_allowed or piece.member is None:
            continue
        mine = position[piece.shift]
        for other_position, other in sorted(held[piece.member].items()):
            gap = abs(other_position - mine) - 1
            if other_position == mine or gap >= rest:
                continue
            pair = sorted((piece.shift, other.shift))
            key = (origin, piece.member, pair[0], pair[1])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                OverrideProblem(
                    origin,
                    codes.OVERRIDE_SHORT_REST,
                    f"{piece.member} would hold {piece.role} in the shift of {piece.shift} "
                    f"and {other.role} in the shift of {other.shift}: {gap} shift"
                    f"{'' if gap == 1 else 's'} of rest between them, expected at least "
                    f"{rest} (min_rest); pass --allow-short-rest to record the exception",
                )
            )
    return out


def _overlapping_other_roles(
    shifts: Iterable[EffectiveShift], piece: EffectiveShift
) -> list[EffectiveShift]:
    return [
        s
        for s in shifts
        if s.member == piece.member
        and s.role != piece.role
        and s.start < piece.end
        and s.end > piece.start
    ]


def override_problems(ws: Workspace, rotation: str) -> list[OverrideProblem]:
    """Every problem of the rotation's overrides: mismatches with the lock (not applied)
    and rule breaks of the applied ones."""
    resolution = resolve(ws, rotation)
    return [*resolution.problems, *rule_problems(ws, resolution)]


def override_diagnostics(ws: Workspace, rotation: str | None = None) -> list[Diagnostic]:
    """The override problems of one rotation (default: every rotation with a lock),
    located at the swap or cover in its Overrides file, sorted by place."""
    names = sorted(ws.locks) if rotation is None else [rotation]
    return sorted_diagnostics(
        locate_problem(ws, problem) for name in names for problem in override_problems(ws, name)
    )


def locate_problem(ws: Workspace, problem: OverrideProblem) -> Diagnostic:
    """A diagnostic at the swap or cover the problem is about."""
    doc = ws.overrides.get(problem.ref.document)
    source = ws.source(doc) if doc is not None else None
    path = problem.ref.key_path
    return codes.problem(
        source.path if source else "<overrides>",
        source.locate(path) if source else Span.point(1, 1),
        problem.code,
        problem.message,
        f"spec.{problem.ref.kind}[{problem.ref.index}]",
    )
