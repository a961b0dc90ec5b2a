"""Investor-facing pipelines have different primary owners, where the team allows.

## Why it matters

If one person is primary of several investor-tier pipelines, one vacation or one sick
day leaves all of them without the person who knows them best, on the days the figures
go out. With `n` investor pipelines and `m` current team members, nobody should be
primary of more than `ceil(n / m)` of them: one each while the team is large enough.
This is a warning: a small team may have no better choice today.

## Fails

```yaml
  # four current members, three investor-tier runbooks
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-aggregate, primary: bob, secondary: dave}     # OB113
    - {runbook: engagement-aggregate, primary: alice, secondary: carol}
```

## Passes

```yaml
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
    - {runbook: growth-aggregate, primary: carol, secondary: dave}
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

RULE = RuleHead("OB113", "spread-investor-primaries", Severity.WARNING)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for team, entries in entries_by_team(ctx.lint).items():
        investor = [o for o in entries if ws.runbooks[o.entry.runbook].spec.tier == "investor"]
        members = current_member_count(ctx.lint, team)
        if not investor or members == 0:
            continue
        allowed = math.ceil(len(investor) / members)
        for primary, owned, extra in primaries_over(investor, allowed):
            names = ", ".join(o.entry.runbook for o in owned)
            yield ctx.report(
                extra.matrix,
                ("spec", "pipelines", extra.index, "primary"),
                f"{primary!r} is primary of {len(owned)} investor-facing pipelines ({names}); "
                f"with {members} current members of {team} and {len(investor)} investor "
                f"pipelines, expected at most {allowed} per primary",
            )
