"""The last check results on the pages: each runbook's validations and freshness checks
with their status, age and reason, and the command that runs one again.

The results come from the file `opsbook check --out` writes (the plugin's `checks`
option, or `site.checks` in opsbook.yaml). A check the file does not mention is shown
as never run, so a check added since the last run does not look like a pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from opsbook.checks.command import check_command
from opsbook.models.check_results import CheckResultEntry, CheckResults
from opsbook.models.runbook import Runbook
from opsbook.postmortems.check_names import check_names
from opsbook.site.instants import format_at

State = str
"""pass, warn, fail, error or never."""

# Failing first on the home page, never-run checks before passing ones (nobody knows).
_RANK = {"error": 0, "fail": 1, "warn": 2, "never": 3, "pass": 4}


@dataclass(frozen=True)
class CheckStatus:
    """One check of one runbook as the page shows it."""

    name: str
    """The validation's name, or `freshness:TABLE`."""
    state: State
    reason: str | None
    age: str | None
    """How long before the build the check ran: "3 h ago"."""
    ran_at: str | None
    command: str
    """The command that runs just this check."""


@dataclass(frozen=True)
class RunbookChecks:
    checks: tuple[CheckStatus, ...]
    by_name: dict[str, CheckStatus] = field(default_factory=dict)

    @property
    def state(self) -> State:
        """The worst state of its checks, "never" (a check that never ran) ranking below
        every failure and above "pass"; "never" too when it has no checks."""
        states = [c.state for c in self.checks]
        return min(states, key=lambda s: _RANK[s]) if states else "never"

    @property
    def failing(self) -> int:
        return sum(1 for c in self.checks if c.state in ("fail", "error"))

    @property
    def order(self) -> int:
        """Sort key of the home page's table: failing runbooks first."""
        return _RANK[self.state]


@dataclass(frozen=True)
class ChecksView:
    """What the pages know of the last check run."""

    loaded: bool
    source: str | None = None
    summary: str = ""
    runbooks: dict[str, RunbookChecks] = field(default_factory=dict)

    def of(self, runbook: Runbook) -> RunbookChecks:
        return self.runbooks.get(runbook.name) or check_statuses(runbook, None, None)


NOT_LOADED = ChecksView(False)


def format_age(age: timedelta) -> str:
    """ "just now", "12 min ago", "5 h ago", "3 d ago"."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} d ago"


def check_statuses(
    runbook: Runbook,
    latest: Mapping[tuple[str, str], CheckResultEntry] | None,
    at: datetime | None,
) -> RunbookChecks:
    """Every validation and freshness check of `runbook`, with its last result in
    `latest` (`CheckResults.latest()`; None: no results file, so no status but the
    command)."""
    statuses = []
    for name in check_names(runbook) if latest is not None else ():
        found = (latest or {}).get((runbook.name, name))
        command = check_command(runbook.name, name)
        if found is None:
            statuses.append(CheckStatus(name, "never", None, None, None, command))
            continue
        ran = found.at
        age = format_age(at - ran) if ran is not None and at is not None and at >= ran else None
        statuses.append(
            CheckStatus(
                name,
                found.status,
                found.message,
                age,
                format_at(ran) if ran is not None else None,
                command,
            )
        )
    checks = tuple(statuses)
    return RunbookChecks(checks, {c.name: c for c in checks})


def checks_view(
    runbooks: Iterable[Runbook], results: CheckResults | None, source: str | None, at: datetime
) -> ChecksView:
    """The pages' view of `results` (the file at `source`) as of the build's `at`."""
    if results is None:
        return NOT_LOADED
    latest = results.latest()
    per_runbook = {rb.name: check_statuses(rb, latest, at) for rb in runbooks}
    counts = dict.fromkeys(_RANK, 0)
    for view in per_runbook.values():
        for check in view.checks:
            counts[check.state] += 1
    summary = ", ".join(
        f"{n} {state if state != 'never' else 'never run'}" for state, n in counts.items() if n
    )
    return ChecksView(True, source, summary or "no checks", per_runbook)
