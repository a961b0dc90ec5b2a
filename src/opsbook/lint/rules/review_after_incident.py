"""A runbook was last reviewed before its latest incident.

## Why it matters

An incident is the best review a runbook gets: it shows which failure mode was
missing, which query helped, which step was wrong. A runbook whose
`review.last_reviewed` is older than the day its latest postmortem's incident was
resolved has not yet been read with those lessons; it is due for review now,
whatever `review.every` says. Unresolved incidents are not judged yet. A runbook
without a `review` block is OB101's concern.

## Fails

```yaml
# postmortem: runbooks: [profit], resolved: 2026-11-02T10:00:00Z
spec:
  review: {last_reviewed: 2026-10-01, every: 90d}        # OB174
```

## Passes

```yaml
spec:
  review: {last_reviewed: 2026-11-09, every: 90d}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB174", "review-after-incident", Severity.WARNING)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for runbook in ws.runbooks.values():
        review = runbook.spec.review
        if review is None:
            continue
        resolved = [
            (p.spec.resolved.astimezone(UTC).date(), p.name)
            for p in ws.postmortems_of(runbook.name)
            if p.spec.resolved is not None
        ]
        if not resolved:
            continue
        day, name = max(resolved)
        if review.last_reviewed >= day:
            continue
        yield ctx.report(
            runbook,
            ("spec", "review", "last_reviewed"),
            f"last reviewed {review.last_reviewed}, before the incident of postmortem "
            f"{name} was resolved on {day}; review the runbook with what it taught",
        )
