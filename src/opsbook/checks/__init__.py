"""Checks: run a runbook's validation SQL and freshness thresholds against a warehouse.

Queries run read-only with a timeout; a query that would write is refused before it
reaches the warehouse. SQL is transpiled with sqlglot from the dialect it is written in
to the engine's, so Snowflake runbooks can be checked against a DuckDB copy.
"""
