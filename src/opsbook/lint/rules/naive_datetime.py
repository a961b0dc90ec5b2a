"""Date-times that stand for an instant name exactly one instant.

## Why it matters

Covers and swaps name moments in time, and a moment written without a UTC offset is
only a wall-clock reading. opsbook reads such a value in the rotation's time zone (the
zone of its handoff), which is what people mean nearly always, so a plain
`"2026-11-27T09:00"` is accepted. What is flagged is where that reading fails:

* a wall-clock time that does not exist in the rotation's zone (skipped when clocks
  spring forward) or happens twice (when they fall back): add the offset you mean;
* a cover with one end written with an offset and the other without, whose end is not
  after its start once both are read as instants;
* a lock file (`RotationLock`, written by `opsbook plan`) whose `start` or `end` has no
  offset: lock files always hold exact instants, so the file was edited by hand.

## Fails

```yaml
# rotation handoff in Europe/London; clocks go forward at 01:00 on 2027-03-28
  covers:
    - {role: primary, start: "2027-03-28T01:30", end: "2027-03-28T09:00", member: dave}   # OB150
```

## Passes

```yaml
  covers:
    - {role: primary, start: "2027-03-28T02:30", end: "2027-03-28T09:00", member: dave}
    - {role: primary, start: "2027-10-31T01:30+01:00", end: "2027-10-31T09:00", member: dave}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.models.overrides import Overrides
from opsbook.yamlio.document import KeyPath

RULE = RuleHead("OB150", "naive-datetime")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for overrides in ws.overrides.values():
        rotation = ws.rotations.get(overrides.spec.rotation)
        if rotation is None:
            continue  # the loader reports the unknown rotation
        zone_name = rotation.spec.shift.handoff.timezone
        yield from _overrides(ctx, overrides, ZoneInfo(zone_name), zone_name)
    for lock in ws.locks.values():
        for index, shift in enumerate(lock.spec.shifts):
            for bound in ("start", "end"):
                value: datetime = getattr(shift, bound)
                if value.tzinfo is None:
                    yield ctx.report(
                        lock,
                        ("spec", "shifts", index, bound),
                        f"lock shift {shift.shift}: {bound} {value.isoformat()} has no UTC "
                        "offset; lock files hold exact instants (regenerate with `opsbook plan`)",
                    )


def _overrides(
    ctx: RuleContext, overrides: Overrides, zone: ZoneInfo, zone_name: str
) -> Iterator[Diagnostic]:
    for index, swap in enumerate(overrides.spec.swaps):
        for j, shift in enumerate(swap.shifts):
            if isinstance(shift, datetime):
                problem = _reading(shift, zone, zone_name)
                if problem:
                    yield ctx.report(overrides, ("spec", "swaps", index, "shifts", j), problem)
    for index, cover in enumerate(overrides.spec.covers):
        base: KeyPath = ("spec", "covers", index)
        broken = False
        for bound in ("start", "end"):
            value: datetime = getattr(cover, bound)
            problem = _reading(value, zone, zone_name)
            if problem:
                broken = True
                yield ctx.report(overrides, (*base, bound), problem)
        mixed = (cover.start.tzinfo is None) != (cover.end.tzinfo is None)
        if broken or not mixed:
            continue  # the model already orders two naive or two aware bounds
        start, end = _instant(cover.start, zone), _instant(cover.end, zone)
        if end <= start:
            yield ctx.report(
                overrides,
                (*base, "end"),
                f"cover ends at {end.isoformat()}, not after its start {start.isoformat()} "
                f"(a value without an offset is read in {zone_name}); expected end > start",
            )


def _instant(value: datetime, zone: ZoneInfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _reading(value: date | datetime, zone: ZoneInfo, zone_name: str) -> str | None:
    """Why a naive date-time does not name one instant in `zone`, if it does not."""
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return None
    first = value.replace(tzinfo=zone, fold=0)
    second = value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    shown = value.isoformat(timespec="minutes")
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != value:
        return (
            f"{shown} does not exist in {zone_name} (clocks spring forward over it); "
            "expected an existing local time or an explicit UTC offset"
        )
    return (
        f"{shown} happens twice in {zone_name} (clocks fall back); expected an explicit "
        f"UTC offset, {_offset(first)} or {_offset(second)}"
    )


def _offset(value: datetime) -> str:
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"
