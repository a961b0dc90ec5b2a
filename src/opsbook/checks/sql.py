"""The read-only gate and dialect transpilation, before any SQL reaches an engine."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.errors import RefusedError

# Nodes that change data, schema or session state. Any of them anywhere in the tree
# (a CTE can hide a DELETE in PostgreSQL) makes the query not read-only.
_WRITES = (
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Create",
    "Drop",
    "Alter",
    "TruncateTable",
    "Command",
    "Copy",
    "Set",
    "Grant",
    "Use",
    "Pragma",
    "Transaction",
    "Commit",
    "Rollback",
    "Into",
)
_READS = ("Select", "Union", "Intersect", "Except", "Subquery", "Values")


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
    from sqlglot import exp
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
    if not any(isinstance(tree, getattr(exp, name)) for name in _READS):
        raise RefusedError(f"expected a read-only SELECT or WITH query; found {tree.key.upper()}")
    for name in _WRITES:
        node_type = getattr(exp, name, None)
        if node_type is not None and tree.find(node_type) is not None:
            raise RefusedError(f"expected a read-only query; found {name.upper()} inside it")
    target = tree.sql(dialect=target_dialect)
    return PreparedQuery(sql, target, source_dialect, target_dialect)
