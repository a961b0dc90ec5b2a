"""Escalation as the site shows it: each policy's steps in words, and on a runbook's page
the chain resolved to the people it pages as of the build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from opsbook.escalation import resolve_escalation
from opsbook.loader.workspace import Workspace
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.runbook import Runbook
from opsbook.site.people import describe_target


@dataclass(frozen=True)
class TargetView:
    ref: str
    description: str
    """The target in words: "on-call primary of Data Engineering on-call"."""
    who: str | None = None
    """Whom it reaches as of the build (runbook pages only)."""
    note: str | None = None
    """Why that person cannot be reached, and who is paged instead."""


@dataclass(frozen=True)
class StepView:
    number: int
    after: timedelta
    targets: tuple[TargetView, ...]
    when: str | None
    repeat: int = 0


@dataclass(frozen=True)
class PolicyView:
    policy: EscalationPolicy
    steps: tuple[StepView, ...]
    runbooks: tuple[Runbook, ...]
    """Runbooks following this policy."""


def policy_views(ws: Workspace) -> tuple[PolicyView, ...]:
    """Every policy with its steps in words and the runbooks that follow it."""
    return tuple(
        PolicyView(
            policy,
            tuple(
                StepView(
                    number,
                    step.after,
                    tuple(TargetView(ref, describe_target(ws, ref)) for ref in step.notify),
                    step.when,
                )
                for number, step in enumerate(policy.spec.steps, start=1)
            ),
            tuple(rb for rb in ws.runbooks.values() if rb.spec.escalation == policy.name),
        )
        for policy in ws.policies.values()
    )


@dataclass(frozen=True)
class RunbookChain:
    policy: EscalationPolicy
    steps: tuple[StepView, ...]
    warnings: tuple[str, ...]


def runbook_chain(ws: Workspace, runbook: Runbook, at: datetime) -> RunbookChain | None:
    """The runbook's chain for an incident starting at `at`, every `when:` step included
    (the page marks them); None when the runbook names no existing policy."""
    policy = ws.policies.get(runbook.spec.escalation or "")
    if policy is None:
        return None
    flags = frozenset(step.when for step in policy.spec.steps if step.when)
    escalation = resolve_escalation(ws, runbook.name, at, flags)
    steps = tuple(
        StepView(
            step.index,
            step.after,
            tuple(
                TargetView(
                    target.ref,
                    describe_target(ws, target.ref),
                    target.name,
                    _note(target.available, target.reason, target.covered_by_name),
                )
                for target in step.targets
            ),
            step.when,
            step.repeat,
        )
        for step in escalation.steps
    )
    return RunbookChain(policy, steps, escalation.warnings)


def _note(available: bool, reason: str | None, covered_by: str | None) -> str | None:
    if available:
        return None
    away = reason or "unavailable"
    return f"{away}; {covered_by} is paged instead" if covered_by else away
