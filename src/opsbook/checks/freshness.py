"""Freshness, as dbt's source freshness judges it: the age of a table's newest row.

Each `freshness` entry compiles to `SELECT MAX(loaded_at) FROM table`; its age at the
check's instant is compared with `warn_after` (a warning) and `error_after` (a failure).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from opsbook.checks.results import Severity, Staleness, Status
from opsbook.durations import format_duration
from opsbook.models.runbook import Freshness


def freshness_sql(threshold: Freshness, dialect: str) -> str:
    """`SELECT MAX(loaded_at) AS newest FROM table`, built as a tree in `dialect`.

    Names are quoted only when they need it: a quoted lower-case name would not match
    an upper-cased unquoted column in Snowflake.
    """
    from sqlglot import exp

    table = exp.to_table(threshold.table, dialect=dialect)
    column = exp.column(exp.to_identifier(threshold.loaded_at))
    newest = exp.alias_(exp.Max(this=column), "newest")
    return exp.select(newest).from_(table).sql(dialect=dialect)


@dataclass(frozen=True)
class FreshnessVerdict:
    """The status of one threshold, its severity, a short reason and the numbers."""

    status: Status
    severity: Severity
    reason: str
    staleness: Staleness


def judge_freshness(threshold: Freshness, newest_value: object, at: datetime) -> FreshnessVerdict:
    """Compare the newest row's age at `at` with the thresholds."""
    newest = as_instant(newest_value)
    limits = (
        f"warn after {format_duration(threshold.warn_after)}, "
        f"error after {format_duration(threshold.error_after)}"
    )

    def verdict(
        status: Status, severity: Severity, reason: str, age: timedelta | None
    ) -> FreshnessVerdict:
        staleness = Staleness(
            threshold.table, newest, age, threshold.warn_after, threshold.error_after
        )
        return FreshnessVerdict(status, severity, reason, staleness)

    if newest_value is None:
        return verdict(
            "fail", "error", f"{threshold.table} has no rows ({threshold.loaded_at} is NULL)", None
        )
    if newest is None:
        return verdict(
            "error",
            "error",
            f"MAX({threshold.loaded_at}) is {newest_value!r}; expected a timestamp",
            None,
        )
    age = at - newest
    stamp = newest.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if age < timedelta(0):
        return verdict(
            "pass", "error", f"newest row {stamp} is {_age(-age)} in the future ({limits})", age
        )
    limit = threshold.error_after if age > threshold.error_after else threshold.warn_after
    said = f"{_age(age, limit)} old (newest {stamp})"
    if age > threshold.error_after:
        over = f"over error_after {format_duration(threshold.error_after)}"
        return verdict("fail", "error", f"{said}, {over}", age)
    if age > threshold.warn_after:
        over = f"over warn_after {format_duration(threshold.warn_after)}"
        return verdict("warn", "warn", f"{said}, {over}", age)
    return verdict("pass", "error", f"{_age(age)} old; {limits}", age)


def _age(age: timedelta, limit: timedelta | None = None) -> str:
    """The age to the minute, or to the second when the minute would hide that it is
    over `limit` ("2h old, over warn_after 2h" reads as a contradiction)."""
    if age < timedelta(minutes=1):
        return "under a minute"
    minutes = timedelta(minutes=int(age.total_seconds() // 60))
    if limit is not None and age > limit >= minutes:
        return format_duration(timedelta(seconds=math.ceil(age.total_seconds())))
    return format_duration(minutes)


def as_instant(value: object) -> datetime | None:
    """A warehouse timestamp as an aware instant; naive ones (TIMESTAMP_NTZ) read as UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    if isinstance(value, str):
        try:
            return as_instant(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None
