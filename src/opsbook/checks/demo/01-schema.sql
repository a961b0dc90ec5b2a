-- The demo warehouse: every table the example runbooks read, as a small DuckDB copy of
-- the team's Snowflake marts. Built by `python -m opsbook.checks.demo_warehouse`, which
-- sets the variable check_at (the instant the checks will run at) before these files.

CREATE TABLE fact_orders (
    order_id   BIGINT,
    order_date DATE,
    amount     DECIMAL(12, 2),
    updated_at TIMESTAMPTZ
);
CREATE TABLE fact_costs (order_id BIGINT, cost_date DATE, cost DECIMAL(12, 2));
CREATE TABLE agg_profit_daily (
    order_date DATE,
    revenue    DECIMAL(14, 2),
    cost       DECIMAL(14, 2),
    profit     DECIMAL(14, 2),
    updated_at TIMESTAMPTZ
);
CREATE TABLE fact_unit_profit (
    order_id   BIGINT,
    unit_id    INTEGER,
    order_date DATE,
    profit     DECIMAL(12, 2)
);
CREATE TABLE dim_users (user_id BIGINT, first_seen_date DATE, channel VARCHAR);
CREATE TABLE agg_growth_daily (
    day           DATE,
    new_users     INTEGER,
    churned_users INTEGER,
    net_growth    INTEGER,
    updated_at    TIMESTAMPTZ
);
CREATE TABLE agg_growth_experiment_daily (day DATE, variant VARCHAR, signups INTEGER);
CREATE TABLE fact_events (
    event_id   BIGINT,
    user_id    BIGINT,
    event_name VARCHAR,
    event_ts   TIMESTAMPTZ
);
CREATE TABLE agg_engagement_daily (
    day        DATE,
    dau        INTEGER,
    mau        INTEGER,
    updated_at TIMESTAMPTZ
);
