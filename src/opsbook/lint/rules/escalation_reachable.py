"""An escalation policy reaches someone at every moment of the planned horizon.

## Why it matters

A chain made of owners and on-call roles looks complete until the day both owners are
away at once, or the on-call holder's public holiday falls on a week nobody else can
cover. Then an alert pages only people who cannot answer. This rule resolves each
runbook's chain (the steps that always run, without `when:` conditions) for every
incident start time from now to the end of the planned horizon (the rotations' longest
`horizon`), exactly as `opsbook escalate` would, and flags the first stretch of time
in which every person in it is unavailable: time off, their own public holiday, not
yet joined or already left, or an unfilled on-call slot. A contact step always counts
as reachable. Times the lock file does not plan yet are not judged.

## Fails

Alice and Carol own the pipeline, and both are away on Christmas Day:

```yaml
kind: EscalationPolicy
metadata: {name: owners-only}
spec:
  steps:                                          # OB129
    - {after: 0m, notify: ["owner:primary"]}      # alice: vacation 2026-12-21..2027-01-03
    - {after: 1h, notify: ["owner:secondary"]}    # carol: public holiday (GB), 2026-12-25
```

## Passes

```yaml
kind: EscalationPolicy
metadata: {name: owners-then-manager}
spec:
  steps:
    - {after: 0m, notify: ["owner:primary"]}
    - {after: 1h, notify: ["owner:secondary"]}
    - {after: 2h, notify: ["contact:dana"]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from opsbook.diagnostics import Diagnostic
from opsbook.escalation.coverage import UnreachableSpan, planning_horizon, unreachable_spans
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB129", "escalation-reachable")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    end = ctx.now + planning_horizon(ws)
    judged: set[tuple[str, ...]] = set()
    for runbook in sorted(ws.runbooks.values(), key=lambda r: r.name):
        policy = ws.policies.get(runbook.spec.escalation or "")
        if policy is None:
            continue  # no policy, or a dangling name the loader reports
        uses_owners = any(t.startswith("owner:") for s in policy.spec.steps for t in s.notify)
        owners = ws.owners(runbook.name)
        # Runbooks with the same owners (or a policy naming no owner) get the same
        # chain: judge it once.
        key: tuple[str, ...] = (policy.name,)
        if uses_owners:
            key += (owners.primary, owners.secondary) if owners else ("", runbook.name)
        if key in judged:
            continue
        judged.add(key)
        spans = unreachable_spans(ws, runbook.name, ctx.now, end)
        if spans:
            yield ctx.report(
                policy,
                ("spec", "steps"),
                _message(spans, uses_owners),
                key=True,
            )


def _message(spans: list[UnreachableSpan], per_runbook: bool) -> str:
    first = spans[0]
    away = "; ".join(
        dict.fromkeys(
            f"{t.ref} {t.member or 'nobody'}: {t.reason}"
            for step in first.escalation.steps
            for t in step.targets
        )
    )
    more = (
        f" (and {len(spans) - 1} more stretch{'es' if len(spans) > 2 else ''} until "
        f"{_utc(spans[-1].end)})"
        if len(spans) > 1
        else ""
    )
    scope = f" for runbook {first.runbook}" if per_runbook else ""
    return (
        f"policy {first.policy!r} reaches nobody{scope} for incidents starting "
        f"{_utc(first.start)} to {_utc(first.end)}{more}: {away}; expected someone "
        "reachable at every time, e.g. a contact step, a backup owner or a cover"
    )


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
