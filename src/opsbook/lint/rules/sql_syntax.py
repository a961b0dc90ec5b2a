"""Every `sql` block parses in its dialect.

## Why it matters

A validation query that does not parse fails at the worst moment: during an incident,
or silently in a scheduled check. Recovery SQL is copied into a console under pressure.
Each block is parsed with sqlglot in its own `dialect`, or the workspace's
(`spec.dialect` in `opsbook.yaml`, default duckdb), and the error points at the line and
column inside the YAML block scalar. Recovery SQL may use placeholders such as `:date`.
An unknown dialect name is reported where it is written.

## Fails

```yaml
  validation:
    - name: profit-present
      # OB130 on the WHERE line, inside the block: incomplete WHERE
      sql: |
        SELECT order_date, SUM(profit)
        FROM agg_profit_daily
        WHERE
      expect: {rows: 0}
```

## Passes

```yaml
  validation:
    - name: profit-present
      sql: |
        SELECT order_date, SUM(profit)
        FROM agg_profit_daily
        WHERE profit IS NULL
        GROUP BY order_date
      expect: {rows: 0}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.lint.sql import dialect_names, known_dialect
from opsbook.lint.sql_blocks import sql_blocks

RULE = RuleHead("OB130", "sql-syntax")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    ws = ctx.workspace
    settings = ws.settings
    if settings is not None and not known_dialect(ws.spec.dialect):
        yield ctx.report(settings, ("spec", "dialect"), _unknown(ws.spec.dialect))
    for block in sql_blocks(ws):
        if not block.dialect_known:
            if block.dialect_is_own:
                yield ctx.report(block.runbook, block.dialect_path, _unknown(block.dialect))
            continue
        analysis = ctx.analysis(block)
        if analysis is None or analysis.error is None:
            continue
        yield ctx.report_sql(
            block,
            analysis.error.position,
            f"{block.label}: {analysis.error.message} (dialect {block.dialect})",
        )


def _unknown(dialect: str) -> str:
    return (
        f"unknown SQL dialect {dialect!r}; expected one of sqlglot's: {', '.join(dialect_names())}"
    )
