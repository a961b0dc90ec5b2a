"""Escalation steps are listed in the order they fire: by `after`.

## Why it matters

People read a policy top to bottom as a timeline. A step written after a later one
(`30m` below `2h`) tells the reader the wrong story about who is paged when, and is
usually a typo in the duration. Steps with the same `after` are fine: they fire
together (typically one of them has a `when`).

## Fails

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 2h, notify: ["contact:dana"]}
    - {after: 30m, notify: ["owner:secondary"]}   # OB120
```

## Passes

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 30m, notify: ["owner:secondary"]}
    - {after: 2h, notify: ["contact:dana"]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from opsbook.diagnostics import Diagnostic
from opsbook.durations import format_duration
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB120", "escalation-order")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for policy in ctx.workspace.policies.values():
        latest: timedelta | None = None
        latest_index = 0
        for index, step in enumerate(policy.spec.steps):
            if latest is not None and step.after < latest:
                here = ("spec", "steps", index, "after")
                there = ("spec", "steps", latest_index, "after")
                yield ctx.report(
                    policy,
                    here,
                    f"step {index + 1} fires after "
                    f"{ctx.written(policy, here, format_duration(step.after))} but is listed "
                    f"below step {latest_index + 1} at "
                    f"{ctx.written(policy, there, format_duration(latest))}; expected steps "
                    "ordered by `after`",
                )
            if latest is None or step.after >= latest:
                latest, latest_index = step.after, index
