"""Every inline suppression suppresses something.

## Why it matters

`# opsbook: disable=CODE` silences a finding on purpose. Once the problem is fixed, a
suppression left behind would silently hide the next problem of that kind on the same
lines, so an unused suppression is itself a finding, as is one that names no known
rule. The finding sits on the comment; delete the comment or the code in it.

A comment at the end of a line covers that line. A comment on its own line covers the
block that follows: the next line and every more-indented line below it (a list item or
a mapping with everything nested in it). Codes are rule codes or names, separated by
commas. These findings cannot themselves be suppressed inline; use `--ignore OB190`.

## Fails

```yaml
  # opsbook: disable=OB151
  freshness:
    - {table: agg_profit_daily, loaded_at: updated_at, warn_after: 26h, error_after: 48h}
```

## Passes

```yaml
  # opsbook: disable=OB151
  freshness:
    - {table: agg_profit_daily, loaded_at: updated_at, warn_after: 48h, error_after: 48h}
```
"""

from __future__ import annotations

from opsbook.diagnostics import Severity
from opsbook.lint.rule import RuleHead

RULE = RuleHead("OB190", "unused-suppression", Severity.WARNING)
# No check(): the runner knows which suppressions were used (opsbook.lint.suppression).
