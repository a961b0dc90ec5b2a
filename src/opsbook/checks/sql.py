"""The read-only gate and dialect transpilation, before any SQL reaches an engine."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.errors import RefusedError
from opsbook.sql_safety import first_write, is_read_only


@dataclass(frozen=True)
class PreparedQuery:
    """A query proven read-only, in the target engine's dialect."""

    source: str
    target_sql: str
    source_dialect: str
    target_dialect: str


def prepare_read_only(sql: str, source_dialect: str, target_dialect: str) -> PreparedQuery:
    """Parse, refuse anything but one read-only statement, and transpile.

    Raises RefusedError naming what was found.
    """
    import sqlglot
    from sqlglot.errors import ParseError

    try:
        statements = [s for s in sqlglot.parse(sql, read=source_dialect) if s is not None]
    except ParseError as exc:
        raise RefusedError(
            f"SQL does not parse as {source_dialect}: {exc.errors[0]['description']}"
        ) from None
    if len(statements) != 1:
        raise RefusedError(f"expected exactly one statement; found {len(statements)}")
    (tree,) = statements
    if not is_read_only(tree):
        inside = first_write(tree)
        found = f"{inside.upper()} inside it" if inside else tree.key.upper()
        raise RefusedError(f"expected a read-only SELECT or WITH query; found {found}")
    target = tree.sql(dialect=target_dialect)
    return PreparedQuery(sql, target, source_dialect, target_dialect)
