"""A postmortem names a failure mode its runbook does not list.

## Why it matters

An incident that was not one of the runbook's `failure_modes` is exactly what the
runbook must learn: the next engineer on call reads the runbook, not last month's
postmortem. A postmortem names failure modes by the runbook's `failure` text, word for
word; the closest one is suggested when it does not match. Add the failure mode
(symptom, cause, risk) to the runbook, or correct the name.

## Fails

```yaml
# runbook profit: failure_modes: [{failure: Missing cost data}]
failure_modes:
  - {failure: Missing costs data}                       # OB172: did you mean …?
```

## Passes

```yaml
failure_modes:
  - {failure: Missing cost data}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.loader.references import expected_one_of

RULE = RuleHead("OB172", "postmortem-failure-modes")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    for postmortem in ws.postmortems.values():
        for i, ref in enumerate(postmortem.spec.failure_modes):
            runbook = ws.runbooks.get(postmortem.runbook_of(ref))
            if runbook is None:  # an unknown runbook is the loader's to report (OB020)
                continue
            known = [mode.failure for mode in runbook.spec.failure_modes]
            if ref.failure in known:
                continue
            expected = expected_one_of(ref.failure, known, "a failure mode")
            yield ctx.report(
                postmortem,
                ("spec", "failure_modes", i, "failure"),
                f"runbook {runbook.name} lists no failure mode {ref.failure!r}; add it to "
                f"the runbook's failure_modes so the next on-call engineer knows it, or "
                f"{expected}",
            )
