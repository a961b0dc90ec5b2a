"""What makes a SQL statement read-only: one definition for lint and for `opsbook check`.

Lint reports a validation query that could write; `check` refuses to run one. Both must
agree on what "could write" means, so the node lists live here, below both.
"""

from __future__ import annotations

from typing import Any

# Nodes that change data, schema or session state, anywhere in a query's tree
# (PostgreSQL lets a CTE hold a DELETE; SELECT … INTO creates a table).
WRITE_NODES = (
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Copy",
    "Create",
    "Drop",
    "Alter",
    "TruncateTable",
    "Command",
    "Into",
    "Set",
    "Use",
    "Pragma",
    "Transaction",
    "Commit",
    "Rollback",
    "Grant",
    "Revoke",
    "LoadData",
)
READ_ROOTS = ("Query", "Values")
"""Statement classes that read: SELECT, set operations, WITH … SELECT, VALUES."""


def _classes(names: tuple[str, ...]) -> tuple[type, ...]:
    from sqlglot import exp

    return tuple(c for n in names if isinstance(c := getattr(exp, n, None), type))


def first_write(expression: Any) -> str | None:
    """The first node of the tree that writes, by class name (Delete, Into…), if any."""
    if expression is None:
        return None
    found = expression.find(*_classes(WRITE_NODES))
    return type(found).__name__ if found is not None else None


def is_read_only(expression: Any) -> bool:
    """A SELECT/WITH (or VALUES) with no writing node anywhere inside it."""
    if expression is None or not isinstance(expression, _classes(READ_ROOTS)):
        return False
    return first_write(expression) is None
