"""What reading a YAML file gives: its documents as plain values, each finding the line
and column of any key path on demand, and the problems met reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from opsbook.diagnostics import Diagnostic, Span

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Workspace files are hand-written; anything bigger is a mistake or an attack."""

MAX_NODES = 100_000
"""Budget of values one file may reach through aliases (billion laughs). Values written
out in the text do not count: the file size limit bounds those."""

MAX_DEPTH = 100
"""Nesting a hand-written file never reaches; deeper input is refused where it starts."""

KeyPath = tuple[str | int, ...]


def mark_span(start: Any, end: Any) -> Span:
    """The span between two parser marks (libyaml's or ruamel's, both 0-based)."""
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class ScalarInfo(NamedTuple):
    """What a scalar looked like in the file, for positions inside block scalars.

    A named tuple, like `Span`: finding positions makes one per scalar of a document.
    """

    span: Span
    style: str | None


@dataclass
class Positions:
    """Where the keys and values of one document are, by key path."""

    span: Span
    values: dict[KeyPath, Span] = field(default_factory=dict)
    keys: dict[KeyPath, Span] = field(default_factory=dict)
    scalars: dict[KeyPath, ScalarInfo] = field(default_factory=dict)


class YamlDocument:
    """One YAML document converted to plain values, with the position of every node.

    Positions are found when first asked for: most documents are read, validated and
    never reported on, and recording a position per key and value was most of the cost
    of reading a large workspace. A document read the fast way keeps its text and
    finds its positions on first use (`positions.find_positions`).
    """

    def __init__(
        self,
        path: str,
        index: int,
        data: Any,
        span: Span | None = None,
        source_lines: tuple[str, ...] = (),
        *,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.index = index
        self.data = data
        self.source_lines = source_lines
        self.refused: set[KeyPath] = set()
        """Where a tag or alias was refused (and null put instead), already reported."""
        self._text = text
        self._positions = None if text is not None else Positions(span or Span())

    @property
    def lazy(self) -> bool:
        """Read the fast way: plain values, positions found on first use."""
        return self._text is not None

    def _located(self) -> Positions:
        if self._positions is None:
            from opsbook.yamlio.positions import find_positions

            self._positions = find_positions(self, self._text or "")
        return self._positions

    @property
    def span(self) -> Span:
        """The whole document."""
        return self._located().span

    @span.setter
    def span(self, value: Span) -> None:
        self._located().span = value

    @property
    def values(self) -> dict[KeyPath, Span]:
        """Position of every value, by key path."""
        return self._located().values

    @property
    def keys(self) -> dict[KeyPath, Span]:
        """Position of every mapping key, by the key path it introduces."""
        return self._located().keys

    @property
    def scalars(self) -> dict[KeyPath, ScalarInfo]:
        """Position and style of every scalar, for positions inside block scalars."""
        return self._located().scalars

    def locate(self, path: KeyPath, *, key: bool = False) -> Span:
        """Position of the value (or its key) at `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        for cut in range(len(path), -1, -1):
            prefix = path[:cut]
            if key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return self.span

    def locate_in_scalar(self, path: KeyPath, line: int, col: int) -> Span:
        """Position of `line`/`col` (1-based) inside the string at `path`.

        For literal and folded block scalars (`|`, `>`), the text starts on the line
        after the indicator, indented; for plain and quoted scalars it starts at the
        value. This lets a SQL parse error point inside the YAML file.
        """
        info = self.scalars.get(path)
        if info is None:
            return self.locate(path)
        if info.style in ("|", ">"):
            first = info.span.line + 1
            target = first + line - 1
            indent = _indent_of(self.source_lines, first)
            return Span.point(target, indent + col)
        if line == 1:
            quote = 1 if info.style in ("'", '"') else 0
            return Span.point(info.span.line, info.span.col + quote + col - 1)
        return Span.point(info.span.line + line - 1, col)


def _indent_of(lines: tuple[str, ...], line: int) -> int:
    """Indentation of the first non-blank line from `line` on (1-based)."""
    for text in lines[line - 1 :]:
        if text.strip():
            return len(text) - len(text.lstrip(" "))
    return 0


@dataclass
class YamlFile:
    """Every document of one file, and every problem met reading it."""

    path: str
    documents: list[YamlDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    """The decoded text (undecodable bytes replaced), empty when it was not read."""
