"""VTIMEZONE components, read back with the `ical` parser and checked hour by hour
against the zone database."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ical.calendar import Calendar as ParsedCalendar
from ical.timezone import IcsTimezoneInfo, Timezone

from opsbook.ical.contentlines import folded
from opsbook.ical.vtimezone import build_vtimezone, transitions

FIRST, LAST = date(2026, 8, 1), date(2027, 5, 1)
ZONES = [
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",  # southern hemisphere, first-Sunday rules
    "Asia/Kolkata",  # no DST
    "Europe/Dublin",  # winter time is the "daylight" observance in tzdata
    "America/Sao_Paulo",  # DST abolished in 2019
    "Africa/Casablanca",  # offset suspended around Ramadan: no yearly weekday rule
]


def _parsed(tzid: str, parse: Callable[[bytes], ParsedCalendar]) -> Timezone:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//opsbook tests//EN"]
    lines += [*build_vtimezone(tzid, FIRST, LAST), "END:VCALENDAR"]
    (timezone,) = parse(folded(lines).encode()).timezones
    assert timezone.tz_id == tzid
    return timezone


def _hours() -> list[datetime]:
    start = datetime(FIRST.year, FIRST.month, FIRST.day, tzinfo=UTC)
    end = datetime(LAST.year, LAST.month, LAST.day, tzinfo=UTC) + timedelta(days=1)
    return [start + timedelta(hours=h) for h in range(int((end - start) / timedelta(hours=1)))]


def _unambiguous(local: datetime, tz: ZoneInfo) -> bool:
    naive = local.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return first.utcoffset() == second.utcoffset()


@pytest.mark.parametrize("tzid", ZONES)
def test_every_local_time_reads_with_the_zone_databases_offset(
    tzid: str, parse: Callable[[bytes], ParsedCalendar]
) -> None:
    shipped = IcsTimezoneInfo.from_timezone(_parsed(tzid, parse))
    tz = ZoneInfo(tzid)
    checked = 0
    for instant in _hours():
        local = instant.astimezone(tz)
        if not _unambiguous(local, tz):
            continue  # the repeated hour: RFC 5545 and the parser both read the first
        assert shipped.utcoffset(local.replace(tzinfo=None)) == local.utcoffset(), local
        checked += 1
    assert checked > 6500


@pytest.mark.parametrize("tzid", ZONES)
def test_onsets_are_the_zone_databases_transitions(
    tzid: str, parse: Callable[[bytes], ParsedCalendar]
) -> None:
    """Each observance's onset, read with its TZOFFSETFROM as RFC 5545 says, is the
    instant the zone database changes offset; none is missing, none is extra."""
    tz = ZoneInfo(tzid)
    hours = _hours()
    expected = {
        b
        for a, b in itertools.pairwise(hours)
        if a.astimezone(tz).utcoffset() != b.astimezone(tz).utcoffset()
    }
    timezone = _parsed(tzid, parse)
    onsets: set[datetime] = set()
    for observance in [*timezone.standard, *timezone.daylight]:
        for local in observance.as_ruleset():
            assert isinstance(local, datetime)
            if local.year > LAST.year + 1:
                break
            onset = (local - observance.tz_offset_from.offset).replace(tzinfo=UTC)
            if hours[0] < onset <= hours[-1]:
                onsets.add(onset)
    assert onsets == expected


def test_london_springs_forward_at_one_in_the_morning_gmt() -> None:
    """icalendar's own builder writes 02:00 here, an hour late when read with +0000."""
    text = "\r\n".join(build_vtimezone("Europe/London", FIRST, LAST))
    daylight = text.split("BEGIN:DAYLIGHT", 1)[1].split("END:DAYLIGHT", 1)[0]
    assert "DTSTART:20250330T010000" in daylight
    assert "TZOFFSETFROM:+0000" in daylight
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in daylight


@pytest.mark.parametrize("tzid", ZONES)
def test_whole_years_are_scanned_once_and_found_the_same(tzid: str) -> None:
    start, end = datetime(2024, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC)
    by_year = transitions(tzid, start, end)
    # Not at New Year: one scan of the whole span, six hours at a time.
    whole = transitions(tzid, start - timedelta(hours=6), end)
    assert by_year == whole
