"""Escalation: a runbook's policy resolved to the people to page, step by step."""

from opsbook.escalation.resolver import (
    EscalationResolver,
    find_runbook,
    policy_of,
    resolve_escalation,
)
from opsbook.escalation.result import Escalation, ResolvedStep, ResolvedTarget, SkippedStep

__all__ = [
    "Escalation",
    "EscalationResolver",
    "ResolvedStep",
    "ResolvedTarget",
    "SkippedStep",
    "find_runbook",
    "policy_of",
    "resolve_escalation",
]
