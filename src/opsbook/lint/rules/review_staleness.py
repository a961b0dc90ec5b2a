"""Runbooks are reviewed as often as they say they will be.

## Why it matters

A runbook describes systems that keep changing: tables are renamed, alerts move, people
leave. `review.every` is the team's promise to check it against reality. Past
`last_reviewed + every` the runbook is overdue: a warning. Past twice that it is
probably wrong somewhere, so the finding rises to an error and fails `opsbook lint`
without `--fail-on warning`. Judged as of `--at` (default: now). A
`last_reviewed` in the future is a warning, and `every` must be longer than zero.
A runbook with no `review` block is reported by OB101 (tier-completeness) when its tier
requires `review`; investor does by default.

## Fails

```yaml
# linted on 2026-11-23
spec:
  review: {last_reviewed: 2026-03-01, every: 90d}    # OB140: error, 267 days old
```

## Passes

```yaml
spec:
  review: {last_reviewed: 2026-10-01, every: 90d}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.durations import format_duration
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead(
    "OB140",
    "review-staleness",
    Severity.WARNING,
    raised=(Severity.ERROR, "when more than twice the review period overdue"),
)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    today = ctx.today
    for runbook in ctx.workspace.runbooks.values():
        review = runbook.spec.review
        if review is None:
            continue
        every = review.every
        shown = ctx.written(runbook, ("spec", "review", "every"), format_duration(every))
        if every <= timedelta(0):
            yield ctx.report(
                runbook,
                ("spec", "review", "every"),
                f"review.every is {shown}; expected a period longer than zero (e.g. 90d)",
                severity=Severity.ERROR,
            )
            continue
        last = review.last_reviewed
        path = ("spec", "review", "last_reviewed")
        if last > today:
            yield ctx.report(
                runbook,
                path,
                f"last reviewed {last}, which is after today ({today}); expected a past date",
            )
            continue
        age = today - last
        due = last + every
        if age > 2 * every:
            yield ctx.report(
                runbook,
                path,
                f"last reviewed {last}, {age.days} days ago: more than twice the review "
                f"period of {shown} (due {due}); review it against reality",
                severity=Severity.ERROR,
            )
        elif age > every:
            yield ctx.report(
                runbook,
                path,
                f"last reviewed {last}, {age.days} days ago; a review every {shown} was "
                f"due on {due}",
            )
