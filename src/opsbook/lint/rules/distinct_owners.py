"""A pipeline's primary and secondary owners are two different people.

## Why it matters

The secondary owner backs the primary up when they are away and reviews their changes.
Naming the same person twice leaves the pipeline with one owner and nobody to review or
to take over, while the matrix looks complete.

## Fails

```yaml
kind: OwnershipMatrix
metadata: {name: data-pipelines}
spec:
  team: data-eng
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: bob}   # OB110
```

## Passes

```yaml
kind: OwnershipMatrix
metadata: {name: data-pipelines}
spec:
  team: data-eng
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB110", "distinct-owners")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for matrix in ctx.workspace.ownership.values():
        for index, entry in enumerate(matrix.spec.pipelines):
            if entry.primary == entry.secondary:
                yield ctx.report(
                    matrix,
                    ("spec", "pipelines", index, "secondary"),
                    f"{entry.runbook}: {entry.primary!r} is both primary and secondary owner; "
                    "expected a different member as secondary",
                )
