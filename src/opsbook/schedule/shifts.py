"""Shift boundaries: handoffs at local wall-clock time in the rotation's zone.

The time rules of docs/manual/architecture.md, in code:

* a handoff happens at the same wall-clock time every time, so a weekly shift that
  spans a DST change lasts 167 or 169 hours;
* a handoff time that does not exist (spring forward) moves to the first valid instant
  after it, which is the transition itself;
* an ambiguous handoff time (fall back) is its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from opsbook.instants import place
from opsbook.models.rotation import RotationSpec


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The instant `day` at `wall` in `tz`, applying the DST rules above (the same rule
    every command's naive `--at` follows: `opsbook.instants.place`)."""
    return place(datetime.combine(day, wall), tz)[0]


@dataclass(frozen=True, order=True)
class ShiftSlot:
    """One shift of a rotation: its index from the start, and its start and end."""

    index: int
    start: datetime
    end: datetime

    @property
    def name(self) -> date:
        """The shift's name: the date of its handoff in the rotation's zone."""
        return self.start.date()

    @property
    def hours(self) -> float:
        # Subtracting two datetimes that share a ZoneInfo gives wall-clock time, which is
        # wrong across DST; timestamps count elapsed time.
        return (self.end.timestamp() - self.start.timestamp()) / 3600


class ShiftClock:
    """Maps shift indexes to instants for one rotation, and instants back to shifts."""

    def __init__(self, spec: RotationSpec) -> None:
        self.tz = zone(spec.shift.handoff.timezone)
        self.wall = spec.shift.handoff.time
        self.first_day = spec.start
        self.days = spec.shift.every.days

    def start_of(self, index: int) -> datetime:
        return local_instant(self.first_day + timedelta(days=index * self.days), self.wall, self.tz)

    def slot(self, index: int) -> ShiftSlot:
        return ShiftSlot(index, self.start_of(index), self.start_of(index + 1))

    def index_at(self, at: datetime) -> int:
        """Index of the shift running at `at` (negative before the rotation starts)."""
        # Compare in UTC: datetimes sharing a ZoneInfo compare by wall clock, which is
        # ambiguous in the hour a fall-back repeats.
        at = at.astimezone(UTC)
        local_day = at.astimezone(self.tz).date()
        guess = (local_day - self.first_day).days // self.days
        while self.start_of(guess) > at:
            guess -= 1
        while self.start_of(guess + 1) <= at:
            guess += 1
        return guess
