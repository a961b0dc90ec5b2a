-- The planted problem: a stale mart behind a green DAG.
--
-- Sixty hours before check_at the orchestrator's dbt selection was narrowed and the
-- engagement models fell out of it. Every run since has finished green: events keep
-- arriving in fact_events, but agg_engagement_daily still holds what the last full
-- run built: days up to the one before that run, stamped with that run's time.
-- `opsbook check` must catch it.

DELETE FROM agg_engagement_daily
WHERE day >= CAST(getvariable('check_at') - INTERVAL 60 HOUR AS DATE);

UPDATE agg_engagement_daily
SET updated_at = getvariable('check_at') - INTERVAL 60 HOUR;
