"""What to tell the user when a `:name` placeholder makes SQL unparseable.

DuckDB (and sqlglot's duckdb dialect) reads `name: expression` at the start of a select
item as a prefix alias, so `SELECT :date AS d` is an alias with nothing before the
colon, and sqlglot reports an incomplete ALIAS near SELECT: true, and no help to someone
who only wrote a placeholder. Both `opsbook lint` (OB130) and `opsbook check` add this
hint to that error.
"""

from __future__ import annotations

import re

# A placeholder that starts a select item: right after SELECT (DISTINCT) or a comma.
_LEADING_PLACEHOLDER = re.compile(
    r"(?:\bSELECT(?:\s+DISTINCT)?|,)\s*(:[A-Za-z_]\w*)", flags=re.IGNORECASE
)


def placeholder_hint(sql: str, error: str) -> str:
    """The explanation to append to `error` (sqlglot's parse error for `sql`), or ""."""
    if "alias" not in error.lower():
        return ""
    found = _LEADING_PLACEHOLDER.search(sql)
    if found is None:
        return ""
    name = found.group(1)
    return (
        f"; {name} is a placeholder (bound to a value when the check runs), but at the start"
        f" of a select item it reads as the `alias: expression` shorthand: put it inside an"
        f" expression, such as `SELECT CAST({name} AS DATE) AS d`"
    )
