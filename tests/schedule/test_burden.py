"""Burden: hours, weekend hours and own-holiday hours in the member's zone, and points."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from opsbook.models.rotation import Weights
from opsbook.schedule.burden import Burden, BurdenMeter, hour_weight
from opsbook.schedule.shifts import zone

WEIGHTS = Weights(weekend=1.5, holiday=3.0)


def interval_burden(start: datetime, end: datetime, zone_name: str) -> Burden:
    """The burden of someone in `zone_name` with no public-holiday calendar."""
    return BurdenMeter(WEIGHTS, "avoid", {"m": (zone_name, None, None)}).of("m", start, end)


def test_each_hour_weighs_the_largest_applicable_weight() -> None:
    assert hour_weight(False, False, WEIGHTS) == 1.0
    assert hour_weight(True, False, WEIGHTS) == 1.5
    assert hour_weight(False, True, WEIGHTS) == 3.0
    assert hour_weight(True, True, WEIGHTS) == 3.0
    # A weight below 1 is taken as written: a team may decide weekends are quieter.
    assert hour_weight(True, False, Weights(weekend=0.5)) == 0.5


def test_a_week_from_monday_has_48_weekend_hours() -> None:
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    end = datetime(2026, 11, 30, 9, tzinfo=UTC)
    burden = interval_burden(start, end, "UTC")
    assert (burden.hours, burden.weekend_hours, burden.holiday_hours) == (168, 48, 0)
    assert burden.points == 120 + 48 * 1.5


def test_weekend_is_judged_in_the_members_own_zone() -> None:
    # Friday 20:00 to Saturday 04:00 UTC: all Friday in Los Angeles, four Saturday hours
    # in UTC, and all Saturday in Kolkata (01:30 to 09:30, +05:30).
    start = datetime(2026, 11, 27, 20, tzinfo=UTC)
    end = datetime(2026, 11, 28, 4, tzinfo=UTC)
    assert interval_burden(start, end, "America/Los_Angeles").weekend_hours == 0
    assert interval_burden(start, end, "UTC").weekend_hours == 4
    assert interval_burden(start, end, "Asia/Kolkata").weekend_hours == 8


@pytest.mark.parametrize(
    ("zone_name", "day", "hours"),
    [
        ("Europe/London", date(2026, 3, 29), 23),
        ("Europe/London", date(2026, 10, 25), 25),
        ("America/New_York", date(2026, 3, 8), 23),
        ("America/New_York", date(2026, 11, 1), 25),
    ],
)
def test_a_dst_day_is_23_or_25_hours(zone_name: str, day: date, hours: int) -> None:
    tz = zone(zone_name)
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    end = datetime(day.year, day.month, day.day + 1, tzinfo=tz)
    burden = interval_burden(start, end, zone_name)
    assert burden.hours == hours
    assert burden.weekend_hours == hours  # both days are Sundays
    assert burden.points == hours * 1.5


def test_own_public_holidays_weigh_more_unless_ignored() -> None:
    meter = BurdenMeter(WEIGHTS, "avoid", {"carol": ("Europe/London", "GB", "ENG")})
    # Christmas Day 2026 is a Friday: 24 holiday hours, 3 points each.
    start = datetime(2026, 12, 25, tzinfo=UTC)
    end = datetime(2026, 12, 26, tzinfo=UTC)
    burden = meter.of("carol", start, end)
    assert (burden.hours, burden.holiday_hours, burden.points) == (24, 24, 72)
    ignoring = BurdenMeter(WEIGHTS, "ignore", {"carol": ("Europe/London", "GB", "ENG")})
    assert ignoring.of("carol", start, end).holiday_hours == 24  # still reported
    assert ignoring.of("carol", start, end).points == 24


def test_boxing_day_on_a_saturday_weighs_as_a_holiday_not_both() -> None:
    meter = BurdenMeter(WEIGHTS, "share", {"carol": ("Europe/London", "GB", "ENG")})
    start = datetime(2026, 12, 26, tzinfo=UTC)
    burden = meter.of("carol", start, datetime(2026, 12, 27, tzinfo=UTC))
    assert (burden.weekend_hours, burden.holiday_hours, burden.points) == (24, 24, 72)


def test_members_without_a_calendar_have_no_holidays() -> None:
    meter = BurdenMeter(WEIGHTS, "avoid", {"erin": ("UTC", None, None)})
    start = datetime(2026, 12, 25, tzinfo=UTC)
    assert meter.of("erin", start, datetime(2026, 12, 26, tzinfo=UTC)).points == 24
