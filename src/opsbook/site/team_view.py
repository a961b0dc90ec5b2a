"""The team page's facts: members, their zones and holiday calendars, time off to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from opsbook.loader.workspace import Workspace
from opsbook.models.team import Contact, Member, Team
from opsbook.models.time_off import TimeOffEntry
from opsbook.schedule.availability import Away, away_between, public_holidays
from opsbook.site.people import PersonView, person


@dataclass(frozen=True)
class MemberView:
    member: Member
    zone: str
    holidays: str | None
    """`FR`, `US-CA`: the calendar the member observes."""
    next_holiday: tuple[date, str] | None
    """The member's next public holiday on or after the build's date."""
    time_off: tuple[TimeOffEntry, ...]
    """Time off not yet over at the build's date."""
    rotations: tuple[str, ...]
    status: str
    """"on the team", "joins 2026-03-02", "left 2026-05-31"."""
    person: PersonView
    """The member with their contact links."""


@dataclass(frozen=True)
class TeamView:
    team: Team
    members: tuple[MemberView, ...]
    contacts: tuple[Contact, ...]
    contact_people: tuple[PersonView, ...] = ()
    """The contacts with their contact links, in the same order."""

    @property
    def time_off(self) -> tuple[Away, ...]:
        """Time off not yet over, by date: the soonest (or running) first."""
        entries = [
            Away(mv.member, e.start, e.end, e.reason or "time off", False)
            for mv in self.members
            for e in mv.time_off
        ]
        return tuple(sorted(entries, key=lambda a: (a.start, a.end, a.member.name)))


def team_views(ws: Workspace, today: date) -> tuple[TeamView, ...]:
    """Every team with what the site shows of its members as of `today`."""
    return tuple(
        TeamView(
            team,
            tuple(_member(ws, team, member, today) for member in team.spec.members),
            team.spec.contacts,
            tuple(person(ws, c.id) or PersonView(c.id, c.name, False) for c in team.spec.contacts),
        )
        for team in ws.teams.values()
    )


def _member(ws: Workspace, team: Team, member: Member, today: date) -> MemberView:
    calendar = member.holidays
    holidays = None
    next_holiday = None
    if calendar is not None:
        sub = f"-{calendar.subdivision}" if calendar.subdivision else ""
        holidays = f"{calendar.country}{sub}"
        upcoming = [
            (day, name)
            for year in (today.year, today.year + 1)
            for day, name in public_holidays(calendar.country, calendar.subdivision, year).items()
            if day >= today
        ]
        next_holiday = min(upcoming) if upcoming else None
    rotations = tuple(
        name for name, rot in ws.rotations.items() if member.id in ws.rotation_members(rot)
    )
    if member.left and member.left < today:
        status = f"left {member.left}"
    elif member.joined and member.joined > today:
        status = f"joins {member.joined}"
    elif member.left:
        status = f"leaves {member.left}"
    else:
        status = "on the team"
    return MemberView(
        member=member,
        zone=team.zone_of(member),
        holidays=holidays,
        next_holiday=next_holiday,
        time_off=tuple(e for e in ws.time_off_of(member.id) if e.end >= today),
        rotations=rotations,
        status=status,
        person=person(ws, member.id) or PersonView(member.id, member.name, True),
    )


ABSENCE_DAYS = 28
"""How far ahead the home page lists who is away: four weeks."""


def upcoming_absences(ws: Workspace, today: date, days: int = ABSENCE_DAYS) -> tuple[Away, ...]:
    """Time off and public holidays of every current member overlapping the `days` days
    from `today`, by date."""
    members = (member for team in ws.teams.values() for member in team.spec.members)
    return away_between(ws, members, today, today + timedelta(days=days - 1))
