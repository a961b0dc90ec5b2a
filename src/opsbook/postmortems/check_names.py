"""The names a postmortem may use for a runbook's checks.

`opsbook check` names a validation query by its own name and a freshness threshold
`freshness:<table>`; a postmortem's proof uses the same names, so a proof can be run.
"""

from __future__ import annotations

from opsbook.models.runbook import Runbook

FRESHNESS_PREFIX = "freshness:"


def check_names(runbook: Runbook) -> list[str]:
    """Every check of the runbook by the name `opsbook check` gives it, in file order."""
    return [
        *(query.name for query in runbook.spec.validation),
        *(f"{FRESHNESS_PREFIX}{threshold.table}" for threshold in runbook.spec.freshness),
    ]
