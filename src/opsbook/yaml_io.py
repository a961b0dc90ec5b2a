"""The one module that reads and writes YAML.

Reading composes ruamel's node graph and converts it to plain Python values ourselves,
instead of letting a constructor build objects. That is what makes loading safe and
precise at once:

* only the core schema's tags are accepted, so `!!python/object` and custom tags are
  reported, never constructed;
* aliases are expanded against a budget, so a billion-laughs file is refused instead of
  eating the machine; recursive aliases are refused outright;
* every key and value keeps its line and column, so a pydantic error location or a lint
  finding can point at the exact place in the file;
* duplicate keys are all reported (ruamel would stop at the first).

Writing uses ruamel's round-trip mode, so comments and key order survive, and goes
through a temporary file and a rename so a crash never leaves half a file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from opsbook import diagnostic_codes as codes
from opsbook.diagnostic_codes import problem as _problem
from opsbook.diagnostics import Diagnostic, Span, format_key_path
from opsbook.files.atomic import write_atomic as write_atomic  # re-exported: older callers
from opsbook.yaml_events import (
    ALLOWED_TAGS,
    compose_all,
    load_plain,
    resolve_plain,
    scalar_value,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Workspace files are hand-written; anything bigger is a mistake or an attack."""

MAX_NODES = 100_000
"""Budget of values one file may reach through aliases (billion laughs). Values written
out in the text do not count: the file size limit bounds those."""

MAX_DEPTH = 100
"""Nesting a hand-written file never reaches; deeper input is refused where it starts."""

_CORE = "tag:yaml.org,2002:"
_MERGE_TAG = _CORE + "merge"

KeyPath = tuple[str | int, ...]

# C0 controls but tab and newline, DEL and C1: in a name they clear a screen or retitle
# a window when printed, in a calendar they break RFC 5545; no hand-written text needs
# them. A raw one in the text, or a backslash (a double-quoted "\e" or "\x1b" makes
# one), is what sends a file through the value walk below.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MAY_HOLD_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\\\\]")


class ScalarInfo(NamedTuple):
    """What a scalar looked like in the file, for positions inside block scalars.

    A named tuple, like `Span`: finding positions makes one per scalar of a document.
    """

    span: Span
    style: str | None


@dataclass
class _Positions:
    span: Span
    values: dict[KeyPath, Span] = field(default_factory=dict)
    keys: dict[KeyPath, Span] = field(default_factory=dict)
    scalars: dict[KeyPath, ScalarInfo] = field(default_factory=dict)


class YamlDocument:
    """One YAML document converted to plain values, with the position of every node.

    Positions are found when first asked for: most documents are read, validated and
    never reported on, and recording a position per key and value was most of the cost
    of reading a large workspace. A document read the fast way keeps its text and
    finds its positions by composing it again, the careful way, on first use.
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
        self._positions = None if text is not None else _Positions(span or Span())

    @property
    def lazy(self) -> bool:
        """Read the fast way: plain values, positions found on first use."""
        return self._text is not None

    def _located(self) -> _Positions:
        if self._positions is None:
            self._positions = _find_positions(self, self._text or "")
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


def read_yaml_file(path: Path, display: str | None = None) -> YamlFile:
    """Read and convert a YAML file; every problem becomes a diagnostic, nothing raises."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return YamlFile(
                shown,
                diagnostics=[
                    _problem(
                        shown,
                        Span.point(1, 1),
                        codes.UNREADABLE,
                        f"file is {size:,} bytes; expected at most {MAX_FILE_BYTES:,} "
                        "(workspace files are hand-written YAML)",
                    )
                ],
            )
        raw = path.read_bytes()
    except OSError as exc:
        return YamlFile(
            shown,
            diagnostics=[
                _problem(
                    shown,
                    Span.point(1, 1),
                    codes.UNREADABLE,
                    f"cannot read file: {exc.strerror or exc}",
                )
            ],
        )
    return parse_yaml_bytes(raw, shown)


