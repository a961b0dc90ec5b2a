"""The read-only gate, parameter binding and dialect transpilation, before any SQL runs."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from opsbook.checks.params import Value, bind
from opsbook.errors import RefusedError
from opsbook.sql_placeholders import placeholder_hint
from opsbook.sql_safety import first_write, is_read_only, side_effect_function

# sqlglot warns through logging when it cannot transpile a construct exactly; library
# code never prints, so the warning stays silent unless the application logs it.
logging.getLogger("sqlglot").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class PreparedQuery:
    """A query proven read-only, its placeholders bound, in the target engine's dialect."""

    source: str
    target_sql: str
    source_dialect: str
    target_dialect: str


def prepare_read_only(
    sql: str,
    source_dialect: str,
    target_dialect: str,
    values: Mapping[str, Value] | None = None,
) -> PreparedQuery:
    """Parse, refuse anything but one read-only statement, bind `values`, transpile.

    Raises RefusedError naming what was found, UnboundPlaceholder naming a placeholder
    without a value.
    """
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError, SqlglotError

    try:
        statements = [s for s in sqlglot.parse(sql, read=source_dialect) if s is not None]
    except ParseError as exc:
        description = exc.errors[0]["description"]
        hint = placeholder_hint(sql, description)
        if hint:  # sqlglot's own words name a class; the hint says it in the user's terms
            description = "a select item has an alias but no expression"
        raise RefusedError(f"SQL does not parse as {source_dialect}: {description}{hint}") from None
    except SqlglotError as exc:
        raise RefusedError(f"SQL does not parse as {source_dialect}: {exc}") from None
    if len(statements) != 1:
        raise RefusedError(f"expected exactly one statement; found {len(statements)}")
    (tree,) = statements
    # The gate judges the statement as written; binding only swaps placeholders for
    # literals, so it cannot turn a read into a write.
    if not is_read_only(tree):
        if isinstance(tree, exp.Query | exp.Values):
            found = f"{(first_write(tree) or tree.key).upper()} inside it"
        elif isinstance(tree, exp.Command):
            found = str(tree.this).upper()
        else:
            found = tree.key.upper()
        raise RefusedError(f"expected a read-only SELECT or WITH query; found {found}")
    calls = side_effect_function(tree)
    if calls is not None:
        raise RefusedError(
            f"expected a query that only reads tables; found a call to {calls}(), which acts "
            "on the server, its files or other sessions"
        )
    bound = bind(tree, values or {})
    try:
        target = bound.sql(dialect=target_dialect, pretty=True)
    except SqlglotError as exc:
        raise RefusedError(
            f"cannot translate {source_dialect} to {target_dialect}: {exc}"
        ) from None
    return PreparedQuery(sql, target, source_dialect, target_dialect)
