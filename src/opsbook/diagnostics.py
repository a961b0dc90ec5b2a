"""Diagnostics: frozen values describing one problem at one place in one file.

The loader and the lint rules produce them; reporters print them. Nothing here prints.
Lines and columns are 1-based, as editors and CI annotations count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, NamedTuple


class Severity(str, Enum):  # noqa: UP042 - str mixin keeps JSON and comparisons plain
    """How bad a diagnostic is; ordered so `>=` compares badness."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Span(NamedTuple):
    """A region of a file: start and end, 1-based, end exclusive like editors report it.

    A named tuple rather than a dataclass: reading a workspace makes one per key and
    value, and a tuple is several times cheaper to create.
    """

    line: int = 1
    col: int = 1
    end_line: int = 1
    end_col: int = 1

    @classmethod
    def point(cls, line: int, col: int) -> Span:
        return cls(line, col, line, col)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where it is, what rule found it, and what to do about it."""

    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    key_path: str = ""
    """Dotted path to the offending value, e.g. `spec.members[1].timezone`."""
    rule: str = ""
    """Kebab-case name of the rule or loader check that produced it."""
    url: str = ""
    """Where the rule is documented, when it has a page."""

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def col(self) -> int:
        return self.span.col

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.col, self.code, self.message)

    def format(self) -> str:
        """`path:line:col: message`, the form editors and CI logs link to; control
        characters (from a file name, a quoted value) shown as escapes."""
        from opsbook.terminal import sanitize, sanitize_line

        where = f"{sanitize_line(self.key_path)}: " if self.key_path else ""
        return (
            f"{sanitize_line(self.path)}:{self.span.line}:{self.span.col}: "
            f"{where}{sanitize(self.message)}"
        )


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable order regardless of discovery order: by file, position, then code."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def value_at(data: Any, path: Iterable[str | int]) -> Any:
    """The value at a key path in a document's plain data; None where the path leaves it."""
    current = data
    for part in path:
        if isinstance(current, dict) and isinstance(part, str):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            return None
    return current


def format_key_path(path: Iterable[str | int]) -> str:
    """`("spec", "members", 1, "id")` → `spec.members[1].id`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
