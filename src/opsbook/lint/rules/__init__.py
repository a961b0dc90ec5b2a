"""The registry of lint rules: an explicit dict, code → rule, in code order.

Add a rule by writing its module (`RULE = RuleHead(code, name, severity)`, a docstring
that is its documentation, `check(ctx)`) and listing the module here.
"""

from __future__ import annotations

from opsbook.lint.loader_checks import LOADER_CHECKS
from opsbook.lint.rule import Rule
from opsbook.lint.rules import (
    action_owner_left,
    action_proof_exists,
    comment_in_free_text,
    current_owners,
    distinct_owners,
    escalation_order,
    escalation_reachable,
    escalation_reaches_contact,
    escalation_repeat,
    fair_ownership,
    freshness_thresholds,
    frozen_shift_time_off,
    naive_datetime,
    one_ownership_entry,
    overdue_action_item,
    postmortem_completeness,
    postmortem_failure_modes,
    read_only_validation,
    review_after_incident,
    review_staleness,
    side_effect_functions,
    sla_definitions,
    spread_investor_primaries,
    sql_not_a_statement,
    sql_syntax,
    tier_completeness,
    troubleshooting_queries,
    unused_suppression,
)

RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule.from_module(module)
        for module in (
            tier_completeness,
            comment_in_free_text,
            distinct_owners,
            current_owners,
            one_ownership_entry,
            spread_investor_primaries,
            fair_ownership,
            escalation_order,
            troubleshooting_queries,
            escalation_reaches_contact,
            escalation_reachable,
            sql_syntax,
            read_only_validation,
            side_effect_functions,
            sql_not_a_statement,
            review_staleness,
            naive_datetime,
            freshness_thresholds,
            sla_definitions,
            escalation_repeat,
            frozen_shift_time_off,
            overdue_action_item,
            action_owner_left,
            postmortem_failure_modes,
            action_proof_exists,
            review_after_incident,
            postmortem_completeness,
            unused_suppression,
        )
    )
}
"""Every lint rule by code."""

UNUSED_SUPPRESSION = unused_suppression.RULE.code


def all_rules() -> list[Rule]:
    """The loader's checks and the lint rules, in code order."""
    return sorted([*LOADER_CHECKS.values(), *RULES.values()], key=lambda r: r.code)


def get(code_or_name: str) -> Rule:
    """A rule (or loader check) by code (`OB101`, any case) or name (`tier-completeness`).

    Raises KeyError naming the known codes when there is no such rule.
    """
    wanted = code_or_name.strip()
    for rule in all_rules():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    raise KeyError(f"unknown rule {code_or_name!r}; see `opsbook rules` for the list")


__all__ = ["RULES", "UNUSED_SUPPRESSION", "Rule", "all_rules", "get"]
