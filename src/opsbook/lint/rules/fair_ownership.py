"""Nobody is primary owner of more than their fair share of pipelines, plus one.

## Why it matters

Ownership is work: reviews, improvements, first response. When one engineer owns most
pipelines, they become the bottleneck and the single point of failure, and everyone
else stops learning the systems. The fair share is the team's pipelines divided by its
current members; being primary of more than `floor(share) + 1` is a warning.
Only primary ownership counts; each pipeline counts once.

## Fails

```yaml
  # three current members, so a fair share of 4 pipelines is 1.33: at most 2 each
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-daily, primary: bob, secondary: alice}        # OB114
    - {runbook: engagement-aggregate, primary: alice, secondary: carol}
```

## Passes

```yaml
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-daily, primary: carol, secondary: alice}
    - {runbook: engagement-aggregate, primary: alice, secondary: carol}
```
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import RuleContext
from opsbook.lint.ownership_view import current_member_count, entries_by_team, primaries_over
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB114", "fair-ownership", Severity.WARNING)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for team, entries in entries_by_team(ctx.lint).items():
        members = current_member_count(ctx.lint, team)
        if members == 0:
            continue
        share = len(entries) / members
        limit = math.floor(share) + 1
        for primary, owned, extra in primaries_over(entries, limit):
            yield ctx.report(
                extra.matrix,
                ("spec", "pipelines", extra.index, "primary"),
                f"{primary!r} is primary of {len(owned)} of {len(entries)} pipelines; a fair "
                f"share among {members} current members of {team} is {share:.2f}, expected "
                f"at most {limit}",
            )
