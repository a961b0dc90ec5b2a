"""Each runbook has one ownership entry, not several.

## Why it matters

Escalation resolves `owner:primary` from the runbook's ownership entry. With two
entries, which one wins depends on file order, and the two may disagree on who is paged.
A runbook with no entry at all is reported by OB101 (tier-completeness) when its tier
requires `ownership`, which every tier does by default.

## Fails

```yaml
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
    - {runbook: profit-aggregate, primary: alice, secondary: dave}   # OB112
```

## Passes

```yaml
  pipelines:
    - {runbook: profit-aggregate, primary: bob, secondary: carol}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.models.ownership import OwnershipMatrix

RULE = RuleHead("OB112", "one-ownership-entry")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    first: dict[str, tuple[OwnershipMatrix, int]] = {}
    for matrix in ctx.workspace.ownership.values():
        for index, entry in enumerate(matrix.spec.pipelines):
            seen = first.get(entry.runbook)
            if seen is None:
                first[entry.runbook] = (matrix, index)
                continue
            other, other_index = seen
            source = ctx.source(other)
            where = ""
            if source is not None:
                line = source.locate(("spec", "pipelines", other_index)).line
                where = f" at {source.path}:{line}"
            yield ctx.report(
                matrix,
                ("spec", "pipelines", index, "runbook"),
                f"runbook {entry.runbook!r} already has an ownership entry{where}; "
                "expected exactly one entry per runbook",
            )
