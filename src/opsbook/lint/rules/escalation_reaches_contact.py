"""An escalation policy ends with someone outside the on-call rotation.

## Why it matters

When nobody in the rotation answers (everyone asleep, a shared outage, a holiday), the
last step must reach someone who is not one of them: a manager or lead listed under a
team's `contacts`, or a `member:` who does not rotate. The chain that always runs is
judged: steps with a `when` condition may not fire, so the last unconditional step
(the one with the largest `after`) must notify such a person. A policy made only of
conditional steps is judged by its last step.

## Fails

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 30m, notify: ["oncall:data-eng-oncall/secondary"]}   # OB122
    - {after: 6h, notify: ["contact:finance-lead"], when: investor-impact}
```

## Passes

```yaml
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 30m, notify: ["oncall:data-eng-oncall/secondary"]}
    - {after: 2h, notify: ["contact:dana"]}
    - {after: 6h, notify: ["contact:finance-lead"], when: investor-impact}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB122", "escalation-reaches-contact")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    rotating = {m for rot in ws.rotations.values() for m in ws.rotation_members(rot)}
    for policy in ws.policies.values():
        steps = list(enumerate(policy.spec.steps))
        chain = [(i, s) for i, s in steps if s.when is None] or steps
        # The step that fires last; on a tie, the one written last.
        index, last = max(chain, key=lambda item: (item[1].after, item[0]))
        outside = [
            t
            for t in last.notify
            if t.startswith("contact:")
            or (t.startswith("member:") and t.partition(":")[2] not in rotating)
        ]
        if outside:
            continue
        yield ctx.report(
            policy,
            ("spec", "steps", index, "notify"),
            f"the last step of {policy.name!r} notifies only people who rotate on call "
            f"({', '.join(last.notify)}); expected it to reach a contact "
            "(contact:<id>) outside the rotation",
        )
