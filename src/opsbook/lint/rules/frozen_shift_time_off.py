"""Nobody holds a frozen shift during their own time off.

## Why it matters

`opsbook plan` never changes a shift that has started or starts within the rotation's
`freeze`, so people can rely on the weeks just ahead. Time off entered late can land on
such a shift: the lock then names someone who will be away, and `who` and the pager
will send the page to them. Only a person can fix it, with a swap of the whole shift or
a cover of the days away, so this rule (like `opsbook plan` and `opsbook plan --check`)
names the conflict and the command that would fix it without creating another
conflict (`--allow-short-rest` when no fix keeps `min_rest`). Judged as of `--at`
(default: now) on the effective schedule: a swap or cover already written fixes it.
Shifts that are over are history.

## Fails

```yaml
# rotation/data-eng-oncall.lock.yaml, linted on 2026-11-23 (freeze: 2w)
- {shift: 2026-11-30, start: "2026-11-30T09:00:00+00:00",
   end: "2026-12-07T09:00:00+00:00", roles: {primary: bob, secondary: carol}}
# rotation/time-off.yaml
- {member: bob, start: 2026-12-02, end: 2026-12-04, reason: dentist}
# OB160: bob is away: bob: dentist (2026-12-02..2026-12-04); fix it with:
#        opsbook cover data-eng-oncall --role primary --from 2026-12-02T08:00+00:00
#          --to 2026-12-05T08:00+00:00 --by carol
```

## Passes

```yaml
# rotation/data-eng-oncall-overrides.yaml: the cover that fixes it
covers:
  - {role: primary, start: "2026-12-02T08:00+00:00", end: "2026-12-05T08:00+00:00",
     member: carol, replaces: bob, reason: dentist}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB160", "frozen-shift-time-off", Severity.ERROR)


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    from opsbook.schedule.conflicts import frozen_conflicts

    ws = ctx.workspace
    for name, lock in sorted(ws.locks.items()):
        if name not in ws.rotations:
            continue
        position = {s.shift: i for i, s in enumerate(lock.spec.shifts)}
        for conflict in frozen_conflicts(ws, name, ctx.now):
            fix = (
                f"; fix it with: {conflict.fix}"
                if conflict.fix
                else "; no swap or cover without a new conflict was found"
            )
            yield ctx.report(
                lock,
                ("spec", "shifts", position.get(conflict.shift, 0), "roles", conflict.role),
                f"shift {conflict.shift} ({conflict.role}) is frozen but {conflict.member} is "
                f"away: {conflict.away()}{fix}",
            )
