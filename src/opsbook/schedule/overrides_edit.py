"""Swaps and covers as edits: validate the resulting schedule, then append to the file.

`opsbook swap` and `opsbook cover` call `plan_swap` / `plan_cover`, which refuse
(RefusedError) unless the effective schedule with the new entry keeps the design rules
(docs/manual/architecture.md): nobody on call during their own time off, nobody in two
roles at once, nobody with less rest than the plan keeps (`min_rest`, unless
`allow_short_rest` is recorded), the shifts exist and the members really hold them, and
no other swap or cover stops matching. A change that puts someone on call over their own
public holiday is allowed, with a warning (the plan does the same when nobody else can
go). Then
`write_override` appends the entry to the rotation's Overrides file with ruamel's
round-trip mode (comments, key order, quoting and indentation kept; atomic write), or
creates `<rotation>-overrides.yaml` beside the rotation when it has none.
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from opsbook import diagnostic_codes as codes
from opsbook.errors import InputError, RefusedError, UsageError
from opsbook.files.atomic import sweep_leftovers, write_atomic
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift
from opsbook.models.overrides import Cover, Overrides, OverridesSpec, Swap
from opsbook.models.rotation import Rotation
from opsbook.schedule.effective import (
    EffectiveShift,
    OverrideProblem,
    OverrideRef,
    Resolution,
    aware,
    describe_instant,
    resolve,
    rule_problems,
    short_rest_problems,
)
from opsbook.schedule.lockfile import lock_path, write_lock
from opsbook.schedule.revisions import lock_with_overrides
from opsbook.schedule.shifts import zone
from opsbook.terminal import quoted
from opsbook.yamlio.read import control_character
from opsbook.yamlio.roundtrip import dump_roundtrip, roundtrip_yaml

WIDTH = 100
"""New entries are written on one line (flow style) when they fit in this width."""

NEW_FILE = """\
# yaml-language-server: $schema=../schemas/overrides.schema.json
apiVersion: opsbook/v1
kind: Overrides
metadata:
  name: {name}
spec:
  rotation: {rotation}
  # Changes on top of the planned schedule, appended by `opsbook swap` and
  # `opsbook cover`; review them like any other change.
  swaps: []
  covers: []
