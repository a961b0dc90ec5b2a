"""A validation query is one read-only SELECT or WITH statement.

## Why it matters

`opsbook check` runs validation queries against the production warehouse, often from
CI, on a schedule, with credentials that can read everything. A query that writes
(`DELETE`, `UPDATE`, `INSERT`, `CREATE`, `SELECT … INTO`, a CTE holding a `DELETE`) or
that hides a second statement after a `;` must never get that far. `opsbook check`
refuses such queries too; lint says so in the pull request. Recovery SQL is exempt: it
is meant to change data, and is run by hand.

## Fails

```yaml
  validation:
    - name: clean-up
      sql: DELETE FROM agg_profit_daily WHERE profit IS NULL     # OB131
      expect: {rows: 0}
```

## Passes

```yaml
  validation:
    - name: no-null-profit
      sql: SELECT order_date FROM agg_profit_daily WHERE profit IS NULL
      expect: {rows: 0}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB131", "read-only-validation")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    for block, analysis in ctx.parsed_blocks("validation"):
        statements = [s for s in analysis.statements if not s.is_empty]
        if any(not s.is_statement for s in statements):
            continue  # OB132 says what is wrong with it
        if len(statements) > 1:
            second = statements[1]
            yield ctx.report_sql(
                block,
                second.position,
                f"{block.label} holds {len(statements)} statements; expected a single "
                "SELECT or WITH statement",
            )
            continue
        for statement in statements:
            if statement.is_read_only:
                continue
            write = statement.writes or statement.kind
            yield ctx.report_sql(
                block,
                statement.position,
                f"{block.label} is not read-only: found {write.upper()}; expected a single "
                "SELECT or WITH statement",
            )
