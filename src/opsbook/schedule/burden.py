"""Burden: what an on-call interval costs one member, in hours and in points.

The design rules (docs/manual/architecture.md):
"each on-call hour weighs 1, a weekend hour `weekend`, an hour on the member's own
public holiday `holiday`". An hour that is both a weekend hour and a holiday hour weighs
the larger of the two weights, never their sum or product: a holiday on a Sunday is one
lost day, not two. So

    points = Σ over on-call hours of  w(hour)
    w(hour) = 1                         on an ordinary day
            = weekend                   on Saturday or Sunday
            = holiday                   on the member's own public holiday
            = max(weekend, holiday)     on both

Weekends and holidays are judged in the member's own zone, because that is where their
Saturday is: a Monday 09:00 London handoff is still Sunday night in Los Angeles. Day
boundaries are local midnights, so a day is 23 or 25 hours long across a DST change.

With `holidays: ignore` the holiday hours are still counted (fairness reports them) but
weigh like any other hour. Both roles weigh the same: a secondary carries the pager too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation, Weights
from opsbook.schedule.availability import local_days, public_holidays
from opsbook.schedule.shifts import local_instant, zone

_MIDNIGHT = time(0, 0)
_SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class Burden:
    """On-call hours of one member over some interval, and what they weigh."""

    hours: float = 0.0
    weekend_hours: float = 0.0
    """Hours on Saturday or Sunday in the member's zone."""
    holiday_hours: float = 0.0
    """Hours on the member's own public holidays (in their zone)."""
    points: float = 0.0
    """Weighted hours, see the module docstring."""

    def __add__(self, other: Burden) -> Burden:
        return Burden(
            self.hours + other.hours,
            self.weekend_hours + other.weekend_hours,
            self.holiday_hours + other.holiday_hours,
            self.points + other.points,
        )


NO_BURDEN = Burden()


def hour_weight(weekend: bool, holiday: bool, weights: Weights) -> float:
    """Weight of one on-call hour: 1, `weekend`, `holiday`, or the larger of both."""
    if weekend and holiday:
        return max(weights.weekend, weights.holiday)
    if holiday:
        return weights.holiday
    if weekend:
        return weights.weekend
    return 1.0


@lru_cache(maxsize=65536)
def local_day_bounds(day: date, zone_name: str) -> tuple[datetime, datetime]:
    """[start, end) of a local calendar day: midnight to midnight, DST-aware."""
    tz = zone(zone_name)
    start = local_instant(day, _MIDNIGHT, tz)
    end = local_instant(day + timedelta(days=1), _MIDNIGHT, tz)
    return start.astimezone(UTC), end.astimezone(UTC)


@lru_cache(maxsize=65536)
def _day_seconds(day: date, zone_name: str) -> tuple[float, float]:
    """`local_day_bounds` as POSIX seconds."""
    start, end = local_day_bounds(day, zone_name)
    return start.timestamp(), end.timestamp()


def _add_up(
    first: float,
    last: float,
    days: Iterable[tuple[float, float, bool, bool]],
    weights: Weights,
    weigh_holidays: bool,
) -> Burden:
    """Burden of [first, last) (POSIX seconds) over local days given as (start, end,
    weekend, own holiday)."""
    hours = weekend_hours = holiday_hours = points = 0.0
    for day_start, day_end, weekend, holiday in days:
        overlap = (min(last, day_end) - max(first, day_start)) / _SECONDS_PER_HOUR
        if overlap <= 0:
            continue
        hours += overlap
        if weekend:
            weekend_hours += overlap
        if holiday:
            holiday_hours += overlap
        points += overlap * hour_weight(weekend, holiday and weigh_holidays, weights)
    return Burden(hours, weekend_hours, holiday_hours, points)


def holiday_test(country: str | None, subdivision: str | None) -> Callable[[date], bool]:
    """A predicate telling whether a date is a public holiday of one calendar."""
    if country is None:
        return _never

    def is_holiday(day: date) -> bool:
        return day in public_holidays(country, subdivision, day.year)

    return is_holiday


def _never(day: date) -> bool:
    return False


class BurdenMeter:
    """Burden of members over intervals for one rotation's weights and holiday policy.

    Results are cached per (zone, holiday calendar, interval), so members who share a
    zone and a calendar share the work; the planner asks the same questions many times.
    """

    def __init__(
        self,
        weights: Weights,
        holidays_policy: str,
        calendars: dict[str, tuple[str, str | None, str | None]],
    ) -> None:
        """`calendars` maps member id → (zone, holiday country, holiday subdivision)."""
        self.weights = weights
        self.weigh_holidays = holidays_policy != "ignore"
        self.calendars = calendars
        self._tests: dict[tuple[str | None, str | None], Callable[[date], bool]] = {}
        self._cache: dict[
            tuple[tuple[str, str | None, str | None], datetime, datetime], Burden
        ] = {}
        self._days: dict[
            tuple[tuple[str, str | None, str | None], date], tuple[float, float, bool, bool]
        ] = {}

    def _test(self, country: str | None, subdivision: str | None) -> Callable[[date], bool]:
        key = (country, subdivision)
        found = self._tests.get(key)
        if found is None:
            found = self._tests[key] = holiday_test(country, subdivision)
        return found

    def of(self, member_id: str, start: datetime, end: datetime) -> Burden:
        """Burden of `member_id` being on call over [start, end)."""
        calendar = self.calendars.get(member_id, ("UTC", None, None))
        key = (calendar, start, end)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._measure(calendar, start, end)
        return found

    def _measure(
        self, calendar: tuple[str, str | None, str | None], start: datetime, end: datetime
    ) -> Burden:
        """Burden of being on call over [start, end) in `calendar`'s zone, with each
        local day's bounds and kind looked up once per calendar: the planner measures
        every member's every shift."""
        # Work in UTC seconds: datetimes sharing a ZoneInfo subtract and compare by wall
        # clock, which would make every DST day 24 hours long; plain numbers are also what
        # makes this loop cheap (the planner measures tens of thousands of intervals).
        zone_name, country, subdivision = calendar
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if end <= start:
            return NO_BURDEN
        known = self._days

        def day_info(day: date) -> tuple[float, float, bool, bool]:
            info = known.get((calendar, day))
            if info is None:
                info = known[(calendar, day)] = (
                    *_day_seconds(day, zone_name),
                    day.weekday() >= 5,
                    self._test(country, subdivision)(day),
                )
            return info

        days = map(day_info, local_days(start, end, zone_name))
        return _add_up(start.timestamp(), end.timestamp(), days, self.weights, self.weigh_holidays)


def rotation_meter(ws: Workspace, rotation: Rotation) -> BurdenMeter:
    """The burden meter of one rotation: its weights and holiday policy, every member's
    zone and public-holiday calendar."""
    calendars: dict[str, tuple[str, str | None, str | None]] = {}
    for team in ws.teams.values():
        for member in team.spec.members:
            cal = member.holidays
            calendars.setdefault(
                member.id,
                (
                    team.zone_of(member),
                    cal.country if cal else None,
                    cal.subdivision if cal else None,
                ),
            )
    fairness = rotation.spec.fairness
    return BurdenMeter(fairness.weights, fairness.holidays, calendars)