"""


class ChangeRefused(RefusedError):
    """A swap or cover refused by the validation, with the codes of what it breaks."""

    def __init__(self, message: str, found: frozenset[str]) -> None:
        super().__init__(message)
        self.codes = found

    @property
    def only_short_rest(self) -> bool:
        """Whether `allow_short_rest` would have let it through: rest is all it breaks."""
        return self.codes == {codes.OVERRIDE_SHORT_REST}


@dataclass(frozen=True)
class PlannedOverride:
    """A validated swap or cover, ready to be written."""

    rotation: str
    kind: Literal["swaps", "covers"]
    entry: dict[str, Any]
    """The entry as it will appear in the file, keys in order."""
    document: Overrides | None
    """The Overrides document it goes into; None: a new file is created."""
    changes: tuple[str, ...]
    """What changes, one line each, for the person running the command."""
    warnings: tuple[str, ...] = ()
    """What the change allows but the reader should know: someone on call over their
    own public holiday."""
    after: Resolution | None = None
    """The effective schedule with the change (what `--suggest` weighs)."""


@dataclass(frozen=True)
class Baseline:
    """The rotation's effective schedule as it is, and the problems it already has: what
    every change is judged against. `--suggest` tries hundreds of changes on one
    schedule, so it resolves this once (`baseline`) and hands it to each."""

    resolution: Resolution
    known: frozenset[tuple[OverrideRef, str, str]]
    """(entry, code, message) of every problem the overrides already have."""


def baseline(ws: Workspace, rotation: str) -> Baseline:
    """The unchanged schedule of `rotation` and its problems (`override_problems`)."""
    resolution = resolve(ws, rotation)
    found = [*resolution.problems, *rule_problems(ws, resolution)]
    return Baseline(resolution, frozenset((p.ref, p.code, p.message) for p in found))


# --- lookups ----------------------------------------------------------------------------


def rotation_of(ws: Workspace, name: str) -> Rotation:
    """The rotation called `name`, or a UsageError that suggests the closest one."""
    rotation = ws.rotations.get(name)
    if rotation is not None:
        return rotation
    from opsbook.loader.references import unknown_rotation

    raise UsageError(unknown_rotation(name, ws.rotations))


def _check_role(rotation: Rotation, role: str) -> None:
    if role not in rotation.spec.roles:
        raise UsageError(
            f"{rotation.name} has no role {quoted(role)}; expected one of "
            f"{', '.join(rotation.spec.roles)}"
        )


def _lock_shifts(ws: Workspace, rotation: Rotation) -> tuple[LockedShift, ...]:
    lock = ws.locks.get(rotation.name)
    if lock is None:
        raise RefusedError(
            f"{rotation.name} has no lock file yet, so there is nothing to change; run "
            f"`opsbook plan {rotation.name}` first"
        )
    return lock.spec.shifts


def planned_shift(ws: Workspace, rotation: Rotation, ref: date | datetime) -> LockedShift:
    """The planned shift named by a handoff date or start instant (naive: the rotation's
    zone); RefusedError when the lock has no such shift."""
    tz = zone(rotation.spec.shift.handoff.timezone)
    shifts = _lock_shifts(ws, rotation)
    for shift in shifts:
        if isinstance(ref, datetime):
            if shift.start == aware(ref, tz):
                return shift
        elif shift.shift == ref:
            return shift
    span = f"{shifts[0].shift} to {shifts[-1].shift}" if shifts else "no shifts"
    raise RefusedError(
        f"{rotation.name} has no planned shift {_ref_text(ref)}; expected the handoff date "
        f"or start instant of a shift in its lock ({span})"
    )


def _ref_text(ref: date | datetime) -> str:
    return ref.isoformat(timespec="minutes") if isinstance(ref, datetime) else ref.isoformat()


def parse_shift_ref(text: str) -> date | datetime:
    """SHIFT on the command line: a handoff date (2026-12-21) or a start instant."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        return _parse_datetime(value)
    except ValueError:
        raise UsageError(
            f"expected a shift as its handoff date (2026-12-21) or start instant "
            f"(2026-12-21T09:00+00:00); found {quoted(text)}"
        ) from None


def parse_time(text: str, what: str) -> datetime:
    """`--from`/`--to` of a cover: ISO 8601; without an offset, the rotation's zone."""
    try:
        return _parse_datetime(text.strip())
    except ValueError:
        raise UsageError(
            f"{what}: expected an ISO 8601 time like 2026-11-27T09:00 (rotation's zone) or "
            f"2026-11-27T09:00+01:00; found {quoted(text)}"
        ) from None


def _parse_datetime(text: str) -> datetime:
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def _time_text(value: datetime) -> str:
    """How a cover's time is written: as given, to the minute when it has no seconds."""
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.isoformat(timespec=spec)


# --- validation -------------------------------------------------------------------------


def _with_entry(
    ws: Workspace, rotation: str, kind: Literal["swaps", "covers"], item: Swap | Cover
) -> tuple[list[Overrides], Overrides | None, OverrideRef]:
    """The rotation's Overrides documents with `item` appended to the first (or to a new
    document), the document it went into, and where the item sits."""
    docs = ws.overrides_for(rotation)
    target = docs[0] if docs else None
    base = target or Overrides.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "Overrides",
            "metadata": {"name": f"{rotation}-overrides"},
            "spec": {"rotation": rotation},
        }
    )
    spec: OverridesSpec = base.spec
    items: tuple[Any, ...] = getattr(spec, kind)
    grown = base.model_copy(update={"spec": spec.model_copy(update={kind: (*items, item)})})
    others = docs[1:] if docs else []
    ref = OverrideRef(base.name, kind, len(items))
    return [grown, *others], target, ref


