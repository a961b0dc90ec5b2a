"""EscalationPolicy: whom to notify, in order, as an incident goes unanswered."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from opsbook.models.common import Document, Duration, Matching, Model

TARGET_PATTERN = (
    r"^(owner:(primary|secondary)"
    r"|oncall:[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*"
    r"|member:[a-z0-9]+(-[a-z0-9]+)*"
    r"|contact:[a-z0-9]+(-[a-z0-9]+)*)$"
)

Target = Annotated[
    str,
    Matching(
        TARGET_PATTERN,
        "owner:primary, owner:secondary, oncall:<rotation>/<role>, member:<id> or contact:<id>",
    ),
]
"""Who to notify: `owner:primary|secondary`, `oncall:<rotation>/<role>`, `member:<id>`,
`contact:<id>`."""


class EscalationStep(Model):
    """One step of a policy."""

    after: Duration
    """Delay from the incident's start before this step notifies."""
    notify: tuple[Target, ...] = Field(min_length=1)
    """Targets notified at this step."""
    when: str | None = None
    """Condition flag; the step applies only when the incident sets it (investor-impact)."""


class EscalationPolicySpec(Model):
    """The steps of a policy."""

    steps: tuple[EscalationStep, ...] = Field(min_length=1)
    """Steps, ordered by `after`."""
    repeat: int = Field(default=0, ge=0, le=10)
    """How many more times the whole chain runs if nobody acknowledges."""

    @property
    def cycle(self) -> timedelta:
        """Length of one pass through the chain, for `repeat`."""
        return max(step.after for step in self.steps)


class EscalationPolicy(Document):
    """An escalation policy."""

    kind: Literal["EscalationPolicy"]
    """Always `EscalationPolicy`."""
    spec: EscalationPolicySpec
    """The policy."""