def parse_yaml_bytes(raw: bytes, path: str) -> YamlFile:
    """Decode UTF-8 (reporting where it breaks), then parse."""
    if len(raw) > MAX_FILE_BYTES:
        return YamlFile(
            path,
            diagnostics=[
                _problem(
                    path,
                    Span.point(1, 1),
                    codes.UNREADABLE,
                    f"file is {len(raw):,} bytes; expected at most {MAX_FILE_BYTES:,}",
                )
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return YamlFile(
            path,
            diagnostics=[
                _problem(
                    path,
                    Span.point(line, col),
                    codes.UNREADABLE,
                    f"file is not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; "
                    "expected UTF-8 text",
                )
            ],
            text=raw.decode("utf-8", errors="replace"),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_yaml_text(text, path)


def parse_yaml_text(text: str, path: str, *, fast_path: bool = True) -> YamlFile:
    """Compose every document of `text` and convert it; collect all problems.

    Ordinary input is composed from libyaml's events (see `yaml_events`); anything
    else, or everything with `fast_path=False`, by ruamel.
    """
    result = YamlFile(path, text=text)
    lines = tuple(text.splitlines())
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in lines):
        result.diagnostics.append(
            _problem(
                path,
                Span.point(1, 1),
                codes.EMPTY_DOCUMENT,
                "file holds no YAML document; expected a mapping with apiVersion, kind, "
                "metadata and spec",
            )
        )
        return result
    plain = load_plain(text, MAX_DEPTH) if fast_path else None
    if plain is not None:
        for index, data in enumerate(plain):
            result.documents.append(YamlDocument(path, index, data, None, lines, text=text))
    else:
        fast = compose_all(text, MAX_DEPTH) if fast_path else None
        if fast is None:
            _compose_with_ruamel(text, result, lines)
        else:
            try:
                for node in fast:
                    _convert_into(result, node, lines)
            except RecursionError:
                result.diagnostics.append(_too_deep(path))
    if _MAY_HOLD_CONTROLS.search(text):
        result.diagnostics.extend(_control_characters(result))
    return result


def _control_characters(result: YamlFile) -> Iterator[Diagnostic]:
    """OB006 for every key or string value holding a control character."""
    from opsbook.terminal import excerpt

    for doc in result.documents:
        for path, value, is_key in _strings(doc.data, ()):
            found = _CONTROL_CHARS.search(value)
            if found is None:
                continue
            char = found.group()
            where = "key" if is_key else "string"
            yield _problem(
                result.path,
                doc.locate(path, key=is_key),
                codes.CONTROL_CHARACTER,
                "expected text without control characters (tab and newline are fine); "
                f"found {ord(char):#04x} at character {found.start() + 1} of the {where}: "
                f"{excerpt(value)}",
                format_key_path(path),
            )


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str, bool]]:
    """Every string of a converted value, with its key path; keys too (is_key)."""
    stack: list[tuple[Any, KeyPath]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item, False
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    yield (*where, key), key, True
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, i)) for i, child in enumerate(item))


def _find_positions(doc: YamlDocument, text: str) -> _Positions:
    """Where every key and value of a fast-read document is.

    One walk over libyaml's events, up to the end of the document, records them: the
    values are known already, and a document read the fast way has nothing the walk
    needs nodes for (no anchors, aliases, merge keys or duplicate keys). Composing and
    converting the text again, the careful way, gives the same positions; it is the
    fallback where the walk does not apply (no final newline, no libyaml).
    """
    found = _positions_from_events(text, doc.index)
    if found is not None:
        return found
    again = YamlFile(doc.path, text=text)
    lines = doc.source_lines or tuple(text.splitlines())
    nodes = compose_all(text, MAX_DEPTH)
    if nodes is None:  # no final newline (libyaml's marks differ there), or no libyaml
        _compose_with_ruamel(text, again, lines)
    else:
        for node in nodes:
            _convert_into(again, node, lines)
    if doc.index < len(again.documents):
        return again.documents[doc.index]._located()
    return _Positions(Span())  # pragma: no cover - the same text gives the same documents