def _validate(
    ws: Workspace,
    rotation: str,
    kind: Literal["swaps", "covers"],
    item: Swap | Cover,
    what: str,
    base: Baseline,
) -> tuple[Resolution, Resolution, Overrides | None, OverrideRef]:
    """Refuse unless the schedule with `item` added breaks nothing that was not broken."""
    before, known = base.resolution, base.known
    docs, target, ref = _with_entry(ws, rotation, kind, item)
    after = resolve(ws, rotation, docs)
    found = [*after.problems, *rule_problems(ws, after)]
    mine = [p for p in found if p.ref == ref] + short_rest_problems(ws, after, ref)
    broken = [p for p in found if p.ref != ref and (p.ref, p.code, p.message) not in known]
    if mine or broken:
        raise ChangeRefused(_refusal(what, mine, broken), frozenset(p.code for p in mine + broken))
    return before, after, target, ref


def holiday_warnings(
    ws: Workspace, after: Resolution, before: Resolution, ref: OverrideRef
) -> tuple[str, ...]:
    """Who the change (the entry `ref`) puts on call over one of their own public
    holidays."""
    from opsbook.schedule.availability import Availability

    availability = Availability(ws)
    out: list[str] = []
    # Only the pieces the entry made can be its doing (as `short_rest_problems` judges
    # them); comparing every piece with every other took seconds on a daily rotation.
    made = [
        piece for piece, origin in zip(after.shifts, after.origins, strict=True) if origin == ref
    ]
    for piece in made:
        if piece.member is None or any(
            # What they held already (the rest of a split shift) is not the change's doing.
            s.member == piece.member and s.role == piece.role and s.start <= piece.start < s.end
            for s in before.shifts
        ):
            continue
        for absence in availability.holiday_absences(piece.member, piece.start, piece.end):
            out.append(
                f"warning: {piece.member} would be on call ({piece.role}) over their own public "
                f"holiday: {absence.reason} ({absence.start})"
            )
    return tuple(dict.fromkeys(out))


def _refusal(what: str, mine: list[OverrideProblem], broken: list[OverrideProblem]) -> str:
    lines = [f"refused {what}:"]
    lines += [f"  - {p.message}" for p in dict.fromkeys(mine)]
    lines += [
        f"  - it would break the existing {p.ref.kind[:-1]} spec.{p.ref.kind}[{p.ref.index}] "
        f"of {p.ref.document}: {p.message}"
        for p in dict.fromkeys(broken)
    ]
    lines.append("Nothing was written.")
    return "\n".join(lines)


def _changed(before: Resolution, after: Resolution, tz_name: str) -> tuple[str, ...]:
    """The pieces that differ, as `role from .. to ..: old -> new` lines."""
    tz = zone(tz_name)

    def pieces(res: Resolution) -> set[tuple[str, datetime, datetime, str | None]]:
        return {(s.role, s.start, s.end, s.member) for s in res.shifts}

    new = sorted(pieces(after) - pieces(before), key=lambda p: (p[1], p[0]))
    lines = []
    for role, start, end, member in new:
        was = sorted(
            {
                _who(s.member)
                for s in before.shifts
                if s.role == role and s.start < end and s.end > start
            }
        )
        if was == [_who(member)]:
            continue  # the rest of a split shift: same holder, shorter piece
        lines.append(
            f"{role} {describe_instant(start, tz)} to {describe_instant(end, tz)}: "
            f"{' / '.join(was)} -> {_who(member)}"
        )
    return tuple(lines)


def _who(member: str | None) -> str:
    return member if member is not None else "unfilled"


# --- swap -------------------------------------------------------------------------------


