"""A repeating escalation policy takes time to go round.

## Why it matters

`repeat` runs the whole chain again when nobody acknowledges. If every step fires at
`0m`, one pass takes no time, so the repeats page everybody again at the same instant:
a burst of duplicate pages instead of a reminder. A policy with `repeat` needs a step
with an `after` longer than zero.

## Fails

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary", "contact:dana"]}
  repeat: 2                         # OB153
```

## Passes

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 1h, notify: ["contact:dana"]}
  repeat: 2
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB153", "escalation-repeat")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for policy in ctx.workspace.policies.values():
        spec = policy.spec
        if spec.repeat > 0 and spec.cycle <= timedelta(0):
            yield ctx.report(
                policy,
                ("spec", "repeat"),
                f"repeat is {spec.repeat} but every step fires at 0m, so each repeat pages "
                "again at once; expected a step with `after` longer than zero",
            )
