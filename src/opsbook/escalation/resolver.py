"""Resolve a runbook's escalation policy to people at an incident's start time.

The rules, as the seeds state them ("the backup covers when the primary is
unavailable"):

* each step fires at the incident's start plus its `after` (see `chain` for `repeat`),
  and each target is resolved at that step's own time, so an on-call step two hours
  into an incident that crosses a handoff pages the next shift's holder;
* the effective schedule is the truth for `oncall:` targets: whoever holds the shift
  is paged, on their own public holiday too (said beside them), and only time off
  takes them out; `owner:` and `member:` targets, who are not scheduled, are
  unavailable on time off and on their own public holidays; anyone not yet joined or
  already gone, and an unfilled on-call slot, are unavailable; each with the reason;
* whoever is unavailable is covered: a pipeline's primary owner by its secondary, an
  on-call role by the rotation's other role at that time, and otherwise (or when that
  backup is away too) by the first available person of the chain's later steps; the
  answer says which of these the cover is;
* nothing is silently empty: a chain that reaches nobody says so in `warnings`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from opsbook.errors import UsageError
from opsbook.escalation.chain import PlannedStep, plan_chain
from opsbook.escalation.result import (
    Escalation,
    ResolvedStep,
    ResolvedTarget,
    SkippedStep,
    iso_utc,
)
from opsbook.escalation.targets import Person, Resolution, TargetResolver, is_on_call_ref
from opsbook.loader.workspace import Workspace
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.runbook import Runbook
from opsbook.terminal import quoted


@dataclass(frozen=True)
class _Fired:
    planned: PlannedStep
    at: datetime
    resolutions: tuple[Resolution, ...]


def resolve_escalation(
    ws: Workspace, runbook_name: str, at: datetime, flags: frozenset[str] = frozenset()
) -> Escalation:
    """The escalation chain of `runbook_name` for an incident starting at `at`.

    `flags` are the incident's conditions (e.g. `investor-impact`); a step with
    `when: <flag>` applies only when its flag is set. Raises UsageError for an unknown
    runbook, a runbook without an escalation policy, or a naive `at`.
    """
    return EscalationResolver(ws, runbook_name).resolve(at, flags)


class EscalationResolver:
    """Resolves one runbook's policy at any number of instants, reading the workspace
    (ownership, effective schedules) once."""

    def __init__(self, ws: Workspace, runbook_name: str) -> None:
        self.runbook = find_runbook(ws, runbook_name)
        self.policy = policy_of(ws, self.runbook)
        self.targets = TargetResolver(ws, self.runbook.name)

    def resolve(self, at: datetime, flags: frozenset[str] = frozenset()) -> Escalation:
        """The chain for an incident starting at `at` (see `resolve_escalation`)."""
        _check_aware(at)
        chain = plan_chain(self.policy, flags)
        fired = [self._fire(planned, at) for planned in chain.steps]
        steps = tuple(
            ResolvedStep(
                index=index,
                after=step.planned.after,
                at=step.at,
                targets=tuple(
                    _with_cover(self.targets, resolution, step.at, fired[index:])
                    for resolution in step.resolutions
                ),
                policy_step=step.planned.policy_step,
                repeat=step.planned.repeat,
                when=step.planned.step.when,
            )
            for index, step in enumerate(fired, start=1)
        )
        skipped = tuple(
            SkippedStep(number, step.after, step.when or "", step.notify)
            for number, step in chain.skipped
        )
        warnings = [
            *chain.warnings,
            *_problems(fired),
            *_gaps(self.policy, self.runbook, at, steps, flags),
        ]
        return Escalation(
            runbook=self.runbook.name,
            policy=self.policy.name,
            at=at,
            steps=steps,
            warnings=tuple(warnings),
            skipped=skipped,
            flags=flags,
        )

    def reachable(self, at: datetime, flags: frozenset[str] = frozenset()) -> bool | None:
        """Whether the chain reaches anyone (`Escalation.reaches_anyone`) for an
        incident starting at `at`; None when it reaches nobody but an on-call step falls
        where no shift is planned yet, so the answer waits for `opsbook plan`. Cheaper
        than `resolve`: it stops at the first person who answers."""
        _check_aware(at)
        unplanned = False
        for planned in plan_chain(self.policy, flags).steps:
            when = at + planned.after
            for ref in planned.step.notify:
                resolution = self.targets.resolve(ref, when)
                if resolution.available:
                    return True
                # A later step's people are targets of their own; the backups are not.
                on_call = is_on_call_ref(ref)
                if any(
                    self.targets.away(p, when, on_call=on_call) is None
                    for p in self.targets.backups(ref, when)
                ):
                    return True
                unplanned = unplanned or resolution.unplanned
        return None if unplanned else False

    def _fire(self, planned: PlannedStep, start: datetime) -> _Fired:
        at = start + planned.after
        return _Fired(planned, at, tuple(self.targets.resolve(r, at) for r in planned.step.notify))


def _check_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise UsageError(f"the incident time must carry a time zone; found {at.isoformat()}")


def find_runbook(ws: Workspace, name: str) -> Runbook:
    """The runbook called `name`, or a UsageError suggesting the closest names."""
    runbook = ws.runbooks.get(name)
    if runbook is None:
        raise UsageError(f"unknown runbook {quoted(name)}{_suggest(name, ws.runbooks)}")
    return runbook


def policy_of(ws: Workspace, runbook: Runbook) -> EscalationPolicy:
    """The runbook's escalation policy, or a UsageError saying how to give it one."""
    name = runbook.spec.escalation
    known = ", ".join(sorted(ws.policies)) or "none defined yet"
    if name is None:
        raise UsageError(
            f"runbook {runbook.name} has no escalation policy; set spec.escalation to one "
            f"of the EscalationPolicy documents (known: {known})"
        )
    policy = ws.policies.get(name)
    if policy is None:
        raise UsageError(
            f"runbook {runbook.name} names escalation policy {quoted(name)}, which does not "
            f"exist{_suggest(name, ws.policies)}"
        )
    return policy


