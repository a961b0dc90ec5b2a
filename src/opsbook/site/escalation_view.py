"""Escalation as the site shows it: each policy's steps in words, and on a runbook's page
the chain resolved to the people it pages as of the build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from opsbook.escalation.resolver import EscalationResolver
from opsbook.escalation.result import Escalation
from opsbook.escalation.targets import Person, TargetResolver
from opsbook.loader.workspace import Workspace
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.runbook import Runbook
from opsbook.schedule.effective import EffectiveShift
from opsbook.site.people import PersonView, describe_target, person


@dataclass(frozen=True)
class TargetView:
    ref: str
    description: str
    """The target in words: "on-call primary of Data Engineering on-call"."""
    who: str | None = None
    """Whom it reaches as of the build (runbook pages only)."""
    note: str | None = None
    """Why that person cannot be reached, and who is paged instead."""
    person: PersonView | None = None
    """Whom it pages as of the build, with their contact links (runbook pages only)."""
    rotation: str | None = None
    """For an `oncall:` target that reaches its holder: the rotation, so the page can
    name the holder at the reader's clock."""
    role: str | None = None


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


class ChainResolver:
    """Resolves the chains of any number of runbooks for one incident instant.

    A site has a chain on every runbook page, and most of them page the same few
    rotations at the same few instants: each rotation's effective schedule is built once
    for the whole site (not once per runbook), and who is on call and who is away at an
    instant is looked up once. The answers are those of `resolve_escalation`.
    """

    def __init__(self, ws: Workspace, at: datetime) -> None:
        self.ws = ws
        self.at = at
        self._targets = _SharedAnswers(ws)

    def escalation(self, runbook: Runbook) -> Escalation | None:
        """What `resolve_escalation` answers for `runbook` at this instant with every
        `when:` of its policy set; None when the runbook names no existing policy."""
        policy = self.ws.policies.get(runbook.spec.escalation or "")
        if policy is None:
            return None
        flags = frozenset(step.when for step in policy.spec.steps if step.when)
        resolver = EscalationResolver(self.ws, runbook.name)
        resolver.targets = _RunbookTargets(self.ws, runbook.name, self._targets)
        return resolver.resolve(self.at, flags)

    def chain(self, runbook: Runbook) -> RunbookChain | None:
        """The runbook's chain at this resolver's instant, every `when:` step included (the
        page marks them); None when the runbook names no existing policy."""
        ws = self.ws
        escalation = self.escalation(runbook)
        if escalation is None:
            return None
        policy = ws.policies[escalation.policy]
        steps = tuple(
            StepView(
                step.index,
                step.after,
                tuple(
                    TargetView(
                        target.ref,
                        describe_target(ws, target.ref),
                        target.name,
                        _note(target.available, target.reason, target.covered_by_name)
                        if not target.available
                        else target.note,
                        _paged(ws, target.member, target.available, target.covered_by),
                        *_live_role(target.ref, target.available),
                    )
                    for target in step.targets
                ),
                step.when,
                step.repeat,
            )
            for step in escalation.steps
        )
        return RunbookChain(policy, steps, escalation.warnings)


class _SharedAnswers(TargetResolver):
    """The runbook-independent answers (on call, away) of one workspace, remembered."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws, "")
        self._on_call: dict[tuple[str, datetime], list[EffectiveShift]] = {}
        self._away: dict[tuple[Person, datetime, bool], str | None] = {}

    def on_call(self, rotation: str, at: datetime) -> list[EffectiveShift]:
        key = (rotation, at)
        if key not in self._on_call:
            self._on_call[key] = super().on_call(rotation, at)
        # A copy: callers own the list they are given.
        return list(self._on_call[key])

    def away(self, person: Person, at: datetime, *, on_call: bool = False) -> str | None:
        key = (person, at, on_call)
        if key not in self._away:
            self._away[key] = super().away(person, at, on_call=on_call)
        return self._away[key]


class _RunbookTargets(TargetResolver):
    """One runbook's targets (its owners are its own), with the shared answers."""

    def __init__(self, ws: Workspace, runbook: str, shared: _SharedAnswers) -> None:
        super().__init__(ws, runbook)
        self.shared = shared

    def on_call(self, rotation: str, at: datetime) -> list[EffectiveShift]:
        return self.shared.on_call(rotation, at)

    def away(self, person: Person, at: datetime, *, on_call: bool = False) -> str | None:
        return self.shared.away(person, at, on_call=on_call)


def _paged(
    ws: Workspace, member: str | None, available: bool, covered_by: str | None
) -> PersonView | None:
    paged = member if available else covered_by
    return person(ws, paged) if paged else None


def _live_role(ref: str, available: bool) -> tuple[str | None, str | None]:
    # Only a holder who is paged themselves follows the live schedule; when the chain
    # routes around them the build's answer (and its note) stays.
    kind, _, rest = ref.partition(":")
    if kind != "oncall" or not available:
        return None, None
    rotation, _, role = rest.partition("/")
    return rotation, role


def _note(available: bool, reason: str | None, covered_by: str | None) -> str | None:
    if available:
        return None
    away = reason or "unavailable"
    return f"{away}; {covered_by} is paged instead" if covered_by else away
