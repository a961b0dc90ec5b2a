"""Positions of a fast-read document: one walk over libyaml's events, no composing.

The walk must record what reading the text the careful way (ruamel) records, in the
same order (callers may iterate the tables): checked on every YAML file in the
repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opsbook.diagnostics import Span
from opsbook.yamlio.positions import _positions_from_events
from opsbook.yamlio.read import parse_yaml_text

REPO = Path(__file__).resolve().parents[2]


def _text(rel: str) -> str:
    return (REPO / rel).read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")


# Files read the careful way (anchors, duplicate keys, broken YAML...) record their
# positions while they are read; only the fast-read ones are walked.
FILES = sorted(
    rel
    for folder in ("runbooks", "rotation", "tests/fixtures")
    for rel in (p.relative_to(REPO).as_posix() for p in (REPO / folder).rglob("*.y*ml"))
    if any(d.lazy for d in parse_yaml_text(_text(rel), rel).documents)
)


def _solid(table: dict[Any, Any]) -> list[tuple[Any, Any]]:
    """The table's entries in order, but for empty values (`key:` with nothing after
    it): libyaml puts those right after the colon, ruamel at the next token; both are
    fine places to point at."""
    return [(k, v) for k, v in table.items() if not _empty(getattr(v, "span", v))]


def _empty(span: Span) -> bool:
    return span.line == span.end_line and span.col == span.end_col


@pytest.mark.parametrize("rel", FILES)
def test_the_walk_records_what_the_careful_way_records(rel: str) -> None:
    text = _text(rel)
    lazy = [d for d in parse_yaml_text(text, rel).documents if d.lazy]
    careful = parse_yaml_text(text, rel, fast_path=False).documents
    for doc in lazy:
        walked = _positions_from_events(text, doc.index)
        assert walked is not None
        expected = careful[doc.index]
        assert walked.span == expected.span
        assert _solid(walked.values) == _solid(expected.values)
        assert _solid(walked.keys) == _solid(expected.keys)
        assert _solid(walked.scalars) == _solid(expected.scalars)


def test_the_walk_stops_at_its_document() -> None:
    text = "a: {b: 1}\n---\n- x\n- [y, z]\n---\nc: 3\n"
    second = _positions_from_events(text, 1)
    assert second is not None
    assert second.values == {
        (): Span(3, 1, 5, 1),
        (0,): Span(3, 3, 3, 4),
        (1,): Span(4, 3, 4, 9),
        (1, 0): Span(4, 4, 4, 5),
        (1, 1): Span(4, 7, 4, 8),
    }
    assert second.keys == {}
    first, _, third = parse_yaml_text(text, "x.yaml").documents
    assert first.locate(("a", "b")) == Span(1, 8, 1, 9)
    assert third.locate(("c",), key=True) == Span(6, 1, 6, 2)


def test_text_without_a_final_newline_composes_the_careful_way() -> None:
    # libyaml ends the last collections a line lower than ruamel there.
    text = "a:\n  b: 1"
    assert _positions_from_events(text, 0) is None
    (doc,) = parse_yaml_text(text, "x.yaml").documents
    assert doc.span == Span(1, 1, 2, 7)
    assert doc.locate(("a", "b")) == Span(2, 6, 2, 7)