def _suggest(name: str, known: Mapping[str, object]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    listing = ", ".join(names) or "none"
    hint = f"; did you mean {quoted(close[0])}?" if close else ""
    return f"{hint} (known: {listing})"


def _with_cover(
    resolver: TargetResolver, resolution: Resolution, at: datetime, later: list[_Fired]
) -> ResolvedTarget:
    person = resolution.person
    cover, why = (None, None) if resolution.available else _cover(resolver, resolution, at, later)
    return ResolvedTarget(
        ref=resolution.ref,
        member=person.id if person else None,
        name=person.name if person else None,
        email=person.email if person else None,
        phone=person.phone if person else None,
        available=resolution.available,
        reason=resolution.reason,
        covered_by=cover.id if cover else None,
        covered_by_name=cover.name if cover else None,
        covered_as=why,
        note=resolution.note,
        zone=person.zone if person else None,
        covered_by_zone=cover.zone if cover else None,
    )


def _cover(
    resolver: TargetResolver, resolution: Resolution, at: datetime, later: list[_Fired]
) -> tuple[Person | None, str | None]:
    """Who is paged instead of an unavailable target, and why them: its own backup
    first, then the first person of a later step who can be reached now. A backup of an
    on-call role holds the rotation's other role, so the on-call rule judges them."""
    away = resolution.person.id if resolution.person else None
    ref = resolution.ref
    backup_as = "the pipeline's secondary owner" if ref == "owner:primary" else None
    candidates: list[tuple[Person, str, bool]] = [
        (person, backup_as or _other_role(resolver, ref, person, at), is_on_call_ref(ref))
        for person in resolver.backups(ref, at)
    ]
    candidates += [
        (r.person, f"next in the chain, {r.ref}", is_on_call_ref(r.ref))
        for step in later
        for r in step.resolutions
        if r.person and r.available
    ]
    for person, why, on_call in candidates:
        if person.id != away and resolver.away(person, at, on_call=on_call) is None:
            return person, why
    return None, None


def _other_role(resolver: TargetResolver, ref: str, person: Person, at: datetime) -> str:
    rotation = ref.partition(":")[2].partition("/")[0]
    roles = [s.role for s in resolver.on_call(rotation, at) if s.member == person.id]
    return f"on call as {roles[0]} of {rotation}" if roles else f"on call in {rotation}"


def _problems(fired: list[_Fired]) -> list[str]:
    """Faults in the workspace met while resolving (no plan, no owner), once each."""
    first: dict[tuple[str, str | None], str] = {}
    for step in fired:
        for resolution in step.resolutions:
            if resolution.problem:
                # Once per fault: the first time it is met says enough (one missing
                # lock file is one warning, however many on-call targets read it).
                key = resolution.ref.partition("/")[0] if resolution.unplanned else resolution.ref
                first.setdefault((key, resolution.reason), resolution.problem)
    return list(first.values())


def _gaps(
    policy: EscalationPolicy,
    runbook: Runbook,
    at: datetime,
    steps: tuple[ResolvedStep, ...],
    flags: frozenset[str],
) -> list[str]:
    if not steps:
        shown = ", ".join(sorted(flags)) or "none"
        return [
            f"no step of policy {policy.name} applies to this incident: every step has a "
            f"`when:` condition that is not set (flags set: {shown})"
        ]
    if not any(step.reaches_anyone for step in steps):
        away = {f"{t.name or t.ref}, {t.reason}": None for step in steps for t in step.targets}
        return [
            f"nobody can be reached: every person in policy {policy.name} is unavailable "
            f"for {runbook.name} from {iso_utc(at)} on: {'; '.join(away)}. "
            "Page someone outside the policy, and add a backup or a contact step to it."
        ]
    out = []
    for step in steps:
        if not step.reaches_anyone:
            refs = ", ".join(f"{t.ref} ({t.reason})" for t in step.targets)
            out.append(
                f"step {step.index} at {iso_utc(step.at)}: nobody is available and "
                f"nobody later in the chain can cover: {refs}"
            )
    return out
