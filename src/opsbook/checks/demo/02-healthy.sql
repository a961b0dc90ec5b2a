-- Forty healthy days before check_at. Every mart was rebuilt by the morning run an hour
-- before check_at and holds every day up to yesterday; raw events keep arriving.

-- About a hundred orders a day; amounts vary by order but days stay alike.
INSERT INTO fact_orders
SELECT k * 10000 + i,
       CAST(getvariable('check_at') AS DATE) - CAST(k AS INTEGER),
       50 + (i * 13) % 40,
       getvariable('check_at') - INTERVAL 1 HOUR
FROM range(1, 41) AS d(k), range(0, 103) AS o(i)
WHERE i < 100 + k % 3;

-- Fulfilment, returns handling and fees: one cost line per order.
INSERT INTO fact_costs
SELECT order_id, order_date, ROUND(amount * 0.6, 2) FROM fact_orders;

INSERT INTO fact_unit_profit
SELECT o.order_id, 1, o.order_date, o.amount - c.cost
FROM fact_orders AS o JOIN fact_costs AS c USING (order_id);

INSERT INTO agg_profit_daily
SELECT o.order_date, SUM(o.amount), SUM(c.cost), SUM(o.amount) - SUM(c.cost),
       getvariable('check_at') - INTERVAL 1 HOUR
FROM fact_orders AS o JOIN fact_costs AS c USING (order_id)
GROUP BY o.order_date;

-- Thirty-odd sign-ups a day across three channels, each person once.
INSERT INTO dim_users
SELECT k * 1000 + i,
       CAST(getvariable('check_at') AS DATE) - CAST(k AS INTEGER),
       ['ads', 'organic', 'referral'][i % 3 + 1]
FROM range(1, 41) AS d(k), range(0, 34) AS u(i)
WHERE i < 30 + k % 4;

INSERT INTO agg_growth_daily
SELECT first_seen_date, new_users, churned, new_users - churned,
       getvariable('check_at') - INTERVAL 1 HOUR
FROM (
    SELECT first_seen_date, CAST(COUNT(*) AS INTEGER) AS new_users,
           5 + CAST((CAST(getvariable('check_at') AS DATE) - first_seen_date) % 2 AS INTEGER)
               AS churned
    FROM dim_users
    GROUP BY first_seen_date
);

INSERT INTO agg_growth_experiment_daily
SELECT CAST(getvariable('check_at') AS DATE) - CAST(k AS INTEGER), v, 40 + k % 3
FROM range(1, 11) AS d(k), (VALUES ('control'), ('treatment')) AS e(v);

-- An event every seven minutes for forty days, the newest ten minutes before check_at,
-- from 600 users in turn; every third one is a login.
INSERT INTO fact_events
SELECT n,
       n % 600,
       CASE WHEN n % 3 = 0 THEN 'login' ELSE 'page_view' END,
       getvariable('check_at') - to_minutes(CAST(10 + (n - 1) * 7 AS BIGINT))
FROM range(1, 40 * 24 * 60 // 7 + 1) AS e(n);

-- DAU and the trailing 30 days' MAU, counted from the events of each day.
INSERT INTO agg_engagement_daily
SELECT d.day,
       (SELECT COUNT(DISTINCT user_id) FROM fact_events
        WHERE CAST(event_ts AS DATE) = d.day),
       (SELECT COUNT(DISTINCT user_id) FROM fact_events
        WHERE CAST(event_ts AS DATE) BETWEEN d.day - 29 AND d.day),
       getvariable('check_at') - INTERVAL 1 HOUR
FROM (
    SELECT CAST(getvariable('check_at') AS DATE) - CAST(k AS INTEGER) AS day
    FROM range(1, 40) AS r(k)
) AS d;
