"""The results file of `opsbook check --out FILE`: what the site and `opsbook handoff`
read back, and the JSON Schema (schemas/check-results.schema.json) it is published with.

The file is written by the checks layer (`CheckResult.to_json`); this model is the
contract both sides keep, so a file from another opsbook version that does not fit it is
refused with its path and key instead of being half-read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime

from opsbook.models.common import Model

CHECK_RESULTS_SCHEMA = "check-results"
"""Stem of the schema's file under schemas/."""


class FreshnessResult(Model):
    """How old a table's newest row was, beside its thresholds."""

    table: str
    newest: str | None
    """ISO 8601 time of the newest row; null for an empty table."""
    age_seconds: int | None
    warn_after_seconds: int
    error_after_seconds: int


class CheckResultEntry(Model):
    """One check's outcome: a validation query, or a freshness threshold."""

    runbook: str
    """The runbook's name."""
    check: str
    """The validation's name, or `freshness:TABLE`."""
    kind: Literal["query", "freshness"]
    status: Literal["pass", "warn", "fail", "error"]
    """pass; warn (failed at warn severity); fail; error (could not run)."""
    severity: Literal["error", "warn"]
    duration_ms: float
    """How long the check took, in milliseconds."""
    message: str
    """The reason, in a few words: counts, the value found, the age."""
    rows: tuple[tuple[bool | int | float | str | None, ...], ...]
    """The first rows returned."""
    columns: tuple[str, ...]
    row_count: int | None
    """How many rows came back in all; null when the query did not run."""
    description: str | None
    """What a failure means, from the runbook."""
    informational: bool
    """A query without `expect`: shown, never failing."""
    at: AwareDatetime | None = None
    """The instant the check ran for (`--at`); files written before it was added have
    only the file's `at`."""
    freshness: FreshnessResult | None = None
    sql: str | None = None
    """The SQL that ran, with `--show-sql`."""


class CheckResults(Model):
    """`opsbook check --format json` output, and the file `--out` writes."""

    results: tuple[CheckResultEntry, ...]
    summary: dict[Literal["pass", "warn", "fail", "error"], int]
    db: str
    """The warehouse URL, password redacted."""
    at: AwareDatetime
    """The instant the checks ran for, with its offset (the site and the handoff compare it
    with theirs)."""

    def latest(self) -> dict[tuple[str, str], CheckResultEntry]:
        """The last result of each (runbook, check), its `at` always set: an entry
        written before results carried their own instant ran at the file's."""
        out: dict[tuple[str, str], tuple[datetime, CheckResultEntry]] = {}
        for entry in self.results:
            ran = entry.at or self.at
            key = (entry.runbook, entry.check)
            if key not in out or ran >= out[key][0]:
                out[key] = (ran, entry if entry.at else entry.model_copy(update={"at": ran}))
        return {key: entry for key, (_, entry) in out.items()}
