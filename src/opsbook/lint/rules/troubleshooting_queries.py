"""A troubleshooting case names only validation queries the runbook defines.

## Why it matters

`troubleshooting[].queries` sends the on-call engineer to a validation query by name;
the site links to it. A misspelt or renamed query
leaves a dead end in the middle of an incident.

## Fails

```yaml
spec:
  troubleshooting:
    - {case: Missing data, queries: [orders-today]}     # OB121: no such query
  validation:
    - {name: orders-present, sql: "SELECT 1 WHERE 1 = 0", expect: {rows: 0}}
```

## Passes

```yaml
spec:
  troubleshooting:
    - {case: Missing data, queries: [orders-present]}
  validation:
    - {name: orders-present, sql: "SELECT 1 WHERE 1 = 0", expect: {rows: 0}}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB121", "troubleshooting-queries")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for runbook in ctx.workspace.runbooks.values():
        names = [q.name for q in runbook.spec.validation]
        for i, case in enumerate(runbook.spec.troubleshooting):
            for j, query in enumerate(case.queries):
                if query in names:
                    continue
                close = difflib.get_close_matches(query, names, n=1, cutoff=0.5)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                known = f" (this runbook's: {', '.join(names)})" if names else ""
                yield ctx.report(
                    runbook,
                    ("spec", "troubleshooting", i, "queries", j),
                    f"troubleshooting case {case.case!r} names unknown validation query "
                    f"{query!r}{hint}{known or ' (this runbook has no validation queries)'}",
                )
