"""A validation query calls no function that acts beyond reading tables.

## Why it matters

A `SELECT` can still act: `pg_read_file('/etc/passwd')` reads the server's files,
`pg_terminate_backend(…)` ends other sessions, `pg_reload_conf()`, `set_config(…)`,
`lo_import`/`lo_export`, `dblink_exec(…)` (a second connection that is not read-only),
`nextval(…)`, advisory locks, `query_to_xml('…')` (runs any query given as text).
A read-only transaction does not stop these, and `opsbook check` often runs with a role
powerful enough to call them. `opsbook check` refuses such queries; lint says so in the
pull request. `pg_sleep` and the ordinary functions of a query are fine. The full list
is `SIDE_EFFECT_FUNCTIONS` in `opsbook/sql_safety.py`.

## Fails

```yaml
  validation:
    - name: config-file
      dialect: postgres
      sql: SELECT pg_read_file('postgresql.conf')     # OB134
      expect: {rows: 0}
```

## Passes

```yaml
  validation:
    - name: profit-in-cents
      dialect: postgres
      sql: SELECT order_date FROM agg_profit_daily WHERE round(profit, 2) <> profit
      expect: {rows: 0}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB134", "side-effect-function")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for block, analysis in ctx.parsed_blocks("validation"):
        for statement in analysis.statements:
            if statement.calls is None:
                continue
            yield ctx.report_sql(
                block,
                statement.position,
                f"{block.label} calls {statement.calls}(), which acts on the server, its "
                "files or other sessions; expected a query that only reads tables",
            )
