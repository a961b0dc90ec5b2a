"""A done action item's proof names a check that does not exist.

## Why it matters

"Added a freshness check" is a claim; `proof: {check: engagement-mart-fresh}` lets
anyone verify it, and `opsbook check` keeps verifying it every day. A done item whose
proof names no validation query (or `freshness:<table>` threshold) of the runbook is
an unproven claim: the check was renamed, removed, or never written. The runbook is
the postmortem's first unless the proof names one. Open items are not judged: their
check may not exist yet. The same goes for `detected.reference` when `how: check`: the
check that caught the incident must be a check of one of the postmortem's runbooks.

## Fails

```yaml
action_items:
  - {id: freshness, action: Watch the mart's age, owner: alice, due: 2026-10-19,
     status: done, kind: detection, proof: {check: mart-is-fresh}}   # OB173
```

## Passes

```yaml
action_items:
  - {id: freshness, action: Watch the mart's age, owner: alice, due: 2026-10-19,
     status: done, kind: detection, proof: {check: "freshness:agg_profit_daily"}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.loader.references import expected_one_of
from opsbook.postmortems.check_names import check_names

RULE = RuleHead("OB173", "action-proof-exists")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for postmortem in ws.postmortems.values():
        detected = postmortem.spec.detected
        runbooks = [ws.runbooks[n] for n in postmortem.spec.runbooks if n in ws.runbooks]
        if detected.how == "check" and detected.reference and runbooks:
            known = [name for runbook in runbooks for name in check_names(runbook)]
            if detected.reference not in known:
                expected = expected_one_of(detected.reference, known, "a check")
                names = ", ".join(r.name for r in runbooks)
                yield ctx.report(
                    postmortem,
                    ("spec", "detected", "reference"),
                    f"detected by check {detected.reference!r}, which no runbook of the "
                    f"postmortem has ({names}); {expected}",
                )
    for postmortem, path, item in ctx.action_items("done"):
        if item.proof is None:
            continue
        runbook = ws.runbooks.get(postmortem.runbook_of(item.proof))
        if runbook is None:  # an unknown runbook is the loader's to report (OB020)
            continue
        known = check_names(runbook)
        if item.proof.check in known:
            continue
        expected = expected_one_of(item.proof.check, known, "a check")
        yield ctx.report(
            postmortem,
            (*path, "proof", "check"),
            f"action item {item.id!r} is done, but runbook {runbook.name} has no check "
            f"{item.proof.check!r} to prove it; {expected}",
        )
