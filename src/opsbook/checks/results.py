"""The outcome of one check, as values: what the reports print and the exit code reads."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

Status = Literal["pass", "warn", "fail", "error"]
Kind = Literal["query", "freshness"]
Severity = Literal["error", "warn"]
JsonValue = None | bool | int | float | str
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail", "error")


@dataclass(frozen=True)
class Staleness:
    """How old a table's newest row is, beside the thresholds it was judged with."""

    table: str
    newest: datetime | None
    age: timedelta | None
    warn_after: timedelta
    error_after: timedelta


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check (a validation query or a freshness threshold)."""

    runbook: str
    check: str
    kind: Kind
    status: Status
    severity: Severity
    message: str
    """A short reason: counts, the value found, the age; no description."""
    duration_ms: float = 0.0
    description: str | None = None
    """What a failure means, from the runbook."""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[JsonValue, ...], ...] = ()
    """The first rows returned, as JSON-ready values."""
    row_count: int | None = None
    """How many rows the query returned in all (None when it did not run)."""
    sql: str | None = None
    """The SQL that ran (or would have), in the engine's dialect."""
    staleness: Staleness | None = field(default=None)
    informational: bool = False
    """A query without `expect`: its rows are shown, it never fails."""
    rows_are_findings: bool = False
    """The rows are what a reader needs to see (failing rows, informational output); a
    value check's one row is already in the message."""

    @property
    def failed(self) -> bool:
        """Fails the run: a failed error-severity check, or a check that could not run."""
        return self.status in ("fail", "error")

    def to_json(self, *, with_sql: bool = False) -> dict[str, Any]:
        """The JSON contract: runbook, check, kind, status, severity, duration_ms,
        message, rows (first rows as lists); then columns, row_count, description and,
        for freshness, the age and thresholds in seconds."""
        out: dict[str, Any] = {
            "runbook": self.runbook,
            "check": self.check,
            "kind": self.kind,
            "status": self.status,
            "severity": self.severity,
            "duration_ms": self.duration_ms,
            "message": self.message,
            "rows": [list(row) for row in self.rows],
            "columns": list(self.columns),
            "row_count": self.row_count,
            "description": self.description,
            "informational": self.informational,
        }
        if self.staleness is not None:
            s = self.staleness
            out["freshness"] = {
                "table": s.table,
                "newest": s.newest.isoformat() if s.newest else None,
                "age_seconds": int(s.age.total_seconds()) if s.age is not None else None,
                "warn_after_seconds": int(s.warn_after.total_seconds()),
                "error_after_seconds": int(s.error_after.total_seconds()),
            }
        if with_sql:
            out["sql"] = self.sql
        return out


def json_value(value: object) -> JsonValue:
    """A warehouse value as JSON: numbers stay numbers, times become ISO text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def summarize(results: Sequence[CheckResult]) -> dict[str, int]:
    """How many results have each status."""
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts


def exit_code(results: Sequence[CheckResult]) -> int:
    """0 when nothing failed at error severity and every check ran, else 1."""
    return 1 if any(r.failed for r in results) else 0
