"""The example workspace's demo warehouse: a small, healthy DuckDB database.

Every table the example runbooks query, filled with deterministic data for the forty
days before `at`, so `opsbook check` passes on it; tests then break it on purpose
(duplicate orders, a stale mart) to see the checks fail.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

DAYS = 40

_SCHEMA = """
CREATE TABLE fact_orders (order_id BIGINT, order_date DATE, amount DECIMAL(12, 2),
                          updated_at TIMESTAMPTZ);
CREATE TABLE fact_costs (order_id BIGINT, cost_date DATE, cost DECIMAL(12, 2));
CREATE TABLE agg_profit_daily (order_date DATE, revenue DECIMAL(14, 2), cost DECIMAL(14, 2),
                               profit DECIMAL(14, 2), updated_at TIMESTAMPTZ);
CREATE TABLE fact_unit_profit (order_id BIGINT, unit_id INTEGER, order_date DATE,
                               profit DECIMAL(12, 2));
CREATE TABLE dim_users (user_id BIGINT, first_seen_date DATE, channel VARCHAR);
CREATE TABLE agg_growth_daily (day DATE, new_users INTEGER, churned_users INTEGER,
                               net_growth INTEGER, updated_at TIMESTAMPTZ);
CREATE TABLE agg_growth_experiment_daily (day DATE, variant VARCHAR, signups INTEGER);
CREATE TABLE fact_events (event_id BIGINT, user_id BIGINT, event_name VARCHAR,
                          event_ts TIMESTAMPTZ);
CREATE TABLE agg_engagement_daily (day DATE, dau INTEGER, mau INTEGER, updated_at TIMESTAMPTZ);
"""


def build_demo_warehouse(path: Path, at: datetime) -> None:
    """Create (or replace) the demo database at `path` with data up to the day before `at`."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    # Set-based generation: one statement per table keeps the build well under a second.
    values = {
        "today": f"DATE '{at.date().isoformat()}'",
        "loaded": f"TIMESTAMPTZ '{(at - timedelta(hours=1)).isoformat()}'",
        "at": f"TIMESTAMPTZ '{at.isoformat()}'",
        "days": DAYS,
    }
    with duckdb.connect(str(path)) as con:
        con.execute(_SCHEMA)
        con.execute(_DATA.format(**values))


_DATA = """
INSERT INTO fact_orders
SELECT k * 10000 + i, {today} - CAST(k AS INTEGER), 50 + (i * 13) % 40, {loaded}
FROM range(1, {days} + 1) AS d(k), range(0, 103) AS o(i)
WHERE i < 100 + k % 3;

INSERT INTO fact_costs
SELECT order_id, order_date, ROUND(amount * 0.6, 2) FROM fact_orders;

INSERT INTO fact_unit_profit
SELECT o.order_id, 1, o.order_date, o.amount - c.cost
FROM fact_orders AS o JOIN fact_costs AS c USING (order_id);

INSERT INTO agg_profit_daily
SELECT o.order_date, SUM(o.amount), SUM(c.cost), SUM(o.amount) - SUM(c.cost), {loaded}
FROM fact_orders AS o JOIN fact_costs AS c USING (order_id)
GROUP BY o.order_date;

INSERT INTO dim_users
SELECT k * 1000 + i, {today} - CAST(k AS INTEGER), ['ads', 'organic', 'referral'][i % 3 + 1]
FROM range(1, {days} + 1) AS d(k), range(0, 34) AS u(i)
WHERE i < 30 + k % 4;

INSERT INTO agg_growth_daily
SELECT first_seen_date, COUNT(*), 5 + CAST(({today} - first_seen_date) % 2 AS INTEGER),
       COUNT(*) - (5 + CAST(({today} - first_seen_date) % 2 AS INTEGER)), {loaded}
FROM dim_users GROUP BY first_seen_date;

INSERT INTO agg_growth_experiment_daily
SELECT {today} - CAST(k AS INTEGER), v, 40 + k % 3
FROM range(1, 11) AS d(k), (VALUES ('control'), ('treatment')) AS e(v);

INSERT INTO agg_engagement_daily
SELECT {today} - CAST(k AS INTEGER), 1000 + (k % 7) * 10, 5000, {loaded}
FROM range(1, {days} + 1) AS d(k);

-- Three days of raw events, every 37 minutes, the newest ten minutes before `at`.
INSERT INTO fact_events
SELECT n, n % 500, CASE WHEN n % 3 = 0 THEN 'login' ELSE 'page_view' END,
       {at} - to_minutes(CAST(10 + (n - 1) * 37 AS BIGINT))
FROM range(1, 3 * 24 * 60 // 37 + 1) AS e(n);
"""


def main() -> int:
    """`python -m opsbook.checks.demo_warehouse PATH`: build it as of now (used by make demo)."""
    import sys
    from datetime import UTC

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/demo.duckdb")
    build_demo_warehouse(target, datetime.now(UTC).replace(second=0, microsecond=0))
    print(f"demo warehouse: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
