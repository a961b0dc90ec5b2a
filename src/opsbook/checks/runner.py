"""Run validation queries and freshness thresholds, and judge the answers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import partial
from typing import Any, Literal

from opsbook.checks.engines import Engine, QueryTimeout
from opsbook.checks.sql import prepare_read_only
from opsbook.durations import format_duration
from opsbook.errors import RefusedError, UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.runbook import Freshness, Runbook, ValidationQuery

Status = Literal["pass", "warn", "fail", "error"]
SAMPLE_ROWS = 5


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check of one runbook."""

    runbook: str
    check: str
    kind: Literal["validation", "freshness"]
    status: Status
    message: str
    rows: int | None = None
    sample: tuple[tuple[str, ...], ...] = field(default=())
    sql: str | None = None

    @property
    def failed(self) -> bool:
        return self.status in ("fail", "error")

    def to_json(self) -> dict[str, Any]:
        return {
            "runbook": self.runbook,
            "check": self.check,
            "kind": self.kind,
            "status": self.status,
            "message": self.message,
            "rows": self.rows,
            "sample": [list(r) for r in self.sample],
        }


def run_checks(
    ws: Workspace,
    engine: Engine,
    at: datetime,
    runbooks: Sequence[str] | None = None,
    timeout: float = 30.0,
) -> list[CheckResult]:
    """Every validation query and freshness threshold of the chosen runbooks, in order."""
    chosen = _choose(ws, runbooks)
    results: list[CheckResult] = []
    for runbook in chosen:
        for query in runbook.spec.validation:
            results.append(run_validation(ws, engine, runbook, query, timeout))
        for threshold in runbook.spec.freshness:
            results.append(run_freshness(engine, runbook, threshold, at, timeout))
    return results


def _choose(ws: Workspace, names: Sequence[str] | None) -> list[Runbook]:
    if not names:
        return list(ws.runbooks.values())
    unknown = [n for n in names if n not in ws.runbooks]
    if unknown:
        import difflib

        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, list(ws.runbooks), n=1)
            hints.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise UsageError(f"unknown runbook {', '.join(hints)}; known: {', '.join(ws.runbooks)}")
    return [ws.runbooks[n] for n in names]


def run_validation(
    ws: Workspace, engine: Engine, runbook: Runbook, query: ValidationQuery, timeout: float
) -> CheckResult:
    dialect = query.dialect or ws.spec.dialect
    make = partial(CheckResult, runbook.name, query.name, "validation")
    try:
        prepared = prepare_read_only(query.sql, dialect, engine.dialect)
    except RefusedError as exc:
        return make(status="error", message=f"refused before running: {exc}")
    try:
        rows = engine.fetch(prepared.target_sql, timeout)
    except QueryTimeout as exc:
        return make(status="error", message=str(exc), sql=prepared.target_sql)
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return make(
            status="error",
            message=f"the warehouse rejected the query: {first_line}",
            sql=prepared.target_sql,
        )
    sample = tuple(tuple(_text(v) for v in row) for row in rows[:SAMPLE_ROWS])
    if query.expect is None:
        return make(
            status="pass",
            message=f"ran, {len(rows)} rows (no expectation set)",
            rows=len(rows),
            sample=sample,
        )
    if query.expect.holds(len(rows)):
        return make(
            status="pass",
            message=f"{len(rows)} rows, expected {query.expect.describe()}",
            rows=len(rows),
        )
    status: Status = "fail" if query.severity == "error" else "warn"
    what = (query.description or "expectation not met").strip().rstrip(".")
    return make(
        status=status,
        message=f"{what}: {len(rows)} rows, expected {query.expect.describe()}",
        rows=len(rows),
        sample=sample,
        sql=prepared.target_sql,
    )


def freshness_sql(threshold: Freshness, dialect: str) -> str:
    """`SELECT MAX(loaded_at) FROM table`, built as a tree so names are quoted safely."""
    from sqlglot import exp

    table = exp.to_table(threshold.table)
    column = exp.column(threshold.loaded_at, quoted=True)
    return exp.select(exp.Max(this=column)).from_(table).sql(dialect=dialect)


def run_freshness(
    engine: Engine, runbook: Runbook, threshold: Freshness, at: datetime, timeout: float
) -> CheckResult:
    name = f"freshness:{threshold.table}"
    make = partial(CheckResult, runbook.name, name, "freshness")
    try:
        sql = freshness_sql(threshold, engine.dialect)
        rows = engine.fetch(sql, timeout)
    except QueryTimeout as exc:
        return make(status="error", message=str(exc))
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return make(status="error", message=f"cannot read freshness: {first_line}")
    newest = _instant(rows[0][0] if rows and rows[0] else None)
    if newest is None:
        return make(
            status="fail",
            message=f"{threshold.table} has no rows with {threshold.loaded_at}",
        )
    age = at - newest
    shown = format_duration(age) if age.total_seconds() >= 60 else "under a minute"
    if age > threshold.error_after:
        status: Status = "fail"
        limit = f"error after {format_duration(threshold.error_after)}"
    elif age > threshold.warn_after:
        status = "warn"
        limit = f"warn after {format_duration(threshold.warn_after)}"
    else:
        status = "pass"
        limit = f"warn after {format_duration(threshold.warn_after)}"
    return make(
        status=status,
        message=f"newest row {newest.isoformat()} is {shown} old ({limit})",
    )


def _instant(value: object) -> datetime | None:
    """A warehouse timestamp as an aware instant; naive ones are read as UTC."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    if isinstance(value, str):
        try:
            return _instant(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def _text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def exit_code(results: Sequence[CheckResult]) -> int:
    return 1 if any(r.failed for r in results) else 0


def summarize(results: Sequence[CheckResult]) -> dict[str, int]:
    counts = {"pass": 0, "warn": 0, "fail": 0, "error": 0}
    for result in results:
        counts[result.status] += 1
    return counts


def iter_failures(results: Sequence[CheckResult]) -> Iterator[CheckResult]:
    return (r for r in results if r.status != "pass")
