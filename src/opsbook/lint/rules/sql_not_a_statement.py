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
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB132", "sql-not-a-statement")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for block, analysis in ctx.parsed_blocks():
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
            yield ctx.report_sql(
                block,
                statement.position,
                f"{block.label} {what}; expected a statement such as SELECT, WITH or DELETE",
            )
