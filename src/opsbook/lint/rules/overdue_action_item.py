"""An open action item of a postmortem is past its due date.

## Why it matters

A postmortem is only as good as the changes it leads to. An action item that stays
open after its due date is usually one nobody is doing any more: the freshness check
that would have caught the next incident is still missing. The item's owner judges
"past due" in their own zone, as of `--at` (default: now). Do it and mark it `done`,
give it a new `due` date, or mark it `dropped` and say why in the postmortem.

## Fails

```yaml
# linted on 2026-12-06
action_items:
  - {id: short-run-alert, action: Alert on suspiciously short runs, owner: bob,
     due: 2026-11-30, status: open, kind: detection}    # OB170: 6 days overdue
```

## Passes

```yaml
action_items:
  - {id: short-run-alert, action: Alert on suspiciously short runs, owner: bob,
     due: 2026-11-30, status: done, kind: detection}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB170", "overdue-action-item", Severity.WARNING)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for postmortem, path, item in ctx.action_items("open"):
        contact = ws.contact(item.owner)
        zone = (contact.timezone or "UTC") if contact is not None else ws.member_zone(item.owner)
        today = ctx.lint.today_in(zone)
        if item.due >= today:
            continue
        late = (today - item.due).days
        yield ctx.report(
            postmortem,
            (*path, "due"),
            f"action item {item.id!r} (owner {item.owner}) was due {item.due}, "
            f"{late} day{'s' if late != 1 else ''} ago, and is still open; do it and "
            "mark it done, give it a new due date, or mark it dropped",
        )
