"""Every SQL block of the workspace, with its dialect and where it is written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from opsbook.diagnostics import Span
from opsbook.lint.sql import SqlPosition, known_dialect
from opsbook.loader.workspace import Workspace
from opsbook.models.runbook import Runbook
from opsbook.yamlio.document import KeyPath, YamlDocument


@dataclass(frozen=True)
class SqlBlock:
    """One `sql:` value of a runbook: a validation query or a recovery step."""

    runbook: Runbook
    section: str
    """`validation` or `recovery`."""
    index: int
    label: str
    """How a message names it: the query's name or the recovery step's number."""
    sql: str
    dialect: str
    dialect_is_own: bool
    """Whether the block sets `dialect` itself (else it is the workspace's)."""

    @property
    def path(self) -> KeyPath:
        return ("spec", self.section, self.index, "sql")

    @property
    def dialect_path(self) -> KeyPath:
        return ("spec", self.section, self.index, "dialect")

    @property
    def dialect_known(self) -> bool:
        return known_dialect(self.dialect)

    def span(self, source: YamlDocument | None, position: SqlPosition) -> Span | None:
        """Where a region of the SQL text is in the YAML file (inside its block scalar)."""
        if source is None:
            return None
        start = source.locate_in_scalar(self.path, position.line, position.col)
        end = source.locate_in_scalar(self.path, position.end_line, position.end_col)
        return Span(start.line, start.col, end.line, end.col)


def sql_blocks(ws: Workspace) -> Iterator[SqlBlock]:
    default = ws.spec.dialect
    for runbook in ws.runbooks.values():
        for index, query in enumerate(runbook.spec.validation):
            yield SqlBlock(
                runbook,
                "validation",
                index,
                f"validation query {query.name!r}",
                query.sql,
                query.dialect or default,
                query.dialect is not None,
            )
        for index, step in enumerate(runbook.spec.recovery):
            if step.sql is None:
                continue
            yield SqlBlock(
                runbook,
                "recovery",
                index,
                f"recovery step {index + 1}",
                step.sql,
                step.dialect or default,
                step.dialect is not None,
            )