def plan_swap(
    ws: Workspace,
    rotation_name: str,
    role: str,
    shift_a: date | datetime,
    shift_b: date | datetime,
    *,
    members: tuple[str, str] | None = None,
    reason: str | None = None,
    allow_short_rest: bool = False,
    base: Baseline | None = None,
) -> PlannedOverride:
    """Exchange the holders of `role` on two planned shifts, after checking the result.

    `members`, when given, are who the caller expects to hold the two shifts now.
    `base`: the rotation's `baseline`, when the caller has it already."""
    rotation = rotation_of(ws, rotation_name)
    _check_role(rotation, role)
    a, b = planned_shift(ws, rotation, shift_a), planned_shift(ws, rotation, shift_b)
    if a.shift == b.shift:
        raise UsageError(f"{a.shift} and {b.shift} are the same shift; expected two shifts")
    base = base or baseline(ws, rotation.name)
    holders = base.resolution.holders
    x, y = holders[(a.shift, role)], holders[(b.shift, role)]
    what = f"swap of {role} on {a.shift} and {b.shift}"
    if members is not None:
        wrong = [
            f"{expected} does not hold {role} on {shift.shift}: {_who(actual)} does"
            for expected, actual, shift in ((members[0], x, a), (members[1], y, b))
            if expected != actual
        ]
        if wrong:
            raise RefusedError(f"refused {what}: " + "; ".join(wrong))
    for holder, shift in ((x, a), (y, b)):
        if holder is None:
            raise RefusedError(
                f"refused {what}: nobody holds {role} on {shift.shift} (the plan left it "
                f"unfilled); use `opsbook cover` to fill it"
            )
    assert x is not None
    assert y is not None
    if x == y:
        raise RefusedError(f"refused {what}: {x} holds both shifts, so nothing would change")
    entry = _entry(
        role=role,
        shifts=[a.shift, b.shift],
        members=[x, y],
        reason=reason,
        allow_short_rest=allow_short_rest,
    )
    return _planned(ws, rotation, "swaps", Swap.model_validate(entry), entry, what, base)


# --- cover ------------------------------------------------------------------------------


def plan_cover(
    ws: Workspace,
    rotation_name: str,
    role: str,
    start: datetime,
    end: datetime,
    member: str,
    *,
    replaces: str | None = None,
    reason: str | None = None,
    allow_short_rest: bool = False,
    base: Baseline | None = None,
) -> PlannedOverride:
    """Hand `role` to `member` for [start, end) (naive times: the rotation's zone), after
    checking the result. Without `replaces`, the one member who holds the role then is
    recorded, so the cover is reported if a later re-plan moves them. `base`: the
    rotation's `baseline`, when the caller has it already."""
    rotation = rotation_of(ws, rotation_name)
    _check_role(rotation, role)
    shifts = sorted(_lock_shifts(ws, rotation), key=lambda s: s.start)
    tz = zone(rotation.spec.shift.handoff.timezone)
    first, last = aware(start, tz), aware(end, tz)
    span = f"{describe_instant(first, tz)} to {describe_instant(last, tz)}"
    what = f"cover of {role} from {span} by {member}"
    if last <= first:
        raise UsageError(f"--to ({span.split(' to ')[1]}) must be after --from")
    if ws.member(member) is None:
        known = sorted(ws.rotation_members(rotation))
        close = difflib.get_close_matches(member, known, n=1, cutoff=0.5)
        hint = f" (did you mean {quoted(close[0])}?)" if close else ""
        raise UsageError(f"unknown member {quoted(member)}{hint}; known: {', '.join(known)}")
    if replaces == member:
        raise UsageError(f"{member} cannot cover themselves")
    if not shifts or first < shifts[0].start or last > shifts[-1].end:
        raise RefusedError(
            f"refused {what}: the lock of {rotation.name} plans "
            + (
                f"{describe_instant(shifts[0].start, tz)} to {describe_instant(shifts[-1].end, tz)}"
                if shifts
                else "no shifts"
            )
            + "; expected a cover inside the planned schedule"
        )
    base = base or baseline(ws, rotation.name)
    held = [
        s for s in base.resolution.shifts if s.role == role and s.start < last and s.end > first
    ]
    holders = {s.member for s in held}
    if replaces is not None and holders != {replaces}:
        others = ", ".join(f"{_who(s.member)} ({_piece_span(s, tz)})" for s in held)
        raise RefusedError(f"refused {what}: {replaces} does not hold {role} then; {others}")
    if holders == {member}:
        raise RefusedError(f"refused {what}: {member} already holds {role} then")
    if replaces is None and len(holders) == 1:
        replaces = next(iter(holders))
    entry = _entry(
        role=role,
        start=_time_text(start),
        end=_time_text(end),
        member=member,
        replaces=replaces,
        reason=reason,
        allow_short_rest=allow_short_rest,
    )
    return _planned(ws, rotation, "covers", Cover.model_validate(entry), entry, what, base)


