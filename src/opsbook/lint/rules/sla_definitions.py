"""SLAs of a runbook have distinct names.

## Why it matters

Each SLA names an output that must be ready by a local time (`daily` by 08:00 UTC,
`month-close` by noon). Two SLAs with the same name make reports and the site say
"the daily SLA" about two different deadlines, and only one of them is checked.

## Fails

```yaml
  sla:
    - {name: daily, ready_by: "08:00", timezone: UTC}
    - {name: daily, ready_by: "09:00", timezone: Europe/London}   # OB152
```

## Passes

```yaml
  sla:
    - {name: daily, ready_by: "08:00", timezone: UTC}
    - {name: daily-london, ready_by: "09:00", timezone: Europe/London}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB152", "sla-definitions")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for runbook in ctx.workspace.runbooks.values():
        first: dict[str, int] = {}
        for index, sla in enumerate(runbook.spec.sla):
            if sla.name not in first:
                first[sla.name] = index
                continue
            yield ctx.report(
                runbook,
                ("spec", "sla", index, "name"),
                f"SLA {sla.name!r} is already defined (sla[{first[sla.name]}]); expected "
                "distinct SLA names",
            )
