from __future__ import annotations

from pathlib import Path

from opsbook import diagnostic_codes as codes
from opsbook.diagnostics import Span
from opsbook.files.atomic import write_atomic
from opsbook.yamlio.read import parse_yaml_text
from opsbook.yamlio.roundtrip import dump_roundtrip, roundtrip_yaml


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
    dupes = [d for d in parsed.diagnostics if d.code == codes.DUPLICATE_KEY]
    assert [(d.span.line, d.key_path) for d in dupes] == [(3, "a"), (4, "b")]


def test_object_tags_are_refused_not_constructed() -> None:
    parsed = parse_yaml_text("a: !!python/object:os.system {}\n", "x.yaml")
    assert [d.code for d in parsed.diagnostics] == [codes.UNSAFE_YAML]
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
    (doc,) = roundtrip_yaml().load_all(path.read_text(encoding="utf-8"))
    doc["c"] = 3
    write_atomic(path, dump_roundtrip([doc]))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# top\na: 1  # why\n")
    assert "c: 3" in text
    assert not list(tmp_path.glob("*.tmp"))


def test_folded_scalars_have_no_fold_markers() -> None:
    # ruamel's round-trip scanner marks folds with BEL; the text must not keep them.
    (doc,) = parse_yaml_text("a: >-\n  one,\n  two\nb: >\n  x\n  y\n", "x.yaml").documents
    assert doc.data == {"a": "one, two", "b": "x y\n"}
    (crlf,) = parse_yaml_text("a: >-\r\n  one,\r\n  two\r\n", "x.yaml").documents
    assert crlf.data == {"a": "one, two"}


def test_merge_keys_explicit_keys_win_in_data_and_positions() -> None:
    text = "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n"
    (doc,) = parse_yaml_text(text, "x.yaml").documents
    assert doc.data["item"] == {"x": 1, "y": 3}
    # The override is located where it is written; the inherited key at the anchor.
    assert doc.locate(("item", "y")).line == 4
    assert doc.locate(("item", "x")).line == 1


def test_merge_of_a_plain_value_and_recursive_merge_are_reported() -> None:
    parsed = parse_yaml_text("a: &a\n  x: 1\n  <<: *a\nb: {<<: 5}\n", "x.yaml")
    messages = [d.message for d in parsed.diagnostics]
    assert any("recursive merge" in m for m in messages)
    assert any("after the merge key '<<'; found a plain value" in m for m in messages)


def test_tabs_are_named_whether_indentation_or_separation() -> None:
    (indent,) = parse_yaml_text("a:\n\tb: 1\n", "x.yaml").diagnostics
    assert indent.span == Span.point(2, 1)
    assert "tab character is used for indentation" in indent.message
    (separator,) = parse_yaml_text("a:\tb\n", "x.yaml").diagnostics
    assert "tab character separates values" in separator.message


def test_syntax_errors_say_what_was_expected() -> None:
    (colon,) = parse_yaml_text("purpose: Growth: daily\n", "x.yaml").diagnostics
    assert colon.code == codes.YAML_SYNTAX
    assert "quote a value that contains ': '" in colon.message
    (quote,) = parse_yaml_text('a: "open\nb: 1\n', "x.yaml").diagnostics
    assert "started at line 1" in quote.message
    assert "expected the closing quote" in quote.message


def test_alias_bomb_is_blamed_on_the_key_that_expands() -> None:
    lines = ["ok: 1", 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    (problem,) = parse_yaml_text("\n".join(lines) + "\n", "bomb.yaml").diagnostics
    assert problem.code == codes.UNSAFE_YAML
    # a4 is the first to expand past the budget: 10**5 strings plus the lists holding them.
    assert problem.key_path == "a4"
    assert problem.span == Span(6, 1, 6, 3)


def test_refused_tags_are_recorded_for_the_loader() -> None:
    (doc,) = parse_yaml_text("a: !Ref x\nb: [1, !!binary aGk=]\n", "x.yaml").documents
    assert doc.refused == {("a",), ("b", 1)}


def test_a_control_character_outside_any_value_is_placed_where_it_is() -> None:
    # In a comment, no value holds it: YAML's reader refuses the file, and its place
    # was reported as 1:1 with ruamel's own wording.
    result = parse_yaml_text("kind: Team\n# hi \x1b[2J there\nb: 1\n", "a.yaml")
    assert [(d.code, d.span.line, d.span.col) for d in result.diagnostics] == [
        (codes.CONTROL_CHARACTER, 2, 6)
    ]
    assert "found 0x1b" in result.diagnostics[0].message