OPTIONS = {"role": "--role", "member": "--by", "replaces": "--replaces", "reason": "--reason"}
"""The command-line option each text field of an entry comes from, to name in a refusal."""


def _entry(**fields: Any) -> dict[str, Any]:
    """The entry as it is written to the Overrides file, without the keys left unset
    (None, False, an empty reason). The swap or cover is validated from this very entry,
    so what is checked is what is written.

    Text the reader would refuse (a control character: OB006) is refused here, before
    anything is written: a file holding it would stop every command at the workspace."""
    entry = {k: v for k, v in fields.items() if v is not None and v is not False and v != ""}
    for key, value in entry.items():
        for text in value if isinstance(value, list) else [value]:
            found = control_character(text) if isinstance(text, str) else None
            if found is not None:
                raise UsageError(
                    f"{OPTIONS.get(key, key)}: expected text without control characters (tab "
                    f"and newline are fine); found {ord(found.group()):#04x} at character "
                    f"{found.start() + 1} of {quoted(text)}"
                )
    return entry


def _planned(
    ws: Workspace,
    rotation: Rotation,
    kind: Literal["swaps", "covers"],
    item: Swap | Cover,
    entry: dict[str, Any],
    what: str,
    base: Baseline,
) -> PlannedOverride:
    """`item`, validated against the schedule, with the entry to write for it, what it
    changes and the holidays it lands on."""
    before, after, target, ref = _validate(ws, rotation.name, kind, item, what, base)
    changes = _changed(before, after, rotation.spec.shift.handoff.timezone)
    warnings = holiday_warnings(ws, after, before, ref)
    return PlannedOverride(rotation.name, kind, entry, target, changes, warnings, after)


def _piece_span(piece: EffectiveShift, tz: tzinfo) -> str:
    return f"{describe_instant(piece.start, tz)} to {describe_instant(piece.end, tz)}"


# --- writing ----------------------------------------------------------------------------


def write_override(ws: Workspace, planned: PlannedOverride) -> Path:
    """Append the entry to the rotation's Overrides file (or create one); return its path."""
    if planned.document is not None:
        source = ws.source(planned.document)
        if source is None:
            raise InputError(f"cannot tell which file holds {planned.document.name}")
        path = Path(source.path)
        text = path.read_text(encoding="utf-8")
        name = planned.document.name
    else:
        rotation = ws.rotations[planned.rotation]
        source = ws.source(rotation)
        folder = Path(source.path).parent if source else ws.root / "rotation"
        name = f"{planned.rotation}-overrides"
        path = folder / f"{name}.yaml"
        if path.exists() or name in ws.overrides:
            raise RefusedError(
                f"refused: {planned.rotation} has no Overrides document, and {path} (or an "
                f"Overrides named {name}) already exists; fix it, then try again"
            )
        text = NEW_FILE.format(name=name, rotation=planned.rotation)
    sweep_leftovers(path.parent, {path.name})  # under the workspace lock (swap, cover)
    write_atomic(path, append_entry(text, name, planned.kind, planned.entry))
    _record_revisions(ws, planned)
    return path


def _record_revisions(ws: Workspace, planned: PlannedOverride) -> None:
    """Record the change in the lock's calendar revisions, as `opsbook plan` would, so
    each swap or cover raises the SEQUENCE of the events it changes."""
    item = (Swap if planned.kind == "swaps" else Cover).model_validate(planned.entry)
    docs, _, _ = _with_entry(ws, planned.rotation, planned.kind, item)
    lock = lock_with_overrides(ws, planned.rotation, docs)
    if lock is not None:
        write_lock(lock_path(ws, ws.rotations[planned.rotation]), lock)


