"""An open action item's owner has left the team.

## Why it matters

An action item belongs to one person so that someone sees it through. When that
member's `left` date has passed, the item has nobody: it will stay open until the next
incident shows it was never done. Hand it to someone on the team (or a contact). An
owner who is neither a member nor a contact is reported by the loader (OB020) with the
closest id; items that are done or dropped keep their historical owner.

## Fails

```yaml
# team.yaml: - {id: bob, name: Bob Smith, left: 2026-11-01}
action_items:
  - {id: short-run-alert, action: Alert on short runs, owner: bob, due: 2027-01-15,
     status: open, kind: detection}                      # OB171
```

## Passes

```yaml
action_items:
  - {id: short-run-alert, action: Alert on short runs, owner: carol, due: 2027-01-15,
     status: open, kind: detection}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB171", "action-owner-left")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for postmortem, path, item in ctx.action_items("open"):
        member = ws.member(item.owner)
        if member is None or member.left is None:
            continue
        if member.left >= ctx.lint.today_in(ws.member_zone(item.owner)):
            continue
        yield ctx.report(
            postmortem,
            (*path, "owner"),
            f"action item {item.id!r} is owned by {member.name} ({member.id}), who left "
            f"the team on {member.left}; expected a current member or a contact",
        )
