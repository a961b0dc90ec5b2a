"""SQL text is a statement, not words sqlglot happens to accept.

## Why it matters

sqlglot is lenient: `THIS IS NOT VALID SQL` parses, as the expression
`NOT THIS IS VALID AS SQL` (an alias). So does a lone word, a number or a comparison.
None of them is a statement a warehouse would run, yet a syntax check passes them. A
block whose statement is not a query, DML, DDL or command, or that is empty, is
reported with what sqlglot read it as.

## Fails

```yaml
  recovery:
    - step: Rebuild the day
      sql: THIS IS NOT VALID SQL        # OB132: parses as an alias
```

## Passes

```yaml
  recovery:
    - step: Rebuild the day
      sql: DELETE FROM agg_profit_daily WHERE order_date = :date
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.sql_blocks import sql_blocks

CODE = "OB132"
NAME = "sql-not-a-statement"


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for block in sql_blocks(ctx.workspace):
        analysis = ctx.analysis(block)
        if analysis is None or analysis.error is not None:
            continue
        source = ctx.source(block.runbook)
        for statement in analysis.statements:
            if statement.is_statement:
                continue
            if statement.is_empty:
                what = "is empty"
            else:
                read = statement.rendered
                shown = f" `{read}`" if read and read != statement.text.strip() else ""
                kind = statement.kind.lower()
                article = "an" if kind[:1] in "aeiou" else "a"
                what = (
                    f"is not a SQL statement: sqlglot reads {statement.text.strip()[:60]!r} as "
                    f"{article} {kind} expression{shown}"
                )
            span = block.span(source, statement.position)
            yield ctx.report(
                block.runbook,
                block.path,
                f"{block.label} {what}; expected a statement such as SELECT, WITH or DELETE",
                span=span,
            )
