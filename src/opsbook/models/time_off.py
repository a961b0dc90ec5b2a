"""TimeOff: days members cannot be on call."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ValidationInfo, field_validator

from opsbook.models.common import Document, Model, Name


class TimeOffEntry(Model):
    """A span of whole days, inclusive, in the member's own zone."""

    member: Name
    """Id of the member who is away."""
    start: date
    """First day away."""
    end: date
    """Last day away (inclusive)."""
    reason: str | None = None
    """Why: vacation, conference, parental leave, sick…"""

    @field_validator("end")
    @classmethod
    def _ordered(cls, value: date, info: ValidationInfo) -> date:
        # A field validator, so the error points at `end` itself.
        start = info.data.get("start")
        if start is not None and value < start:
            raise ValueError(
                f"end ({value}) is before start ({start}); expected end on or after "
                "start (both days are inclusive)"
            )
        return value

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class TimeOffSpec(Model):
    """A list of absences."""

    entries: tuple[TimeOffEntry, ...] = ()
    """Absences, one per member and span."""


class TimeOff(Document):
    """Time off of one or more members."""

    kind: Literal["TimeOff"]
    """Always `TimeOff`."""
    spec: TimeOffSpec
    """The absences."""
