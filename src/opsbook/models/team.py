"""Team: the people who rotate on call, and the contacts they escalate to."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from opsbook.models.common import CountryCode, Document, Model, Name, TimeZoneName
from opsbook.terminal import quoted


class HolidayCalendar(Model):
    """Which public holidays a member observes."""

    country: CountryCode
    """ISO country code, e.g. FR; public holidays come from the `holidays` package."""
    subdivision: str | None = None
    """State, province or nation within the country, e.g. CA for California."""

    # Field validators rather than model validators, here and below: pydantic then
    # locates the error at the offending key, and reports it beside other field errors.
    @field_validator("subdivision")
    @classmethod
    def _known_subdivision(cls, value: str | None, info: ValidationInfo) -> str | None:
        from opsbook.models.common import holiday_countries

        country = info.data.get("country")
        if value is None or country is None:  # an unknown country is reported on its own
            return value
        subs = holiday_countries().get(country, ())
        if value not in subs:
            known = ", ".join(subs[:12]) + (", …" if len(subs) > 12 else "")
            raise ValueError(
                f"unknown subdivision {quoted(value)} of {country}; "
                f"expected one of {known or 'none (this country has no subdivisions)'}"
            )
        return value


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

    @field_validator("left")
    @classmethod
    def _joined_before_left(cls, value: date | None, info: ValidationInfo) -> date | None:
        joined = info.data.get("joined")
        if joined and value and value < joined:
            raise ValueError(
                f"left ({value}) is before joined ({joined}); expected left on or after joined"
            )
        return value

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

    @field_validator("members")
    @classmethod
    def _unique_member_ids(cls, value: tuple[Member, ...]) -> tuple[Member, ...]:
        ids = [m.id for m in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"expected unique member ids; found {', '.join(dupes)} more than once")
        return value

    @field_validator("contacts")
    @classmethod
    def _unique_contact_ids(
        cls, value: tuple[Contact, ...], info: ValidationInfo
    ) -> tuple[Contact, ...]:
        members = [m.id for m in info.data.get("members", ())]
        ids = [c.id for c in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1 or i in members})
        if dupes:
            raise ValueError(
                "expected contact ids unique across members and contacts; found "
                f"{', '.join(dupes)} more than once"
            )
        return value


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
