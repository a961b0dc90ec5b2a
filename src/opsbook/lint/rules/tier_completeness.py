"""A runbook fills every section its tier requires.

## Why it matters

The runbook is read at 3 a.m. by whoever is on call, often not its owner. A pipeline
whose numbers reach investors needs everything that person could need: what it
computes, when it must be ready, how fresh its tables must be, what breaks, how to
investigate, how to recover, whom to escalate to, read-only checks that prove the data
right again, and an owner. Experiments and internal pipelines need less.

Required sections per tier (defaults; `spec.tiers` in `opsbook.yaml` replaces a tier's
list):

* **investor**: purpose, sla, freshness, sources, flow, failure_modes, monitoring,
  troubleshooting, recovery, escalation, validation, ownership, review;
* **experiment**: purpose, sources, failure_modes, recovery, escalation, ownership;
* **internal**: purpose, ownership.

`validation` means at least one validation query with an `expect`; `ownership` means
the runbook has an entry in an OwnershipMatrix. Each missing section is one finding at
the runbook's `tier` line.

## Fails

```yaml
kind: Runbook
metadata: {name: profit-aggregate}
spec:
  tier: investor          # OB101: missing recovery, validation, review, …
  purpose: Daily profit for the investor report.
  escalation: investor-critical
```

## Passes

```yaml
kind: Runbook
metadata: {name: profit-aggregate}
spec:
  tier: investor
  purpose: Daily profit for the investor report.
  sla: [{name: daily, ready_by: "08:00"}]
  freshness: [{table: agg_profit_daily, loaded_at: updated_at, warn_after: 26h, error_after: 48h}]
  sources: [{name: transactions}]
  flow: [Extract, Load, Aggregate]
  failure_modes: [{failure: Missing cost data}]
  monitoring: [Airflow task failure alert]
  troubleshooting: [{case: Missing data, queries: [profit-present]}]
  recovery: [{step: Re-run the day}]
  escalation: investor-critical
  validation:
    - {name: profit-present, sql: "SELECT 1 WHERE 1 = 0", expect: {rows: 0}}
  review: {last_reviewed: 2026-10-01, every: 90d}
# and in an OwnershipMatrix:
#   - {runbook: profit-aggregate, primary: bob, secondary: carol}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.models.runbook import Runbook, RunbookSpec

RULE = RuleHead("OB101", "tier-completeness")

_SPECIAL = {
    "validation": "at least one validation query with an `expect`",
    "ownership": "an entry in an OwnershipMatrix naming its primary and secondary owner",
}


def known_sections() -> tuple[str, ...]:
    """Every section name a tier may require."""
    return (*(name for name in RunbookSpec.model_fields if name != "tier"), "ownership")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    yield from _unknown_sections(ctx)
    for runbook in ctx.workspace.runbooks.values():
        yield from _missing(ctx, runbook)


def _missing(ctx: RuleContext, runbook: Runbook) -> Iterator[Diagnostic]:
    spec = runbook.spec
    tier = spec.tier
    source = ctx.source(runbook)
    # Findings sit on the `tier:` line that decides them, or on `spec:` when the tier
    # is the default one.
    where = ("spec", "tier") if source and _has_tier(source.data) else ("spec",)
    for section in ctx.workspace.spec.required_sections(tier):
        if section == "ownership":
            present = bool(ctx.workspace.ownership_of(runbook.name))
        elif section == "validation":
            if spec.validation and not any(q.expect is not None for q in spec.validation):
                yield ctx.report(
                    runbook,
                    ("spec", "validation"),
                    f"{tier} runbook {runbook.name!r} has validation queries but none with an "
                    "`expect`; expected at least one query that says what passing means",
                    key=True,
                )
                continue
            present = bool(spec.validation)
        elif section in RunbookSpec.model_fields:
            present = bool(getattr(spec, section))
        else:
            continue  # reported once, where the tier's list is configured
        if not present:
            yield ctx.report(
                runbook,
                where,
                f"{tier} runbook {runbook.name!r} is missing `{section}` "
                f"({_explain(section)}); required for tier {tier}",
                key=True,
            )


def _has_tier(data: object) -> bool:
    spec = data.get("spec") if isinstance(data, dict) else None
    return isinstance(spec, dict) and "tier" in spec


def _explain(section: str) -> str:
    if section in _SPECIAL:
        return _SPECIAL[section]
    description = RunbookSpec.model_fields[section].description or section
    return description.rstrip(".").lower()


def _unknown_sections(ctx: RuleContext) -> Iterator[Diagnostic]:
    settings = ctx.workspace.settings
    if settings is None:
        return
    known = known_sections()
    for tier, sections in settings.spec.tiers.items():
        for index, section in enumerate(sections):
            if section not in known:
                yield ctx.report(
                    settings,
                    ("spec", "tiers", tier, index),
                    f"unknown runbook section {section!r} required for tier {tier}; "
                    f"expected one of: {', '.join(known)}",
                )
