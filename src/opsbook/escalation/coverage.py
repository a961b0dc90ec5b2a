"""When, over a stretch of time, a runbook's escalation chain would reach nobody.

Exact rather than sampled at random: a chain's answer for an incident starting at `t`
can only change when some step's time `t + after` crosses a point where someone's
availability changes: a local midnight of an involved member (time off and public
holidays are whole days in their own zone) or an on-call handoff, swap or cover
boundary. So the candidates are every such point minus every step delay, and the
answer is constant from one candidate to the next.

Only the chain that always runs is judged (no `when:` conditions set): a conditional
step can only add people. Contacts keep no time off, so a chain with a contact step
always reaches someone. Times where an on-call step has no planned shift yet are not
judged; `opsbook plan --check` reports the stale lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from opsbook.escalation.chain import plan_chain
from opsbook.escalation.resolver import EscalationResolver
from opsbook.escalation.result import Escalation
from opsbook.loader.workspace import Workspace
from opsbook.schedule.effective import effective_schedule
from opsbook.schedule.shifts import local_instant, zone

DEFAULT_HORIZON = timedelta(weeks=26)
"""How far ahead to look when the workspace has no rotation to take a horizon from."""


@dataclass(frozen=True)
class UnreachableSpan:
    """Incidents starting in [start, end) would reach nobody through the policy."""

    runbook: str
    policy: str
    start: datetime
    end: datetime
    escalation: Escalation
    """The chain resolved at `start`, to say who is away and why."""


def planning_horizon(ws: Workspace) -> timedelta:
    """The longest `horizon` of the workspace's rotations: how far plans look ahead."""
    return max((rot.spec.horizon for rot in ws.rotations.values()), default=DEFAULT_HORIZON)


def unreachable_spans(
    ws: Workspace, runbook_name: str, start: datetime, end: datetime
) -> list[UnreachableSpan]:
    """Every stretch of incident start times in [start, end) whose chain reaches nobody."""
    resolver = EscalationResolver(ws, runbook_name)
    chain = plan_chain(resolver.policy, frozenset())
    refs = {ref for planned in chain.steps for ref in planned.step.notify}
    if any(ref.startswith("contact:") and ws.contact(ref[8:]) for ref in refs):
        return []
    delays = sorted({planned.after for planned in chain.steps})
    span_of_chain = delays[-1] if delays else timedelta(0)
    changes = _change_points(ws, resolver, refs, start - timedelta(days=1), end + span_of_chain)
    candidates = sorted({start} | {c - d for c in changes for d in delays if start <= c - d < end})
    spans: list[UnreachableSpan] = []
    opened: datetime | None = None
    for at in candidates:
        nobody = resolver.reachable(at) is False
        if nobody and opened is None:
            opened = at
        elif not nobody and opened is not None:
            spans.append(_span(resolver, opened, at))
            opened = None
    if opened is not None:
        spans.append(_span(resolver, opened, end))
    return spans


def _span(resolver: EscalationResolver, start: datetime, end: datetime) -> UnreachableSpan:
    return UnreachableSpan(
        resolver.runbook.name, resolver.policy.name, start, end, resolver.resolve(start)
    )


def _change_points(
    ws: Workspace, resolver: EscalationResolver, refs: set[str], start: datetime, end: datetime
) -> set[datetime]:
    """Instants in [start, end] where an involved person's availability, or who holds
    an on-call role, can change."""
    people: set[str] = set()
    points: set[datetime] = set()
    owners = resolver.targets.owners
    for ref in refs:
        kind, _, name = ref.partition(":")
        if kind == "owner" and owners is not None:
            people.update((owners.primary, owners.secondary))
        elif kind == "member":
            people.add(name)
        elif kind == "oncall":
            rotation = name.partition("/")[0]
            for piece in effective_schedule(ws, rotation, start, end):
                points.update((piece.start, piece.end))
                if piece.member is not None:
                    people.add(piece.member)
    for person in sorted(people):
        tz = zone(ws.member_zone(person))
        day = start.astimezone(tz).date()
        while (midnight := local_instant(day, time(0), tz)) <= end:
            points.add(midnight)
            day += timedelta(days=1)
    return {p for p in points if start <= p <= end}
