"""Freshness, judged as dbt's source freshness: the newest row's age against thresholds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from opsbook.checks.freshness import freshness_sql, judge_freshness
from opsbook.models.runbook import Freshness

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MART = Freshness(
    table="agg_profit_daily", loaded_at="updated_at", warn_after="26h", error_after="48h"
)


@pytest.mark.parametrize(
    ("hours", "status", "severity", "reason"),
    [
        (1, "pass", "error", "1h old; warn after 1d2h, error after 2d"),
        (26, "pass", "error", "1d2h old; warn after 1d2h, error after 2d"),
        (27, "warn", "warn", "1d3h old (newest 2026-11-22 06:00 UTC), over warn_after 1d2h"),
        (48, "warn", "warn", "2d old (newest 2026-11-21 09:00 UTC), over warn_after 1d2h"),
        (60, "fail", "error", "2d12h old (newest 2026-11-20 21:00 UTC), over error_after 2d"),
    ],
)
def test_age_against_thresholds(hours: int, status: str, severity: str, reason: str) -> None:
    verdict = judge_freshness(MART, AT - timedelta(hours=hours), AT)
    assert (verdict.status, verdict.severity, verdict.reason) == (status, severity, reason)
    assert verdict.staleness.age == timedelta(hours=hours)


def test_empty_naive_odd_and_future_values() -> None:
    assert (
        judge_freshness(MART, None, AT).reason
        == "agg_profit_daily has no rows (updated_at is NULL)"
    )
    assert judge_freshness(MART, None, AT).status == "fail"
    naive = judge_freshness(MART, datetime(2026, 11, 23, 7, 0), AT)
    assert (naive.status, naive.reason) == ("pass", "2h old; warn after 1d2h, error after 2d")
    assert judge_freshness(MART, date(2026, 11, 20), AT).status == "fail"
    odd = judge_freshness(MART, 12345, AT)
    assert (odd.status, odd.reason) == ("error", "MAX(updated_at) is 12345; expected a timestamp")
    future = judge_freshness(MART, AT + timedelta(hours=2), AT)
    assert future.status == "pass"
    assert "2h in the future" in future.reason


def test_freshness_sql_quotes_only_names_that_need_it() -> None:
    assert (
        freshness_sql(MART, "snowflake") == "SELECT MAX(updated_at) AS newest FROM agg_profit_daily"
    )
    odd = Freshness(
        table="analytics.marts.daily", loaded_at="Loaded At", warn_after="1h", error_after="2h"
    )
    assert freshness_sql(odd, "postgres") == (
        'SELECT MAX("Loaded At") AS newest FROM analytics.marts.daily'
    )


@pytest.mark.parametrize(
    ("age", "reason"),
    [
        (timedelta(hours=26, seconds=30), "1d2h30s old (newest 2026-11-22 06:59 UTC), over"),
        (timedelta(hours=26, seconds=0.2), "1d2h1s old (newest 2026-11-22 06:59 UTC), over"),
        (timedelta(hours=26, minutes=5), "1d2h5m old (newest 2026-11-22 06:55 UTC), over"),
    ],
)
def test_an_age_just_over_a_threshold_is_never_shown_equal_to_it(
    age: timedelta, reason: str
) -> None:
    verdict = judge_freshness(MART, AT - age, AT)
    assert verdict.status == "warn"
    assert verdict.reason.startswith(reason)
    assert verdict.reason.endswith("warn_after 1d2h")
