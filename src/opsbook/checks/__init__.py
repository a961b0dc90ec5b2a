"""Checks: run a runbook's validation SQL and freshness thresholds against a warehouse.

`runner.run_checks` chooses the checks and runs each one: `sql` gates a query (one
read-only statement, or it is refused before it runs), `params` binds its `:name`
placeholders as typed literals, and sqlglot transpiles it to the engine's dialect;
`engines` runs it read-only with a timeout; `expectations` and `freshness` judge the
answer into a `results.CheckResult`; `report` prints the results as text or JSON.
`credentials` keeps passwords out of everything shown, and `demo_warehouse` builds the
example workspace's DuckDB warehouse from the SQL files in `demo/`.
"""
