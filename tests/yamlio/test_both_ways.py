"""The fast way in (libyaml events) and the careful way in (ruamel) must agree.

Whenever `load_plain` accepts a text, reading it must give exactly what ruamel gives:
the same values, the same position of every key and value, the same problems. Checked
on every YAML file in the repository (the example workspace, the schemas' examples and
every test fixture, the broken ones included) and on mutated copies of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsbook.diagnostics import Span
from opsbook.yamlio.document import MAX_DEPTH, YamlFile
from opsbook.yamlio.read import load_plain, parse_yaml_text
from opsbook.yamlio.scalars import resolve_plain

REPO = Path(__file__).resolve().parents[2]
FILES = [
    *sorted(
        p.relative_to(REPO).as_posix()
        for folder in ("runbooks", "rotation", "tests/fixtures")
        for p in (REPO / folder).rglob("*.y*ml")
    ),
    "opsbook.yaml",
    "mkdocs.yml",
]


def _shape(parsed: YamlFile) -> Any:
    """Everything a reader of the result sees, except where an empty value is.

    An empty value (`key:` with nothing after it) has no text of its own: libyaml puts
    it right after the colon, ruamel at the next token (often the next line). Both are
    fine places to point at; they are left out of the comparison.
    """
    return (
        [
            (
                repr(d.data),
                d.span,
                {k: v for k, v in d.values.items() if not _empty(v)},
                d.keys,
                {k: v for k, v in d.scalars.items() if not _empty(v.span)},
                d.refused,
            )
            for d in parsed.documents
        ],
        [
            (d.code, None if _empty(d.span) else d.span, d.key_path, d.message)
            for d in parsed.diagnostics
        ],
    )


def _empty(span: Span) -> bool:
    return span.line == span.end_line and span.col == span.end_col


def _agree(text: str) -> bool:
    """Whether the plain fast path took the text; assert it reads as ruamel reads it.

    The default read goes the plain way (values first, positions found on first use),
    else uses ruamel.
    """
    fast = parse_yaml_text(text, "x.yaml")
    careful = parse_yaml_text(text, "x.yaml", fast_path=False)
    assert _shape(fast) == _shape(careful)
    return load_plain(text, MAX_DEPTH) is not None


@pytest.mark.parametrize("rel", FILES)
def test_every_yaml_file_in_the_repository_reads_the_same_both_ways(rel: str) -> None:
    text = (REPO / rel).read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
    _agree(text)


def test_the_fast_path_is_taken_for_ordinary_files() -> None:
    # Every file of the example workspace is ordinary YAML.
    for rel in ("opsbook.yaml", "rotation/team.yaml", "runbooks/profit-aggregate.yaml"):
        assert _agree((REPO / rel).read_text(encoding="utf-8")), rel


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("", "null"),
        ("~", "null"),
        ("Null", "null"),
        ("no", "str"),  # YAML 1.2: the Norway problem does not exist
        ("yes", "str"),
        ("True", "bool"),
        ("0o17", "int"),
        ("017", "int"),
        ("0x1F", "int"),
        ("1_000", "int"),
        ("-.inf", "float"),
        (".NaN", "float"),
        ("1e3", "float"),
        ("2026-02-30", "timestamp"),
        ("12:30:45", "str"),
        ("<<", "merge"),
        ("=", "value"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2(value: str, kind: str) -> None:
    assert resolve_plain(value) == f"tag:yaml.org,2002:{kind}"
    assert _agree(f"k: {value}\n") or kind in ("merge", "value")


def test_deep_input_is_left_to_ruamel_instead_of_crashing_the_interpreter() -> None:
    # PyYAML's own C composer segfaults on this; the fast way stops at the nesting limit.
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    assert load_plain(text, MAX_DEPTH) is None
    (problem,) = parse_yaml_text(text, "x.yaml").diagnostics
    assert "nesting" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases need the node graph
        "base: &b {x: 1}\nc:\n  <<: *b\n",
        "a: 1\na: 2\n",  # every duplicate is reported with its position
        "a: !!set {x}\n",
        "? [a]\n: 1\n",
        "=: 1\n",
    ],
)
def test_documents_with_anything_to_report_go_the_careful_way(text: str) -> None:
    assert load_plain(text, MAX_DEPTH) is None
    _agree(text)


def test_positions_are_found_on_first_use() -> None:
    text = "a:\n  b: [1, 2]\n  c: hello\n---\nd: 4\n"
    first, second = parse_yaml_text(text, "x.yaml").documents
    assert first._positions is None
    assert first.locate(("a", "c")) == Span(3, 6, 3, 11)
    assert second.locate(("d",)) == Span(5, 4, 5, 5)
    assert second.index == 1


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.1\n---\na: yes\n",  # a directive changes resolution: ruamel decides
        "a: *missing\n",  # undefined alias: ruamel words the error
        "a: [1, 2\n",  # syntax error
        "a:\tb\n",
    ],
)
def test_unusual_input_goes_the_careful_way(text: str) -> None:
    assert load_plain(text, MAX_DEPTH) is None
    assert parse_yaml_text(text, "x.yaml").diagnostics or "%YAML" in text


PIECES = [*":-[]{},&*!|>'\"#?\t\n ", "---", "...", "<<: *a", "&a ", "*a", "!!str ", "- "]
SOURCES = [t for t in FILES if not t.endswith(".lock.yaml")][:40]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    text = (REPO / draw(st.sampled_from(SOURCES))).read_text(encoding="utf-8", errors="replace")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
    return text


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_mutated())
def test_mutated_files_read_the_same_both_ways(text: str) -> None:
    _agree(text.lstrip("\ufeff"))
