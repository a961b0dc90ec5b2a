"""Who can be on call when: time off, joined/left, and each member's own public holidays.

Time-off dates and public holidays are whole days in the member's own zone, so a
Monday 09:00 London handoff touches Sunday in Los Angeles and Monday evening in Kolkata.
Everything here is derived from the workspace; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from opsbook.loader.workspace import Workspace
from opsbook.models.team import Member
from opsbook.schedule.shifts import zone

AbsenceKind = Literal["time-off", "not-joined", "left", "holiday"]


@dataclass(frozen=True, order=True)
class Absence:
    """One reason a member is away for some local days overlapping an interval."""

    member: str
    start: date
    end: date
    """Inclusive, in the member's zone."""
    kind: AbsenceKind
    reason: str

    @property
    def dates(self) -> str:
        """`2026-12-24`, or `2026-12-24..2026-12-31` for several days."""
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"

    def describe(self) -> str:
        return f"{self.member}: {self.reason} ({self.dates})"


@dataclass(frozen=True)
class Away:
    """Time off or a public holiday of a team member, as people read it: the handoff
    note and the site list these."""

    member: Member
    start: date
    end: date
    """Inclusive, in the member's own zone."""
    what: str
    """The reason of time off ("time off" without one), or the holiday's name."""
    holiday: bool


def away_between(
    ws: Workspace, members: Iterable[Member], first: date, last: date
) -> tuple[Away, ...]:
    """Time off and public holidays overlapping the days `first`..`last` of those of
    `members` on the team on either day, by date."""
    out: list[Away] = []
    for member in members:
        if not (member.is_current(first) or member.is_current(last)):
            continue
        for entry in ws.time_off_of(member.id):
            if entry.start <= last and entry.end >= first:
                out.append(Away(member, entry.start, entry.end, entry.reason or "time off", False))
        calendar = member.holidays
        if calendar is None:
            continue
        for year in sorted({first.year, last.year}):
            days = public_holidays(calendar.country, calendar.subdivision, year)
            out.extend(
                Away(member, d, d, name, True) for d, name in days.items() if first <= d <= last
            )
    return tuple(sorted(out, key=lambda a: (a.start, a.end, a.member.name, a.what)))


@lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """Public holidays of one calendar year from the `holidays` package, named in US
    English whatever the machine's locale: the package otherwise follows `LANG` (French
    names for FR under `LANG=C`), and pages, feeds and notes must not depend on it."""
    import warnings

    import holidays

    # Past the years a country's rules are known for, the package warns on stderr (raw,
    # mid-output) and returns what it can: opsbook's output is its own.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        calendar = holidays.country_holidays(
            country, subdiv=subdivision, years=year, language="en_US"
        )
    return {day: str(name) for day, name in sorted(calendar.items())}


def local_days(start: datetime, end: datetime, zone_name: str) -> list[date]:
    """Local dates in `zone_name` that the interval [start, end) touches."""
    tz = zone(zone_name)
    first = start.astimezone(tz).date()
    # Step back from `end` in UTC: arithmetic on a zoned datetime is wall-clock arithmetic.
    last = (end.astimezone(UTC) - timedelta(microseconds=1)).astimezone(tz).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


class Availability:
    """Answers availability questions for the members of one workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def zone_of(self, member_id: str) -> str:
        return self.ws.member_zone(member_id)

    def holidays_on(self, member_id: str, days: list[date]) -> dict[date, str]:
        """The member's own public holidays among `days`."""
        member = self.ws.member(member_id)
        if member is None or member.holidays is None:
            return {}
        cal = member.holidays
        out: dict[date, str] = {}
        for day in days:
            name = public_holidays(cal.country, cal.subdivision, day.year).get(day)
            if name is not None:
                out[day] = name
        return out

    def hard_conflicts(self, member_id: str, start: datetime, end: datetime) -> list[Absence]:
        """What forbids the member from being on call in [start, end): time off, not yet
        joined, already left. Public holidays are not here: they are a preference."""
        member = self.ws.member(member_id)
        days = local_days(start, end, self.zone_of(member_id))
        first, last = days[0], days[-1]
        out: list[Absence] = []
        if member is None:
            return out
        if member.joined and first < member.joined:
            out.append(
                Absence(
                    member_id,
                    first,
                    member.joined - timedelta(days=1),
                    "not-joined",
                    f"joins on {member.joined}",
                )
            )
        if member.left and last > member.left:
            out.append(
                Absence(
                    member_id,
                    member.left + timedelta(days=1),
                    last,
                    "left",
                    f"left on {member.left}",
                )
            )
        for entry in self.ws.time_off_of(member_id):
            if entry.start <= last and entry.end >= first:
                out.append(
                    Absence(
                        member_id, entry.start, entry.end, "time-off", entry.reason or "time off"
                    )
                )
        return out

    def holiday_absences(self, member_id: str, start: datetime, end: datetime) -> list[Absence]:
        """The member's own public holidays touched by [start, end)."""
        days = local_days(start, end, self.zone_of(member_id))
        return [
            Absence(member_id, day, day, "holiday", name)
            for day, name in self.holidays_on(member_id, days).items()
        ]

    def is_available(self, member_id: str, at: datetime) -> tuple[bool, str | None]:
        """Whether the member can be reached at the instant `at`, and why not.

        Unavailable on a day of time off, before joining, after leaving, or on one of
        their own public holidays (in their own zone)."""
        instant_end = at + timedelta(seconds=1)
        for absence in self.hard_conflicts(member_id, at, instant_end):
            return False, absence.reason
        for absence in self.holiday_absences(member_id, at, instant_end):
            return False, f"public holiday: {absence.reason}"
        return True, None

    def iter_absences(self, member_id: str, start: datetime, end: datetime) -> Iterator[Absence]:
        yield from self.hard_conflicts(member_id, start, end)
        yield from self.holiday_absences(member_id, start, end)
