"""Team: the people who rotate on call, and the contacts they escalate to."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from opsbook.models.common import CountryCode, Document, Model, Name, TimeZoneName


class HolidayCalendar(Model):
    """Which public holidays a member observes."""

    country: CountryCode
    """ISO country code, e.g. FR; public holidays come from the `holidays` package."""
    subdivision: str | None = None
    """State, province or nation within the country, e.g. CA for California."""

    @model_validator(mode="after")
    def _known_subdivision(self) -> HolidayCalendar:
        from opsbook.models.common import holiday_countries

        subs = holiday_countries().get(self.country, ())
        if self.subdivision is not None and self.subdivision not in subs:
            known = ", ".join(subs[:12]) + (", …" if len(subs) > 12 else "")
            raise ValueError(
                f"unknown subdivision {self.subdivision!r} of {self.country}; "
                f"expected one of {known or 'none (this country has no subdivisions)'}"
            )
        return self


class Member(Model):
    """A person who can be on call."""

    id: Name
    """Short id other files use to refer to this person, e.g. alice."""
    name: str
    """Full name as shown on the site, in calendars and in pages."""
    email: str | None = None
    """Where pages and calendar invitations go."""
    phone: str | None = None
    """Phone number to call when paging fails."""
    slack: str | None = None
    """Chat handle, e.g. @alice."""
    timezone: TimeZoneName | None = None
    """The member's own zone; time-off dates are whole days here. Default: the team's."""
    holidays: HolidayCalendar | None = None
    """Public holidays the member observes; none when absent."""
    joined: date | None = None
    """First day the member can be on call; fairness starts them at the team average."""
    left: date | None = None
    """Last day the member can be on call; absent while they are on the team."""

    @model_validator(mode="after")
    def _joined_before_left(self) -> Member:
        if self.joined and self.left and self.left < self.joined:
            raise ValueError(
                f"left ({self.left}) is before joined ({self.joined}); expected left on or "
                "after joined"
            )
        return self

    def is_current(self, day: date) -> bool:
        """Whether the member is on the team on `day`."""
        if self.joined and day < self.joined:
            return False
        return not (self.left and day > self.left)


class Contact(Model):
    """Someone who is escalated to but does not rotate: a manager, a finance lead."""

    id: Name
    """Short id escalation policies use as `contact:<id>`."""
    name: str
    """Full name."""
    role: str | None = None
    """Job title, e.g. Data Engineering Manager."""
    email: str | None = None
    """Email address."""
    phone: str | None = None
    """Phone number."""
    slack: str | None = None
    """Chat handle."""
    timezone: TimeZoneName | None = None
    """The contact's zone, to show times they read in."""


class TeamSpec(Model):
    """Members and contacts of one team."""

    timezone: TimeZoneName = "UTC"
    """Default zone for members who do not set their own."""
    members: tuple[Member, ...] = Field(min_length=1)
    """People who can be on call."""
    contacts: tuple[Contact, ...] = ()
    """People escalated to who do not rotate."""

    @model_validator(mode="after")
    def _unique_ids(self) -> TeamSpec:
        ids = [m.id for m in self.members] + [c.id for c in self.contacts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(
                f"ids must be unique across members and contacts; found {', '.join(dupes)} "
                "more than once"
            )
        return self


class Team(Document):
    """A team: its members and its escalation contacts."""

    kind: Literal["Team"]
    """Always `Team`."""
    spec: TeamSpec
    """The team's people."""

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.spec.members if m.id == member_id), None)

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.spec.contacts if c.id == contact_id), None)

    def zone_of(self, member: Member) -> str:
        return member.timezone or self.spec.timezone
