"""Owners are current members of the team: not gone, not yet to come.

## Why it matters

When someone leaves, their pipelines quietly lose their owner: escalation pages
`owner:primary` and reaches nobody. A member is current from `joined` to `left`
(inclusive, in their own time zone) as of `--at` (default: now). Owning a pipeline after
`left` is an error; owning one before `joined` is a warning, since handing a pipeline
to a new hire can be planned ahead.

## Fails

```yaml
# rotation/team.yaml
    - {id: bob, name: Bob Smith, left: 2026-06-30}
# runbooks/ownership.yaml
    - {runbook: profit-aggregate, primary: bob, secondary: carol}   # OB111
```

## Passes

```yaml
    - {runbook: profit-aggregate, primary: alice, secondary: carol}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB111", "current-owners")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for matrix in ws.ownership.values():
        team = ws.teams.get(matrix.spec.team)
        if team is None:
            continue  # the loader reports the unknown team
        for index, entry in enumerate(matrix.spec.pipelines):
            for role in ("primary", "secondary"):
                member_id = getattr(entry, role)
                member = team.member(member_id)
                if member is None:
                    continue  # the loader reports the unknown member
                today = ctx.lint.today_in(team.zone_of(member))
                path = ("spec", "pipelines", index, role)
                if member.left is not None and today > member.left:
                    yield ctx.report(
                        matrix,
                        path,
                        f"{entry.runbook}: {role} owner {member_id!r} left the team on "
                        f"{member.left}; expected a current member",
                    )
                elif member.joined is not None and today < member.joined:
                    yield ctx.report(
                        matrix,
                        path,
                        f"{entry.runbook}: {role} owner {member_id!r} joins the team on "
                        f"{member.joined}; until then the pipeline has no {role} owner",
                        severity=Severity.WARNING,
                    )
