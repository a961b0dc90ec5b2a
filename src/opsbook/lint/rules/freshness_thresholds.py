"""A freshness check warns before it errors.

## Why it matters

`warn_after` is the early signal and `error_after` the incident. A `warn_after` longer
than `error_after` means the warning can never fire before the error (an error, and
usually swapped values); equal values make the warning useless (a warning). A zero
threshold fires on every check (an error).

## Fails

```yaml
  freshness:
    - {table: agg_profit_daily, loaded_at: updated_at, warn_after: 48h, error_after: 26h}   # OB151
```

## Passes

```yaml
  freshness:
    - {table: agg_profit_daily, loaded_at: updated_at, warn_after: 26h, error_after: 48h}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.durations import format_duration
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB151", "freshness-thresholds")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for runbook in ctx.workspace.runbooks.values():
        for index, item in enumerate(runbook.spec.freshness):
            base = ("spec", "freshness", index)
            warn, error = item.warn_after, item.error_after
            shown = {
                name: ctx.written(runbook, (*base, name), format_duration(getattr(item, name)))
                for name in ("warn_after", "error_after")
            }
            zero = [
                name
                for name, value in (("warn_after", warn), ("error_after", error))
                if value <= timedelta(0)
            ]
            for name in zero:
                yield ctx.report(
                    runbook,
                    (*base, name),
                    f"{item.table}: {name} is {shown[name]}; expected a duration longer than zero",
                )
            if zero:
                continue
            if warn > error:
                yield ctx.report(
                    runbook,
                    (*base, "warn_after"),
                    f"{item.table}: warn_after ({shown['warn_after']}) is longer than "
                    f"error_after ({shown['error_after']}); expected warn_after < error_after",
                )
            elif warn == error:
                yield ctx.report(
                    runbook,
                    (*base, "warn_after"),
                    f"{item.table}: warn_after equals error_after ({shown['warn_after']}), so "
                    "the warning never comes first; expected warn_after < error_after",
                    severity=Severity.WARNING,
                )