def append_entry(text: str, document: str, kind: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to `spec.<kind>` of the Overrides document named
    `document`, every other byte kept where ruamel allows."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = _yaml(text)
    documents = list(yaml.load_all(io.StringIO(text)))
    target = next(
        (
            d
            for d in documents
            if isinstance(d, dict)
            and d.get("kind") == "Overrides"
            and isinstance(d.get("metadata"), dict)
            and d["metadata"].get("name") == document
        ),
        None,
    )
    if target is None or not isinstance(target.get("spec"), dict):
        raise InputError(f"no Overrides document {quoted(document)} with a spec in the file")
    spec = target["spec"]
    items = spec.get(kind)
    if items is None:
        items = CommentedSeq()
        spec[kind] = items
    if not isinstance(items, list):
        raise InputError(f"spec.{kind} of {document} is not a list; cannot append to it")
    unchanged = Counter(dump_roundtrip(documents, yaml).splitlines())
    if isinstance(items, CommentedSeq):
        items.fa.set_block_style()
    tail = _detach_trailing_comment(items)
    node = CommentedMap()
    for key, value in entry.items():
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            node[key] = seq
        elif key in ("start", "end"):
            node[key] = DoubleQuotedScalarString(value)
        else:
            node[key] = value
    node.fa.set_flow_style()
    items.append(node)
    _attach_trailing_comment(items, tail, block=False)
    out = dump_roundtrip(documents, yaml)
    added = Counter(out.splitlines()) - unchanged
    if any(len(line) > WIDTH for line in added):
        # Too long for one line: block style, one key per line, instead of a wrapped line.
        node.fa.set_block_style()
        _attach_trailing_comment(items, tail, block=True)
        out = dump_roundtrip(documents, yaml)
    return out


def _detach_trailing_comment(items: Any) -> Any:
    """The comment lines that follow the list's last item (ruamel keeps them on that
    item), so they can move below the new last item; the last item keeps its own
    end-of-line comment."""
    from ruamel.yaml.comments import CommentedMap

    if not items:
        return None
    last = len(items) - 1
    slots: list[Any] | None = None
    index = 0
    if last in items.ca.items and items.ca.items[last][0] is not None:
        slots, index = items.ca.items[last], 0
    elif isinstance(items[last], CommentedMap) and items[last]:
        key = list(items[last])[-1]
        found = items[last].ca.items.get(key)
        if found is not None and len(found) > 2 and found[2] is not None:
            slots, index = found, 2
    if slots is None:
        return None
    token = slots[index]
    own, newline, rest = token.value.partition("\n")
    if not rest.strip():
        return None
    if own.strip():
        token.value = own + newline
    else:
        slots[index] = None
    return _comment_token("\n" + rest)


def _comment_token(value: str) -> Any:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    return CommentToken(value, CommentMark(0), None)


def _attach_trailing_comment(items: Any, tail: Any, *, block: bool) -> None:
    if tail is None:
        return
    last = len(items) - 1
    node = items[last]
    items.ca.items.pop(last, None)
    key = list(node)[-1]
    node.ca.items.pop(key, None)
    if block:
        node.ca.items[key] = [None, None, tail, None]
    else:
        items.ca.items[last] = [tail, None, None, None]


def _yaml(text: str) -> Any:
    """A round-trip YAML that writes with the file's own indentation and never re-wraps
    long lines someone wrote by hand."""
    return roundtrip_yaml(guess_indents(text), width=4096)


_KEY_ONLY = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


def guess_indents(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) of a block-style YAML text;
    opsbook's defaults (2, 4, 2) for what the text does not show."""
    mapping: int | None = None
    sequence: tuple[int, int] | None = None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for above, below in pairwise(lines):
        match = _KEY_ONLY.match(above)
        if not match:
            continue
        parent = len(match.group(1))
        indent = len(below) - len(below.lstrip(" "))
        if indent <= parent and not below.lstrip().startswith("- "):
            continue
        if below.lstrip().startswith("- "):
            if sequence is None:
                offset = indent - parent
                sequence = (offset + 2, offset)
        elif mapping is None:
            mapping = indent - parent
    seq, offset = sequence or (4, 2)
    return mapping or 2, seq, offset
