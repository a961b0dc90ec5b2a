"""Rotation: who takes turns being on call, in which roles, with which shifts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from opsbook.durations import format_duration
from opsbook.models.common import Document, Duration, Model, Name, TimeZoneName, WallTime

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


class Handoff(Model):
    """When one shift ends and the next begins, in local wall-clock time."""

    weekday: Weekday | None = None
    """Day of the week of the handoff, for shifts of whole weeks. Default: the start date's."""
    time: WallTime
    """Local time of the handoff, "HH:MM"."""
    timezone: TimeZoneName
    """Zone the handoff time is read in; DST moves the instant, not the wall-clock time."""

    @field_validator("weekday", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


class Shift(Model):
    """How long each shift lasts and when it hands off."""

    every: Duration
    """Shift length: a whole number of days, e.g. 1d, 1w, 2w."""
    handoff: Handoff
    """When shifts change hands."""

    @field_validator("every")
    @classmethod
    def _whole_days(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0) or value % timedelta(days=1):
            raise ValueError(
                f"expected a whole number of days (1d, 1w, 2w); found {format_duration(value)}"
            )
        return value


class Weights(Model):
    """Burden points per on-call hour, beyond the weight of 1 of an ordinary hour."""

    weekend: float = Field(default=1.5, ge=0)
    """Weight of an hour on Saturday or Sunday in the member's zone."""
    holiday: float = Field(default=3.0, ge=0)
    """Weight of an hour on one of the member's own public holidays."""


class Fairness(Model):
    """How the planner balances burden."""

    holidays: Literal["avoid", "share", "ignore"] = "avoid"
    """avoid: nobody is on call over their own public holiday unless no one else can be;
    share: holiday shifts are spread evenly and remembered year over year;
    ignore: holidays weigh like any other day."""
    weights: Weights = Weights()
    """Burden per on-call hour."""
    min_rest: int = Field(default=1, ge=0)
    """Shifts between two shifts of one member, where the team is large enough."""


class RotationSpec(Model):
    """A rotation's members, roles, shifts and planning window."""

    team: Name
    """The Team whose members rotate."""
    members: tuple[Name, ...] | None = None
    """Members who rotate, by id. Default: every member of the team."""
    roles: tuple[Name, ...] = ("primary", "secondary")
    """Roles filled each shift; one member holds at most one role at a time."""
    shift: Shift
    """Shift length and handoff."""
    start: date
    """Date of the first handoff, in the handoff's zone."""
    fairness: Fairness = Fairness()
    """How burden is balanced."""
    freeze: Duration = timedelta(weeks=2)
    """Plan never changes a shift that starts sooner than this from now."""
    horizon: Duration = timedelta(weeks=26)
    """How far ahead plan assigns shifts."""
    reminder: Duration | None = None
    """Calendar alert this long before each of a member's shifts starts (e.g. 1h), in
    member feeds; no alert when absent."""
    alarms: tuple[Duration, ...] = ()
    """Calendar alerts before each shift starts, e.g. `[15m, 1d]`, in member feeds (the
    holder's own calendar); off when empty. `reminder` adds one more."""

    @field_validator("roles")
    @classmethod
    def _distinct_roles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("expected at least one role; found none")
        if len(set(value)) != len(value):
            raise ValueError(f"expected distinct roles; found {', '.join(value)}")
        return value

    @field_validator("members")
    @classmethod
    def _distinct_members(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and len(set(value)) != len(value):
            dupes = sorted({m for m in value if value.count(m) > 1})
            raise ValueError(f"expected each member once; found {', '.join(dupes)} more than once")
        return value

    @field_validator("start")
    @classmethod
    def _weekday_matches_start(cls, value: date, info: ValidationInfo) -> date:
        shift = info.data.get("shift")
        wanted = shift.handoff.weekday if shift is not None else None
        if wanted is not None and WEEKDAYS[value.weekday()] != wanted:
            raise ValueError(
                f"start {value} is a {WEEKDAYS[value.weekday()]}; expected a "
                f"{wanted} to match shift.handoff.weekday"
            )
        return value

    @field_validator("horizon")
    @classmethod
    def _horizon_beyond_freeze(cls, value: timedelta, info: ValidationInfo) -> timedelta:
        freeze = info.data.get("freeze")
        if freeze is not None and value <= freeze:
            raise ValueError(_horizon_message(value, freeze))
        return value

    @model_validator(mode="after")
    def _default_horizon_beyond_freeze(self) -> RotationSpec:
        # Only a default horizon gets here: a written one is checked where it is written.
        if "horizon" not in self.model_fields_set and self.horizon <= self.freeze:
            raise ValueError(_horizon_message(self.horizon, self.freeze))
        return self


def _horizon_message(horizon: timedelta, freeze: timedelta) -> str:
    return (
        f"horizon ({format_duration(horizon)}) is not longer than freeze "
        f"({format_duration(freeze)}); expected a horizon beyond the frozen weeks"
    )


class Rotation(Document):
    """An on-call rotation."""

    kind: Literal["Rotation"]
    """Always `Rotation`."""
    spec: RotationSpec
    """The rotation's definition."""
