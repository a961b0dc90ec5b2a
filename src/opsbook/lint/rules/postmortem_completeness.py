"""A resolved postmortem lacks the root cause or action items its tier requires.

## Why it matters

Once an incident is resolved, its postmortem must say why it happened and what will
change, or the same incident comes back. How much is required follows the strictest
tier among the postmortem's runbooks:

| tier | required once resolved |
|---|---|
| investor | `root_cause` and at least one of `action_items` |
| experiment | `root_cause` |
| internal | `root_cause` |

An incident still going on (no `resolved`) is not judged: the cause may not be known.

## Fails

```yaml
# runbooks: [profit], an investor runbook
resolved: 2026-10-12T09:40:00Z                          # OB175: no action_items
root_cause: The dbt selector left the marts out.
action_items: []
```

## Passes

```yaml
resolved: 2026-10-12T09:40:00Z
root_cause: The dbt selector left the marts out.
action_items:
  - {id: freshness, action: Watch the mart's age, owner: alice, due: 2026-10-19,
     kind: detection}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.models.postmortem import Postmortem

RULE = RuleHead("OB175", "postmortem-completeness")

REQUIRED: dict[str, tuple[str, ...]] = {
    "investor": ("root_cause", "action_items"),
    "experiment": ("root_cause",),
    "internal": ("root_cause",),
}
"""What a resolved postmortem must hold, by the strictest tier of its runbooks."""

STRICTNESS = ("investor", "experiment", "internal")
"""Tiers from strictest to most lenient."""


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for postmortem in ctx.workspace.postmortems.values():
        if postmortem.spec.resolved is None:
            continue
        tier = _strictest_tier(ctx, postmortem)
        missing = [f for f in REQUIRED[tier] if not _filled(getattr(postmortem.spec, f))]
        if missing:
            yield ctx.report(
                postmortem,
                ("spec", "resolved"),
                f"resolved, but missing {' and '.join(f'`{m}`' for m in missing)}, which "
                f"postmortems of {tier} runbooks need once the incident is over",
            )


def _strictest_tier(ctx: RuleContext, postmortem: Postmortem) -> str:
    tiers = {
        runbook.spec.tier
        for name in postmortem.spec.runbooks
        if (runbook := ctx.workspace.runbooks.get(name)) is not None
    }
    return next((t for t in STRICTNESS if t in tiers), "internal")


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)
