"""Overrides: swaps and covers layered on a rotation's lock file.

Written by `opsbook swap` and `opsbook cover`, reviewed like any other change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from opsbook.models.common import Document, Model, Name

ShiftRef = Annotated[date | datetime, Field(union_mode="left_to_right")]
"""A shift named by its handoff date in the rotation's zone, or by its start instant."""


class Swap(Model):
    """Two members exchange two whole shifts of one role."""

    role: Name
    """The role whose shifts are exchanged."""
    shifts: tuple[ShiftRef, ShiftRef]
    """The two shifts, by handoff date or start instant."""
    members: tuple[Name, Name]
    """Who held the first and the second shift before the swap."""
    reason: str | None = None
    """Why, for the reviewer."""

    @model_validator(mode="after")
    def _two_of_each(self) -> Swap:
        if self.members[0] == self.members[1]:
            raise ValueError(f"a swap needs two different members; found {self.members[0]!r} twice")
        if self.shifts[0] == self.shifts[1]:
            raise ValueError(f"a swap needs two different shifts; found {self.shifts[0]} twice")
        return self


class Cover(Model):
    """Someone takes over part or all of another member's shift."""

    role: Name
    """The role being covered."""
    start: datetime
    """When the cover begins; without an offset it is read in the rotation's zone."""
    end: datetime
    """When the cover ends; without an offset it is read in the rotation's zone."""
    member: Name
    """Who covers."""
    replaces: Name | None = None
    """Who is covered; default: whoever holds the role then."""
    reason: str | None = None
    """Why, for the reviewer."""

    @model_validator(mode="after")
    def _ordered(self) -> Cover:
        start, end = self.start, self.end
        if (start.tzinfo is None) == (end.tzinfo is None) and end <= start:
            raise ValueError(f"end ({end}) is not after start ({start}); expected end > start")
        if self.replaces is not None and self.replaces == self.member:
            raise ValueError(f"{self.member!r} cannot cover themselves")
        return self


class OverridesSpec(Model):
    """The swaps and covers of one rotation."""

    rotation: Name
    """The Rotation these overrides apply to."""
    swaps: tuple[Swap, ...] = Field(default=())
    """Whole-shift exchanges."""
    covers: tuple[Cover, ...] = Field(default=())
    """Partial or whole-shift covers."""


class Overrides(Document):
    """Swaps and covers of one rotation."""

    kind: Literal["Overrides"]
    """Always `Overrides`."""
    spec: OverridesSpec
    """The overrides."""
