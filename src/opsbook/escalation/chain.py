"""The chain of a policy as it will run: which steps apply, and when each one fires.

Timing of `repeat`, the one rule to remember: a policy's *cycle* is its longest `after`
(over every step, with or without a `when:`, so setting a flag never moves the repeats).
Pass `k` (0 for the first pass, 1 for the first repeat…) fires each step at

    incident start + k × cycle + step.after

so each repeat restarts the chain as the previous pass's last step fires. With steps at
0m, 30m, 2h, 6h and `repeat: 1`, the repeat pages at 6h, 6h30m, 8h and 12h. A policy
whose every step is at 0m has no cycle, so its repeats would all land on the incident's
start: they are dropped with a warning instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from opsbook.models.escalation import EscalationPolicy, EscalationStep


@dataclass(frozen=True)
class PlannedStep:
    """A step of the policy placed on the chain: which pass, and its delay."""

    policy_step: int
    """Which step of the policy, from 1."""
    repeat: int
    """Which pass: 0 for the first, 1 for the first repeat…"""
    after: timedelta
    """Delay from the incident's start, including earlier passes."""
    step: EscalationStep


@dataclass(frozen=True)
class Chain:
    """The planned steps, in firing order, and what was left out and why."""

    steps: tuple[PlannedStep, ...]
    skipped: tuple[tuple[int, EscalationStep], ...]
    """`when:` steps whose condition the incident did not set, by policy step number."""
    warnings: tuple[str, ...]


def plan_chain(policy: EscalationPolicy, flags: frozenset[str]) -> Chain:
    """Expand `when:` conditions and `repeat` into the steps that will fire, in order."""
    applicable = [
        (number, step)
        for number, step in enumerate(policy.spec.steps, start=1)
        if step.when is None or step.when in flags
    ]
    skipped = tuple(
        (number, step)
        for number, step in enumerate(policy.spec.steps, start=1)
        if step.when is not None and step.when not in flags
    )
    warnings: list[str] = []
    cycle = policy.spec.cycle
    passes = policy.spec.repeat + 1
    if policy.spec.repeat and cycle <= timedelta(0):
        warnings.append(
            f"policy {policy.name}: repeat: {policy.spec.repeat} has no effect because every "
            "step is at 0m, so a pass through the chain has no length; give a step a delay"
        )
        passes = 1
    planned = [
        PlannedStep(number, k, k * cycle + step.after, step)
        for k in range(passes)
        for number, step in applicable
    ]
    # Stable sort: steps written with the same delay keep the policy's order, and a
    # repeat's first step comes after the previous pass's last step at the same instant.
    planned.sort(key=lambda p: (p.after, p.repeat))
    return Chain(tuple(planned), skipped, tuple(warnings))
