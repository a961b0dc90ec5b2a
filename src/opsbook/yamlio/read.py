"""Reading workspace YAML: the one read path for ordinary files.

Ordinary files (no anchors, aliases, merge keys, non-core tags, duplicate or
non-scalar keys, syntax errors or directives) are read straight from libyaml's event
stream into plain values, with no node graph and no positions: ruamel's pure-Python
scanner needs about 0.2 s for one 20 kB lock file, libyaml's C parser a few
milliseconds. Positions are found later, only for a document something is reported
about (`positions`). Everything unusual is read by ruamel (`careful`), whose checks
and messages are the ones tuned for authors; `tests/yamlio/test_both_ways.py` checks that
both ways agree on every fixture and on generated documents.

Every problem becomes a diagnostic; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from opsbook import diagnostic_codes as codes
from opsbook.diagnostic_codes import problem as _problem
from opsbook.diagnostics import Diagnostic, Span, format_key_path
from opsbook.yamlio.careful import read_carefully
from opsbook.yamlio.document import MAX_DEPTH, MAX_FILE_BYTES, KeyPath, YamlDocument, YamlFile
from opsbook.yamlio.scalars import ALLOWED_TAGS, MERGE, event_tag, scalar_value

# C0 controls but tab and newline, DEL and C1: in a name they clear a screen or retitle
# a window when printed, in a calendar they break RFC 5545; no hand-written text needs
# them. A raw one in the text, or a backslash (a double-quoted "\e" or "\x1b" makes
# one), is what sends a file through the value walk below.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MAY_HOLD_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\\\\]")


def read_yaml_file(path: Path, display: str | None = None) -> YamlFile:
    """Read and convert a YAML file; every problem becomes a diagnostic, nothing raises."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unreadable(
                shown,
                f"file is {size:,} bytes; expected at most {MAX_FILE_BYTES:,} "
                "(workspace files are hand-written YAML)",
            )
        raw = path.read_bytes()
    except OSError as exc:
        return _unreadable(shown, f"cannot read file: {exc.strerror or exc}")
    return parse_yaml_bytes(raw, shown)


def parse_yaml_bytes(raw: bytes, path: str) -> YamlFile:
    """Decode UTF-8 (reporting where it breaks), then parse."""
    if len(raw) > MAX_FILE_BYTES:
        return _unreadable(path, f"file is {len(raw):,} bytes; expected at most {MAX_FILE_BYTES:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return _unreadable(
            path,
            f"file is not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; "
            "expected UTF-8 text",
            Span.point(line, col),
            raw.decode("utf-8", errors="replace"),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_yaml_text(text, path)


def _unreadable(path: str, message: str, span: Span | None = None, text: str = "") -> YamlFile:
    """A file that could not be read as text: no document, one OB problem."""
    where = span or Span.point(1, 1)
    return YamlFile(path, diagnostics=[_problem(path, where, codes.UNREADABLE, message)], text=text)


def parse_yaml_text(text: str, path: str, *, fast_path: bool = True) -> YamlFile:
    """Convert every document of `text` to plain values; collect all problems.

    Ordinary input is read from libyaml's events (`load_plain`); anything else, or
    everything with `fast_path=False`, by ruamel (`careful`).
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
    if plain is None:
        read_carefully(text, result, lines)
    else:
        for index, data in enumerate(plain):
            result.documents.append(YamlDocument(path, index, data, None, lines, text=text))
    if _MAY_HOLD_CONTROLS.search(text):
        result.diagnostics.extend(_control_characters(result))
    return result


def _control_characters(result: YamlFile) -> Iterator[Diagnostic]:
    """OB006 for every key or string value holding a control character."""
    from opsbook.terminal import excerpt

    for doc in result.documents:
        for path, value, is_key in _strings(doc.data, ()):
            found = control_character(value)
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


def control_character(value: str) -> re.Match[str] | None:
    """The first character of `value` the reader refuses (OB006), or None: what a
    writer checks before it puts text into a workspace file."""
    return _CONTROL_CHARS.search(value)


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


class _Bail(Exception):
    """The text needs the careful way: something only the node converter handles."""


def load_plain(text: str, max_depth: int) -> list[Any] | None:
    """Every document of `text` as plain values, straight from libyaml's events.

    The common case (no anchors, aliases, merge keys or non-core tags, no duplicate
    or non-scalar keys) needs no node graph and no positions up front; positions are
    found later, only for a document something is reported about. Returns None for
    anything else, and the caller reads the text the careful way instead.

    No alias means no expansion: every value is written out in the text, so the file
    size limit bounds them and no value budget applies (a big hand-written runbook with
    tens of thousands of plain entries is fine).
    """
    # A %YAML directive would change how scalars resolve; ruamel refuses tabs in places
    # libyaml allows, and its verdict stands.
    if "\t" in text or text.startswith("%") or "\n%" in text:
        return None
    try:
        from yaml import YAMLError, events
        from yaml._yaml import CParser
    except ImportError:  # PyYAML without libyaml: the careful way alone is correct, only slower
        return None
    scalar_event = events.ScalarEvent
    sequence_start, mapping_start = events.SequenceStartEvent, events.MappingStartEvent
    sequence_end, mapping_end = events.SequenceEndEvent, events.MappingEndEvent
    document_end, stream_end = events.DocumentEndEvent, events.StreamEndEvent
    passive = (events.StreamStartEvent, events.DocumentStartEvent)
    allowed, merge_tag = ALLOWED_TAGS, MERGE
    none = object()  # "no key yet" in an open mapping

    parser = CParser(text)
    docs: list[Any] = []
    root: Any = None
    # Open collections, and per open mapping the key waiting for its value.
    stack: list[Any] = []
    keys: list[Any] = []
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None:
                    raise _Bail
                tag = event_tag(event)
                if tag not in allowed:
                    raise _Bail  # merge keys, !!value, custom tags: reported there
                value: Any = scalar_value(tag, event.value)
            elif kind is mapping_start or kind is sequence_start:
                tag = event.tag
                if event.anchor is not None or (tag not in (None, "!") and tag not in allowed):
                    raise _Bail
                value = {} if kind is mapping_start else []
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
                keys.pop()
                continue
            elif kind is document_end:
                docs.append(root)
                root = None
                continue
            elif kind is stream_end:
                return docs
            elif kind in passive:
                continue
            else:  # an alias
                raise _Bail
            if not stack:
                root = value
            else:
                parent = stack[-1]
                if type(parent) is list:
                    parent.append(value)
                elif keys[-1] is none:
                    if value is None or type(value) in (dict, list) or tag == merge_tag:
                        raise _Bail
                    key = value if type(value) is str else str(value)
                    if key in parent:
                        raise _Bail  # every duplicate is reported, with positions
                    keys[-1] = key
                else:
                    parent[keys[-1]] = value
                    keys[-1] = none
            if kind is mapping_start or kind is sequence_start:
                stack.append(value)
                keys.append(none)
                if len(stack) >= max_depth - 1:
                    raise _Bail
    except (_Bail, YAMLError):
        return None
    finally:
        parser.dispose()


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