def _positions_from_events(text: str, index: int) -> _Positions | None:
    """The positions of document `index` of a text `load_plain` read, or None.

    Records what `_Converter` records for the same document, in the same order: every
    value's span by key path, every key's span, every scalar's span and style, and at
    `(*path, "<key>")` the first key of each mapping.
    """
    if not text.endswith("\n"):
        return None  # libyaml ends the last collections a line lower (see compose_all)
    try:
        from yaml import events
        from yaml._yaml import CParser
    except ImportError:
        return None
    scalar_event, mapping_start = events.ScalarEvent, events.MappingStartEvent
    starts = (events.SequenceStartEvent, mapping_start)
    ends = (events.SequenceEndEvent, events.MappingEndEvent)
    document_end, stream_end = events.DocumentEndEvent, events.StreamEndEvent
    found = _Positions(Span())
    values, keys, scalars = found.values, found.keys, found.scalars
    # One frame per open collection: [its path, its start mark, whether its span is its
    # own (the converter keeps the first span at a path), whether it is a mapping, the
    # index of its next item or the key waiting for its value (None: expecting a key)].
    stack: list[list[Any]] = []
    seen = 0
    parser = CParser(text)
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is scalar_event:
                if seen != index:
                    continue
                s, e = event.start_mark, event.end_mark
                span = Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)
                info = ScalarInfo(span, event.style or None)
                if not stack:
                    found.span = span
                    values.setdefault((), span)
                    scalars.setdefault((), info)
                    continue
                frame = stack[-1]
                if frame[3] and frame[4] is None:  # a key: its name, and the first one's place
                    key = scalar_value(_tag_of(event), event.value)
                    frame[4] = name = key if isinstance(key, str) else str(key)
                    keys.setdefault((*frame[0], name), span)
                    first = (*frame[0], "<key>")
                    values.setdefault(first, span)
                    scalars.setdefault(first, info)
                    continue
                path = _next_path(frame)
                values.setdefault(path, span)
                scalars.setdefault(path, info)
            elif kind in starts:
                if seen != index:
                    continue
                path = _next_path(stack[-1]) if stack else ()
                # Claim the path now, so the dicts keep the converter's order.
                owned = path not in values
                values.setdefault(path, found.span)
                is_map = kind is mapping_start
                stack.append([path, event.start_mark, owned, is_map, None if is_map else 0])
            elif kind in ends:
                if seen != index:
                    continue
                path, s, owned, _, _ = stack.pop()
                e = event.end_mark
                span = Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)
                if owned:
                    values[path] = span
                if not stack:
                    found.span = span
            elif kind is document_end:
                if seen == index:
                    return found
                seen += 1
            elif kind is stream_end:
                return None  # pragma: no cover - the document was read from this text
    except Exception:  # pragma: no cover - load_plain read this text without a problem
        return None
    finally:
        parser.dispose()


def _next_path(frame: list[Any]) -> KeyPath:
    """The path of the value that comes next in an open collection, and step past it."""
    item = frame[4]
    if frame[3]:
        frame[4] = None
    else:
        frame[4] = item + 1
    path: KeyPath = (*frame[0], item)
    return path


def _tag_of(event: Any) -> str:
    """A scalar's tag as `load_plain` resolved it."""
    tag = event.tag
    if tag is None or tag == "!":
        return resolve_plain(event.value) if event.implicit[0] else _CORE + "str"
    return str(tag)


def _convert_into(result: YamlFile, node: Any, lines: tuple[str, ...]) -> None:
    """Convert one document's root node and add it, and its problems, to `result`."""
    if node is None:
        return
    converter = _Converter(result.path, len(result.documents), lines)
    doc = converter.document(node)
    result.diagnostics.extend(converter.diagnostics)
    if doc is not None:
        result.documents.append(doc)


def _too_deep(path: str) -> Diagnostic:
    return _problem(
        path,
        Span.point(1, 1),
        codes.UNSAFE_YAML,
        "YAML nesting is too deep; expected a hand-written document",
    )


def _compose_with_ruamel(text: str, result: YamlFile, lines: tuple[str, ...]) -> None:
    """The careful way in: ruamel's composer, whose errors we word for authors."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    path = result.path
    yaml = YAML(typ="rt", pure=True)
    yaml.max_depth = MAX_DEPTH
    # Redefining an anchor is valid YAML (aliases take the latest); ruamel would only
    # print a warning about it, outside of any diagnostic.
    yaml.composer.warn_double_anchors = False
    try:
        for node in yaml.compose_all(io.StringIO(text)):
            _convert_into(result, node, lines)
    except MaxDepthExceededError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        result.diagnostics.append(
            _problem(
                path,
                Span.point(line, col),
                codes.UNSAFE_YAML,
                f"YAML nesting is deeper than {MAX_DEPTH} levels here; expected a "
                "hand-written document",
            )
        )
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        result.diagnostics.append(
            _problem(
                path, Span.point(line, col), codes.YAML_SYNTAX, _syntax_message(exc, lines, line)
            )
        )
    except YAMLError as exc:
        result.diagnostics.append(
            _problem(path, Span.point(1, 1), codes.YAML_SYNTAX, f"invalid YAML: {exc}")
        )
    except RecursionError:
        result.diagnostics.append(_too_deep(path))


def _syntax_message(exc: Any, lines: tuple[str, ...], line: int) -> str:
    """ruamel's problem in words a YAML author acts on: what was expected, what was found."""
    problem = str(getattr(exc, "problem", "") or "").strip()
    context = str(getattr(exc, "context", "") or "").strip()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\\t" in problem:  # ruamel shows the tab escaped: found character '\t'
        indentation = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indentation:
            return (
                "a tab character is used for indentation; expected spaces "
                "(YAML indents with spaces only)"
            )
        return "a tab character separates values here; expected spaces (found a tab)"
    hint = _SYNTAX_HINTS.get(_problem_kind(problem), "")
    message = f"invalid YAML: {problem}" if problem else "invalid YAML"
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        message += f" ({context} started at line {context_mark.line + 1})"
    elif context:
        message += f" ({context})"
    return f"{message}; {hint}" if hint else message


