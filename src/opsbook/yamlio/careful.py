"""The careful way in, for everything unusual: ruamel composes the node graph and we
convert it to plain values ourselves, instead of letting a constructor build objects.

That is what makes loading safe and precise at once:

* only the core schema's tags are accepted, so `!!python/object` and custom tags are
  reported, never constructed;
* aliases are expanded against a budget, so a billion-laughs file is refused instead of
  eating the machine; recursive aliases are refused outright;
* every key and value keeps its line and column, so a pydantic error location or a lint
  finding can point at the exact place in the file;
* duplicate keys are all reported (ruamel would stop at the first);
* syntax errors are worded for authors: what was expected, what was found.

ruamel's pure-Python scanner is slow (about 0.2 s for a 20 kB file), so ordinary files
go the fast way (`read.load_plain`); this reads what that one declines.
"""

from __future__ import annotations

import io
from typing import Any

from opsbook import diagnostic_codes as codes
from opsbook.diagnostic_codes import problem as _problem
from opsbook.diagnostics import Diagnostic, Span, format_key_path
from opsbook.yamlio.document import (
    MAX_DEPTH,
    MAX_NODES,
    KeyPath,
    ScalarInfo,
    YamlDocument,
    YamlFile,
    mark_span,
)
from opsbook.yamlio.scalars import ALLOWED_TAGS, CORE, MERGE, scalar_value


def read_carefully(text: str, result: YamlFile, lines: tuple[str, ...]) -> None:
    """Compose every document of `text` with ruamel and add it, converted, and every
    problem met, to `result`."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

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
    except ReaderError as exc:
        # A character YAML does not allow anywhere, a comment included: its place is
        # only given as an offset into the text.
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        result.diagnostics.append(
            _problem(
                path,
                Span.point(line, col),
                codes.CONTROL_CHARACTER,
                "expected text without control characters (tab and newline are fine); "
                f"found {code:#04x}",
            )
        )
    except YAMLError as exc:
        result.diagnostics.append(
            _problem(path, Span.point(1, 1), codes.YAML_SYNTAX, f"invalid YAML: {exc}")
        )
    except RecursionError:
        result.diagnostics.append(
            _problem(
                path,
                Span.point(1, 1),
                codes.UNSAFE_YAML,
                "YAML nesting is too deep; expected a hand-written document",
            )
        )


def _convert_into(result: YamlFile, node: Any, lines: tuple[str, ...]) -> None:
    """Convert one document's root node and add it, and its problems, to `result`."""
    if node is None:
        return
    converter = _Converter(result.path, len(result.documents), lines)
    doc = converter.document(node)
    result.diagnostics.extend(converter.diagnostics)
    if doc is not None:
        result.documents.append(doc)


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

    def report(self, span: Span, code: str, message: str, path: KeyPath) -> None:
        self.diagnostics.append(_problem(self.path, span, code, message, format_key_path(path)))

    def refuse(self, node: Any, path: KeyPath, message: str) -> None:
        """Report `node` as unsafe; null stands in its place."""
        self.doc.refused.add(path)
        self.report(_span(node), codes.UNSAFE_YAML, message, path)

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
            self.report(
                self.doc.locate(where, key=True) if where else _span(node),
                codes.UNSAFE_YAML,
                f"document expands to more than {MAX_NODES:,} values through aliases; "
                "expected a hand-written document (refused as a possible alias bomb)",
                where,
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
            return self.refuse(
                node,
                path,
                f"tag {_short_tag(tag)!r} is not allowed; expected plain YAML values "
                "(strings, numbers, booleans, dates, lists, mappings)",
            )
        if id(node) in self._stack:
            return self.refuse(node, path, "recursive alias refused; expected a finite document")
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
            if str(key_node.tag) == MERGE:
                merges.append(value_node)
                continue
            key = self.convert(key_node, (*path, "<key>"))
            if isinstance(key, (dict, list)) or key is None:
                if str(key_node.tag) in ALLOWED_TAGS:  # a refused tag is reported already
                    found = {type(None): "null", list: "a list"}.get(type(key), "a mapping")
                    self.report(
                        _span(key_node),
                        codes.YAML_SYNTAX,
                        f"expected a plain scalar as mapping key; found {found}",
                        path,
                    )
                continue
            key_text = key if isinstance(key, str) else str(key)
            key_span = _span(key_node)
            if key_text in seen:
                first = seen[key_text]
                self.report(
                    key_span,
                    codes.DUPLICATE_KEY,
                    f"duplicate key {key_text!r}; first defined at line {first.line}, "
                    "expected each key once",
                    (*path, key_text),
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
                self.report(
                    _span(source),
                    codes.YAML_SYNTAX,
                    "expected a mapping or a list of mappings after the merge key '<<'; found "
                    + ("a list" if source.id == "sequence" else "a plain value"),
                    path,
                )
                continue
            if id(source) in self._stack:
                self.report(
                    _span(source),
                    codes.UNSAFE_YAML,
                    "recursive merge refused; expected a finite document",
                    path,
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
    return mark_span(node.start_mark, node.end_mark)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag
