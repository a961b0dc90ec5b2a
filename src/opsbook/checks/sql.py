"""The read-only gate, parameter binding and dialect transpilation, before any SQL runs."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from opsbook.checks.engines import read_only_refusal
from opsbook.checks.params import Value, bind
from opsbook.errors import RefusedError
from opsbook.sql_placeholders import placeholder_hint

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
    # The gate judges the statement as written; binding only swaps placeholders for
    # literals, so it cannot turn a read into a write.
    refusal = read_only_refusal(statements)
    if refusal is not None:
        raise RefusedError(refusal)
    (tree,) = statements
    bound = bind(tree, values or {})
    try:
        target = bound.sql(dialect=target_dialect, pretty=True)
    except SqlglotError as exc:
        raise RefusedError(
            f"cannot translate {source_dialect} to {target_dialect}: {exc}"
        ) from None
    return PreparedQuery(sql, target, source_dialect, target_dialect)