def _problem_kind(problem: str) -> str:
    for kind in _SYNTAX_HINTS:
        if kind in problem:
            return kind
    return ""


_SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "expected one `key: value` per line; quote a value that contains ': '"
    ),
    "could not find expected ':'": "expected `key: value`; found a line without ':'",
    "cannot start any token": "expected a quoted string for a value starting with this character",
    "expected <block end>": "expected this line indented like the keys or items around it",
    "found unexpected end of stream": "expected the closing quote or bracket before the end",
    "undefined alias": "expected an anchor (&name) defined earlier in the same document",
    "found duplicate anchor": "expected each anchor (&name) once",
    "incompatible YAML document": "expected YAML 1.1 or 1.2 (or no %YAML directive)",
}
"""Common ruamel problems, and what the author should write instead."""


class _BudgetExceeded(Exception):
    def __init__(self, path: KeyPath) -> None:
        super().__init__(path)
        self.path = path


class _Converter:
    """Turns one composed node graph into plain values, recording positions."""

    def __init__(self, path: str, index: int, lines: tuple[str, ...]) -> None:
        self.path = path
        self.index = index
        self.lines = lines
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0
        """Values reached through an alias (a node converted again)."""
        self._converted: set[int] = set()
        self.doc = YamlDocument(path, index, None, Span(), lines)
        self._stack: set[int] = set()

    def document(self, node: Any) -> YamlDocument | None:
        self.doc.span = _span(node)
        try:
            self.doc.data = self.convert(node, ())
        except _BudgetExceeded as exc:
            # Blame the key whose value blew the budget, not the list items inside it.
            cut = 0
            while cut < len(exc.path) and isinstance(exc.path[cut], str):
                cut += 1
            where = exc.path[:cut]
            self.diagnostics.append(
                _problem(
                    self.path,
                    self.doc.locate(where, key=True) if where else _span(node),
                    codes.UNSAFE_YAML,
                    f"document expands to more than {MAX_NODES:,} values through aliases; "
                    "expected a hand-written document (refused as a possible alias bomb)",
                    format_key_path(where),
                )
            )
            return None
        return self.doc

    def convert(self, node: Any, path: KeyPath) -> Any:
        # A node met a second time is reached through an alias (and so is everything
        # under it): only those expansions count against the budget.
        if id(node) in self._converted:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _BudgetExceeded(path)
        else:
            self._converted.add(id(node))
        self.doc.values.setdefault(path, _span(node))
        tag = str(node.tag)
        if tag not in ALLOWED_TAGS:
            self.doc.refused.add(path)
            self.diagnostics.append(
                _problem(
                    self.path,
                    _span(node),
                    codes.UNSAFE_YAML,
                    f"tag {_short_tag(tag)!r} is not allowed; expected plain YAML values "
                    "(strings, numbers, booleans, dates, lists, mappings)",
                    format_key_path(path),
                )
            )
            return None
        if id(node) in self._stack:
            self.doc.refused.add(path)
            self.diagnostics.append(
                _problem(
                    self.path,
                    _span(node),
                    codes.UNSAFE_YAML,
                    "recursive alias refused; expected a finite document",
                    format_key_path(path),
                )
            )
            return None
        if node.id == "scalar":
            self.doc.scalars.setdefault(path, ScalarInfo(_span(node), node.style))
            value = node.value
            if node.style == ">":
                # ruamel's round-trip scanner marks each fold of a folded scalar with a
                # BEL character so it can re-emit the folds; they are not part of the text.
                value = value.replace("\a", "")
            return scalar_value(tag, value)
        self._stack.add(id(node))
        try:
            if node.id == "sequence":
                return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
            if node.id == "mapping":
                return self.mapping(node, path)
        finally:
            self._stack.discard(id(node))
        return None  # pragma: no cover - ruamel only composes the three node kinds

    def mapping(self, node: Any, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, Span] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if str(key_node.tag) == _MERGE_TAG:
                merges.append(value_node)
                continue
            key = self.convert(key_node, (*path, "<key>"))
            if isinstance(key, (dict, list)) or key is None:
                if str(key_node.tag) in ALLOWED_TAGS:  # a refused tag is reported already
                    found = {type(None): "null", list: "a list"}.get(type(key), "a mapping")
                    self.diagnostics.append(
                        _problem(
                            self.path,
                            _span(key_node),
                            codes.YAML_SYNTAX,
                            f"expected a plain scalar as mapping key; found {found}",
                            format_key_path(path),
                        )
                    )
                continue
            key_text = key if isinstance(key, str) else str(key)
            key_span = _span(key_node)
            if key_text in seen:
                first = seen[key_text]
                self.diagnostics.append(
                    _problem(
                        self.path,
                        key_span,
                        codes.DUPLICATE_KEY,
                        f"duplicate key {key_text!r}; first defined at line {first.line}, "
                        "expected each key once",
                        format_key_path((*path, key_text)),
                    )
                )
                continue
            seen[key_text] = key_span
            child = (*path, key_text)
            self.doc.keys.setdefault(child, key_span)
            out[key_text] = self.convert(value_node, child)
        # Merge keys (`<<: *base`) come after the explicit keys so that explicit keys win,
        # in the data and in the positions: an error in an overridden value points at the
        # override, an error in an inherited one at the anchor it comes from.
        for value_node in merges:
            for k, v in self.merged(value_node, path).items():
                out.setdefault(k, v)
        return out

    def merged(self, value_node: Any, path: KeyPath) -> dict[str, Any]:
        """The keys a `<<` merge brings in; earlier sources win, as YAML specifies."""
        sources = value_node.value if value_node.id == "sequence" else [value_node]
        out: dict[str, Any] = {}
        for source in sources:
            if source.id != "mapping":
                self.diagnostics.append(
                    _problem(
                        self.path,
                        _span(source),
                        codes.YAML_SYNTAX,
                        "expected a mapping or a list of mappings after the merge key '<<'; found "
                        + ("a list" if source.id == "sequence" else "a plain value"),
                        format_key_path(path),
                    )
                )
                continue
            if id(source) in self._stack:
                self.diagnostics.append(
                    _problem(
                        self.path,
                        _span(source),
                        codes.UNSAFE_YAML,
                        "recursive merge refused; expected a finite document",
                        format_key_path(path),
                    )
                )
                continue
            # A merge source is an alias (or an anchor's first use): the keys it brings
            # in are converted through `mapping`, which counts the revisits.
            self._stack.add(id(source))
            try:
                for k, v in self.mapping(source, path).items():
                    out.setdefault(k, v)
            finally:
                self._stack.discard(id(source))
        return out


def _span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


# --- round-trip editing -----------------------------------------------------------------


def roundtrip_yaml(indents: tuple[int, int, int] = (2, 4, 2), width: int = 100) -> Any:
    """The one ruamel round-trip setup every edit uses: quotes kept, (mapping, sequence,
    dash offset) indentation, lines wrapped at `width`."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    mapping, sequence, offset = indents
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = width
    return yaml


def load_roundtrip(path: Path) -> list[Any]:
    """Load every document of `path` for editing, keeping comments and key order."""
    with path.open(encoding="utf-8") as handle:
        return list(roundtrip_yaml().load_all(handle))


def dump_roundtrip(documents: list[Any], yaml: Any = None) -> str:
    """Documents loaded for editing, written back (with `yaml`'s setup when given)."""
    yaml = roundtrip_yaml() if yaml is None else yaml
    buffer = io.StringIO()
    if len(documents) == 1:
        yaml.dump(documents[0], buffer)
    else:
        yaml.dump_all(documents, buffer)
    return buffer.getvalue()


def iter_yaml_paths(paths: Mapping[str, Path] | list[Path]) -> Iterator[Path]:
    """Every `*.yaml`/`*.yml` under the given files or folders, sorted for determinism."""
    items = list(paths.values()) if isinstance(paths, Mapping) else list(paths)
    seen: set[Path] = set()
    for item in items:
        if item.is_dir():
            # Hidden folders (.git, .venv) and editor temp files are never workspace files.
            found = sorted(
                p
                for p in item.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )
        else:
            found = [item]
        for p in found:
            resolved = p.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield p
