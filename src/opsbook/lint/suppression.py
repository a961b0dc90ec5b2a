"""Inline suppression: `# opsbook: disable=CODE[,CODE]` comments in the YAML files.

At the end of a line, a comment covers that line. On a line of its own, it covers the
block that follows: the next line with content and every line below it that is
indented further (the rest of a list item, or everything nested under a key).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from opsbook.diagnostics import Diagnostic, Span

_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*opsbook:\s*disable=(?P<codes>[A-Za-z0-9_\-, ]*)")


@dataclass(frozen=True)
class Suppression:
    """One `disable=` comment and the lines it covers."""

    path: str
    span: Span
    """Where the comment is."""
    entries: tuple[str, ...]
    """Codes or names as written."""
    first_line: int
    last_line: int

    def covers(self, line: int) -> bool:
        return self.first_line <= line <= self.last_line


def find_suppressions(path: str, lines: Iterable[str]) -> list[Suppression]:
    """Every suppression comment of one file."""
    text = list(lines)
    found: list[Suppression] = []
    for number, line in enumerate(text, start=1):
        # Nearly no line holds a suppression; a substring test is far cheaper than the regex.
        match = _COMMENT.search(line) if "opsbook:" in line else None
        if match is None:
            continue
        entries = tuple(e.strip() for e in match.group("codes").split(",") if e.strip())
        span = Span(number, match.start() + 1, number, len(line.rstrip()) + 1)
        if line[: match.start()].strip():
            first = last = number
        else:
            first, last = _block_after(text, number)
        found.append(Suppression(path, span, entries, first, last))
    return found


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_after(lines: list[str], number: int) -> tuple[int, int]:
    """Lines (1-based, inclusive) of the block that starts after line `number`."""
    start = next((i for i in range(number, len(lines)) if _is_content(lines[i])), None)
    if start is None:
        return number, number  # nothing follows: the suppression covers nothing
    indent = _indent(lines[start])
    last = start
    for i in range(start + 1, len(lines)):
        if not _is_content(lines[i]):
            continue
        if _indent(lines[i]) <= indent:
            break
        last = i
    return start + 1, last + 1


@dataclass
class SuppressionResult:
    """Findings kept, and which suppressions (by index and code) were used."""

    kept: list[Diagnostic]
    used: set[tuple[int, str]]


def apply_suppressions(
    diagnostics: Iterable[Diagnostic],
    suppressions: list[Suppression],
    resolve_entry: dict[str, str],
) -> SuppressionResult:
    """Drop every finding a suppression covers; remember which (suppression, code) hit.

    `resolve_entry` maps each written entry (code or name, any case) to its code.
    """
    by_path: dict[str, list[tuple[int, Suppression]]] = {}
    for index, item in enumerate(suppressions):
        by_path.setdefault(item.path, []).append((index, item))
    kept: list[Diagnostic] = []
    used: set[tuple[int, str]] = set()
    for diagnostic in diagnostics:
        hit = False
        for index, item in by_path.get(diagnostic.path, ()):
            if not item.covers(diagnostic.span.line):
                continue
            codes = {resolve_entry.get(e.lower()) for e in item.entries}
            if diagnostic.code in codes:
                used.add((index, diagnostic.code))
                hit = True
        if not hit:
            kept.append(diagnostic)
    return SuppressionResult(kept, used)
