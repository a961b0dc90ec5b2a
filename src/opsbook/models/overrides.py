"""Overrides: swaps and covers layered on a rotation's lock file.

Written by `opsbook swap` and `opsbook cover`, reviewed like any other change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from opsbook.models.common import Document, Model, Name
from opsbook.terminal import quoted

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
    allow_short_rest: bool = False
    """The swap knowingly breaks the rotation's `min_rest` (written by `opsbook swap
    --allow-short-rest`); without it such a swap is refused."""

    # Field validators, so each problem points at its own key and both are reported.
    @field_validator("shifts")
    @classmethod
    def _two_shifts(
        cls, value: tuple[date | datetime, date | datetime]
    ) -> tuple[date | datetime, date | datetime]:
        if value[0] == value[1]:
            raise ValueError(f"expected two different shifts in a swap; found {value[0]} twice")
        return value

    @field_validator("members")
    @classmethod
    def _two_members(cls, value: tuple[str, str]) -> tuple[str, str]:
        if value[0] == value[1]:
            raise ValueError(
                f"expected two different members in a swap; found {quoted(value[0])} twice"
            )
        return value


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
    allow_short_rest: bool = False
    """The cover knowingly breaks the rotation's `min_rest` (written by `opsbook cover
    --allow-short-rest`); without it such a cover is refused."""

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and (start.tzinfo is None) == (end.tzinfo is None) and end <= start:
            raise ValueError(
                f"end ({end.isoformat()}) is not after start ({start.isoformat()}); "
                "expected end > start"
            )
        return end

    @field_validator("replaces")
    @classmethod
    def _someone_else(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value == info.data.get("member"):
            raise ValueError(
                f"{quoted(value)} cannot cover themselves; expected the member being replaced"
            )
        return value


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
