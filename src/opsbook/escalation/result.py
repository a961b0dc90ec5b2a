"""What resolving an escalation policy returns: plain frozen values, easy to render.

The CLI prints them, the site shows them on each runbook page, `to_json()` gives the
JSON contract of `opsbook escalate --format json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from opsbook.durations import format_duration


@dataclass(frozen=True)
class ResolvedTarget:
    """One target of a step, resolved to the person behind it at the step's time."""

    ref: str
    """The target as the policy writes it: `owner:primary`, `oncall:<rotation>/<role>`…"""
    member: str | None
    """Id of the member or contact; None when nobody is behind the target (unfilled
    on-call slot, no ownership entry, no planned shift)."""
    name: str | None
    """The person's full name."""
    email: str | None
    phone: str | None
    available: bool
    """Whether the person can be reached at the step's time."""
    reason: str | None
    """Why not, when unavailable: time off, own public holiday, unfilled slot…"""
    covered_by: str | None
    """Who is paged instead when unavailable (a member or contact id), or None."""
    covered_by_name: str | None = None
    """Full name of `covered_by`, for display."""
    covered_as: str | None = None
    """Why `covered_by` is the one paged: "the pipeline's secondary owner", "on call as
    secondary of data-eng-oncall", "next in the chain, contact:dana"."""
    note: str | None = None
    """Said beside an available on-call holder paged over their own public holiday."""
    zone: str | None = None
    """The member's own zone (text output shows their local time); None for contacts."""
    covered_by_zone: str | None = None
    """The zone of `covered_by` when a member."""

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "member": self.member,
            "name": self.name,
            "email": self.email,
            "available": self.available,
            "reason": self.reason,
            "covered_by": self.covered_by,
            "covered_as": self.covered_as,
            "note": self.note,
        }


@dataclass(frozen=True)
class ResolvedStep:
    """One step of the chain at its absolute time."""

    index: int
    """Position in the resolved chain, from 1, counting repeats."""
    after: timedelta
    """Delay from the incident's start (including earlier passes when repeating)."""
    at: datetime
    """When the step notifies: the incident's start plus `after`."""
    targets: tuple[ResolvedTarget, ...]
    policy_step: int
    """Which step of the policy this is, from 1."""
    repeat: int = 0
    """Which pass through the chain: 0 for the first, 1 for the first repeat…"""
    when: str | None = None
    """The condition that enabled this step, if any."""

    @property
    def anyone_available(self) -> bool:
        return any(t.available for t in self.targets)

    @property
    def reaches_anyone(self) -> bool:
        """Someone answers this step: a target, or whoever covers for one."""
        return any(t.available or t.covered_by for t in self.targets)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "after": format_duration(self.after),
            "at": iso_utc(self.at),
            "targets": [t.to_json() for t in self.targets],
        }


@dataclass(frozen=True)
class SkippedStep:
    """A `when:` step left out because the incident did not set its condition."""

    policy_step: int
    after: timedelta
    when: str
    notify: tuple[str, ...]


@dataclass(frozen=True)
class Escalation:
    """A runbook's escalation chain resolved to people at an incident's start time."""

    runbook: str
    policy: str
    at: datetime
    """The incident's start."""
    steps: tuple[ResolvedStep, ...]
    warnings: tuple[str, ...] = ()
    """Problems the reader must know about: nobody reachable, no planned shift…"""
    skipped: tuple[SkippedStep, ...] = ()
    flags: frozenset[str] = frozenset()

    @property
    def anyone_available(self) -> bool:
        """Some person named by the chain can be reached."""
        return any(step.anyone_available for step in self.steps)

    @property
    def reaches_anyone(self) -> bool:
        """Someone answers the page: a person of the chain or whoever covers for one."""
        return any(step.reaches_anyone for step in self.steps)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `opsbook escalate --format json`."""
        return {
            "runbook": self.runbook,
            "policy": self.policy,
            "at": iso_utc(self.at),
            "steps": [step.to_json() for step in self.steps],
            "warnings": list(self.warnings),
        }


def iso_utc(at: datetime) -> str:
    """An instant as ISO 8601 in UTC: the same incident gives the same bytes whatever
    zone it was given in."""
    return at.astimezone(UTC).isoformat()
