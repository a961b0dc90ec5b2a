from __future__ import annotations

from pathlib import Path

from opsbook.diagnostics import Span
from opsbook.yaml_io import (
    CODE_DUPLICATE_KEY,
    CODE_UNSAFE,
    dump_roundtrip,
    load_roundtrip,
    parse_yaml_text,
    write_atomic,
)


def test_positions_of_keys_and_values() -> None:
    parsed = parse_yaml_text("a:\n  b: [1, 2]\n  c: hello\n", "x.yaml")
    (doc,) = parsed.documents
    assert doc.data == {"a": {"b": [1, 2], "c": "hello"}}
    assert doc.locate(("a", "c")) == Span(3, 6, 3, 11)
    assert doc.locate(("a", "c"), key=True) == Span(3, 3, 3, 4)
    assert doc.locate(("a", "b", 1)).line == 2
    # An unknown path falls back to the nearest located parent.
    assert doc.locate(("a", "zzz")).line == 2


def test_every_duplicate_key_is_reported() -> None:
    parsed = parse_yaml_text("a: 1\nb: 2\na: 3\nb: 4\n", "x.yaml")
    dupes = [d for d in parsed.diagnostics if d.code == CODE_DUPLICATE_KEY]
    assert [(d.span.line, d.key_path) for d in dupes] == [(3, "a"), (4, "b")]


def test_object_tags_are_refused_not_constructed() -> None:
    parsed = parse_yaml_text("a: !!python/object:os.system {}\n", "x.yaml")
    assert [d.code for d in parsed.diagnostics] == [CODE_UNSAFE]
    assert parsed.documents[0].data == {"a": None}


def test_alias_bomb_is_refused() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    parsed = parse_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert parsed.documents == []
    assert "alias bomb" in parsed.diagnostics[0].message


def test_dates_and_times_stay_text_for_the_models() -> None:
    (doc,) = parse_yaml_text("d: 2026-02-30\nt: 09:00\nb: yes\n", "x.yaml").documents
    assert doc.data == {"d": "2026-02-30", "t": "09:00", "b": "yes"}


def test_block_scalar_positions() -> None:
    text = "spec:\n  sql: |\n    SELECT 1\n    FROM t\n"
    (doc,) = parse_yaml_text(text, "x.yaml").documents
    assert doc.locate_in_scalar(("spec", "sql"), 2, 6) == Span.point(4, 10)


def test_roundtrip_write_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("# top\na: 1  # why\nb: [1, 2]\n", encoding="utf-8")
    (doc,) = load_roundtrip(path)
    doc["c"] = 3
    write_atomic(path, dump_roundtrip([doc]))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# top\na: 1  # why\n")
    assert "c: 3" in text
    assert not list(tmp_path.glob("*.tmp"))
