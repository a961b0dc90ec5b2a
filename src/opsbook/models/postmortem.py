"""Postmortem: what an incident was, who was on call, and what the team will change.

A postmortem points into the rest of the workspace by id: the runbooks it affected,
their failure modes (by the `failure` text, as runbooks give failure modes no other
id), the checks that prove an action item was done, and the members and contacts who
own the actions. The loader and lint keep those references honest.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator

from opsbook.models.common import Document, Model, Name

Severity = Literal["sev1", "sev2", "sev3", "sev4"]
"""sev1: the business is blind or misinformed now; sev4: a nuisance."""

ActionStatus = Literal["open", "done", "dropped"]
ActionKind = Literal["detection", "prevention", "mitigation"]
Instant = Literal["started", "detected", "resolved"]


class Detection(Model):
    """When and how the incident came to light."""

    at: AwareDatetime
    """The instant someone or something first noticed, with its offset."""
    how: Literal["check", "alert", "person"]
    """check: an opsbook validation or freshness check; alert: a monitoring alert;
    person: somebody noticed."""
    reference: str | None = None
    """Which one: the check's name, the alert's name, or who noticed."""


class TimelineEntry(Model):
    """One moment of the incident."""

    at: AwareDatetime
    """When it happened, with its offset."""
    event: str
    """What happened."""


class CheckRef(Model):
    """A runbook's validation query or freshness check, by name."""

    check: str
    """A validation query's name, or `freshness:<table>` for a freshness threshold."""
    runbook: Name | None = None
    """The runbook holding the check; default: the postmortem's first runbook."""


class FailureModeRef(Model):
    """A failure mode of a runbook, by the text of its `failure` field."""

    failure: str
    """The runbook's `failure_modes[].failure`, word for word."""
    runbook: Name | None = None
    """The runbook listing it; default: the postmortem's first runbook."""


class ActionItem(Model):
    """Something the team will change so the incident does not recur or hurts less."""

    id: Name
    """Id, unique within the postmortem; calendar events are derived from it."""
    action: str
    """What will be done."""
    owner: Name
    """The member or contact who sees it done."""
    due: date
    """When it is due."""
    status: ActionStatus = "open"
    """open | done | dropped."""
    kind: ActionKind
    """detection (notice sooner) | prevention (stop it happening) | mitigation
    (hurt less when it happens)."""
    link: str | None = None
    """Ticket or pull request URL."""
    proof: CheckRef | None = None
    """The check that shows the item is done and keeps it done."""


class OnCallEntry(Model):
    """Who held a role of a rotation at one of the incident's instants."""

    at: Instant
    """started | detected | resolved."""
    rotation: Name
    """The rotation."""
    role: Name
    """The role, e.g. primary."""
    member: Name | None = None
    """Who held it (swaps and covers applied); absent when nobody did."""


class PostmortemSpec(Model):
    """The incident, its causes and what will change."""

    severity: Severity
    """sev1 (worst) to sev4."""
    runbooks: tuple[Name, ...] = Field(min_length=1)
    """The runbooks of the pipelines affected, the most affected first."""
    started: AwareDatetime
    """When the impact began, with its offset."""
    detected: Detection
    """When and how it was noticed."""
    resolved: AwareDatetime | None = None
    """When the impact ended; absent while it goes on."""
    summary: str | None = None
    """The incident in two or three sentences."""
    symptom: str | None = None
    """What people saw."""
    root_cause: str | None = None
    """Why it happened."""
    why_hidden: str | None = None
    """Why nothing noticed sooner."""
    contributing_factors: tuple[str, ...] = ()
    """What made it likelier, longer or worse."""
    timeline: tuple[TimelineEntry, ...] = ()
    """What happened when, in order."""
    impact: str | None = None
    """What it cost, and whom."""
    on_call: tuple[OnCallEntry, ...] = ()
    """Who was on call at each instant (`opsbook postmortem new` fills it in)."""
    went_well: tuple[str, ...] = ()
    """What helped."""
    could_be_better: tuple[str, ...] = ()
    """What hindered."""
    action_items: tuple[ActionItem, ...] = ()
    """What the team will change."""
    failure_modes: tuple[FailureModeRef, ...] = ()
    """The runbooks' failure modes this incident was an instance of."""

    @field_validator("detected")
    @classmethod
    def _detected_after_start(cls, value: Detection, info: ValidationInfo) -> Detection:
        started = info.data.get("started")
        if started is not None and value.at < started:
            raise ValueError(
                f"detected.at ({value.at.isoformat()}) is before started "
                f"({started.isoformat()}); expected detection at or after the start"
            )
        return value

    @field_validator("resolved")
    @classmethod
    def _resolved_after_start(cls, value: AwareDatetime | None, info: ValidationInfo) -> object:
        started = info.data.get("started")
        if value is not None and started is not None and value < started:
            raise ValueError(
                f"resolved ({value.isoformat()}) is before started ({started.isoformat()}); "
                "expected resolution at or after the start"
            )
        return value

    @field_validator("action_items")
    @classmethod
    def _unique_ids(cls, value: tuple[ActionItem, ...]) -> tuple[ActionItem, ...]:
        ids = [item.id for item in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(
                f"expected unique action item ids; found {', '.join(dupes)} more than once"
            )
        return value

    @property
    def time_to_detect(self) -> timedelta:
        """From the start of impact to its detection."""
        return self.detected.at - self.started

    @property
    def time_to_resolve(self) -> timedelta | None:
        """From detection to the end of impact; None while unresolved."""
        return None if self.resolved is None else self.resolved - self.detected.at


class Postmortem(Document):
    """An incident's postmortem."""

    kind: Literal["Postmortem"]
    """Always `Postmortem`."""
    spec: PostmortemSpec
    """The postmortem's sections."""

    def runbook_of(self, ref: CheckRef | FailureModeRef) -> str:
        """The runbook a check or failure-mode reference points into."""
        return ref.runbook or self.spec.runbooks[0]
