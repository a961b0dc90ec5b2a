"""VTIMEZONE components built from the IANA zone database (zoneinfo).

Why not icalendar's own `Timezone.from_tzinfo`: in icalendar 7 it writes the onset of a
spring-forward observance as the local time *after* the change (02:00 for London's
01:00 GMT change), which RFC 5545 reads with TZOFFSETFROM as an instant an hour late.
And its RDATE-only definitions are known to be misread by Outlook, which wants the
yearly RRULE form every calendar client understands.

So the transitions come from zoneinfo itself (the same rules opsbook computes shift
instants with) and are written as:

* one observance with a yearly RRULE (``BYMONTH``, ``BYDAY=-1SU`` or ``2SU``…) for each
  kind of change that recurs by such a rule through the probed years, starting in the
  year before the calendar's first date so every instant of the calendar is covered;
* one observance with DTSTART (+ RDATE) for changes that do not recur (a zone that
  abolished DST, a one-off offset change);
* an observance for the offset in force at the first date, when no change precedes it
  (always the case for zones without DST, such as Asia/Kolkata).

Onsets are local times in the offset *before* the change, as RFC 5545 requires. An
observance without RRULE repeats its DTSTART as an RDATE: redundant by the RFC, but some
parsers (the `ical` package among them) expand only RRULE and RDATE, never DTSTART alone.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from opsbook.ical.contentlines import date_time, escape_text, utc_offset

UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})
"""Zones whose times are written as UTC (`…Z`) with no VTIMEZONE."""

_SCAN_STEP = timedelta(hours=6)
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_YEARS_AHEAD = 3
"""Years probed past the last date to tell a recurring rule from a one-off change."""


@dataclass(frozen=True, order=True)
class Transition:
    """One change of a zone's offset or name, at a UTC instant."""

    at: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_dst: bool

    @property
    def onset(self) -> datetime:
        """The local wall-clock time of the change, read in the offset before it."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _state(tz: ZoneInfo, at: datetime) -> tuple[timedelta, str, bool]:
    local = at.astimezone(tz)
    offset = local.utcoffset() or timedelta(0)
    dst = local.dst()
    return offset, local.tzname() or "", bool(dst)


def transitions(tzid: str, start: datetime, end: datetime) -> tuple[Transition, ...]:
    """Every change of offset, name or DST flag of `tzid` in [start, end), found to the second.

    Zones change at most a few times a year and never twice within six hours, so a
    scan in six-hour steps, refined by bisection, finds every change. Whole years (the
    VTIMEZONEs' probes) are scanned once per zone and year: an organisation's feeds ask
    for the same few zones over overlapping spans of years.
    """
    if _new_year(start) and _new_year(end):
        return tuple(change for year in range(start.year, end.year) for change in _year(tzid, year))
    return _scan(tzid, start, end)


def _new_year(instant: datetime) -> bool:
    return instant.astimezone(UTC) == datetime(instant.year, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=1024)
def _year(tzid: str, year: int) -> tuple[Transition, ...]:
    # Years start on the six-hour grid, so scanning them one by one finds exactly what
    # one scan over all of them would.
    return _scan(tzid, datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC))


def _scan(tzid: str, start: datetime, end: datetime) -> tuple[Transition, ...]:
    tz = ZoneInfo(tzid)
    found: list[Transition] = []
    at = start.astimezone(UTC)
    state = _state(tz, at)
    while at < end:
        step_end = at + _SCAN_STEP
        after = _state(tz, step_end)
        if after != state:
            low, high = at, step_end
            while high - low > timedelta(seconds=1):
                mid = low + (high - low) / 2
                if _state(tz, mid) == state:
                    low = mid
                else:
                    high = mid
            found.append(Transition(high, state[0], after[0], after[1], after[2]))
        at, state = step_end, after
    return tuple(found)


def _weekday_rule(onset: datetime) -> tuple[str, str]:
    """The (BYDAY as last-of-month, BYDAY as nth) spellings of the onset's weekday."""
    code = _WEEKDAY_CODES[onset.weekday()]
    days_in_month = calendar.monthrange(onset.year, onset.month)[1]
    nth = (onset.day - 1) // 7 + 1
    last = "-1" + code if onset.day + 7 > days_in_month else ""
    return last, f"{nth}{code}"


def _yearly_rule(onsets: list[datetime], final_year: int) -> YearlyRule | None:
    """A yearly rule reproducing every onset and still recurring in `final_year`, or None."""
    years = [o.year for o in onsets]
    if len(onsets) < 2 or years != list(range(years[0], years[0] + len(onsets))):
        return None
    if years[-1] != final_year:
        return None
    first = onsets[0]
    if any(
        (o.month, o.time(), o.weekday()) != (first.month, first.time(), first.weekday())
        for o in onsets
    ):
        return None
    spellings = [_weekday_rule(o) for o in onsets]
    if all(last for last, _ in spellings):
        byday = spellings[0][0]
    elif len({nth for _, nth in spellings}) == 1:
        byday = spellings[0][1]
    else:
        return None
    return YearlyRule(first.month, byday)


@dataclass(frozen=True)
class YearlyRule:
    """`RRULE:FREQ=YEARLY;BYDAY=<byday>;BYMONTH=<month>`."""

    month: int
    byday: str
    """`-1SU` (the last Sunday), `2SU` (the second)…"""

    def __str__(self) -> str:
        # Rule parts in RFC 5545's order: FREQ first (Apple Calendar ignores a rule
        # otherwise), BYDAY before BYMONTH.
        return f"FREQ=YEARLY;BYDAY={self.byday};BYMONTH={self.month}"


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT sub-component."""

    is_dst: bool
    onset: datetime
    """DTSTART: a local (floating) time, read in the offset before the change."""
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: YearlyRule | None = None
    rdates: tuple[datetime, ...] = ()

    @property
    def kind(self) -> str:
        return "DAYLIGHT" if self.is_dst else "STANDARD"

    def lines(self) -> list[str]:
        """Its content lines, properties in alphabetical order as icalendar writes them."""
        return [
            f"BEGIN:{self.kind}",
            "DTSTART" + date_time(self.onset),
            *("RDATE" + date_time(rdate) for rdate in self.rdates),
            *([f"RRULE:{self.rule}"] if self.rule else []),
            f"TZNAME:{escape_text(self.name)}",
            f"TZOFFSETFROM:{utc_offset(self.offset_from)}",
            f"TZOFFSETTO:{utc_offset(self.offset_to)}",
            f"END:{self.kind}",
        ]


def observances(tzid: str, first: date, last: date) -> list[Observance]:
    """The observances of `tzid`'s VTIMEZONE for `first` to `last` (inclusive), in the
    order they are written."""
    tz = ZoneInfo(tzid)
    probe_start = datetime(first.year - 1, 1, 1, tzinfo=UTC)
    final_year = last.year + _YEARS_AHEAD
    probe_end = datetime(final_year + 1, 1, 1, tzinfo=UTC)
    changes = transitions(tzid, probe_start, probe_end)
    groups: dict[tuple[timedelta, timedelta, str, bool], list[Transition]] = defaultdict(list)
    for change in changes:
        groups[(change.offset_from, change.offset_to, change.name, change.is_dst)].append(change)

    found: list[Observance] = []
    range_start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    if not changes or changes[0].at > range_start:
        offset, name, is_dst = _state(tz, probe_start)
        begin = (probe_start + offset).replace(tzinfo=None)
        found.append(Observance(is_dst, begin, offset, offset, name, rdates=(begin,)))
    range_end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
    for (offset_from, offset_to, name, is_dst), members in groups.items():
        onsets = [m.onset for m in members]
        rule = _yearly_rule(onsets, final_year)
        # A one-off change lists the onsets that can matter to the calendar, the first
        # included (see the module's docstring).
        rdates = (
            ()
            if rule is not None
            else tuple([m.onset for m in members if m.at < range_end] or onsets[:1])
        )
        found.append(Observance(is_dst, onsets[0], offset_from, offset_to, name, rule, rdates))
    return sorted(found, key=lambda o: (o.onset, o.kind))


@lru_cache(maxsize=256)
def build_vtimezone(tzid: str, first: date, last: date) -> tuple[str, ...]:
    """The content lines of a VTIMEZONE for `tzid`, exact for every instant from `first`
    to `last` (inclusive)."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{escape_text(tzid)}"]
    for observance in observances(tzid, first, last):
        lines.extend(observance.lines())
    lines.append("END:VTIMEZONE")
    return tuple(lines)
