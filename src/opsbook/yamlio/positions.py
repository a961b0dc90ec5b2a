"""Where every key and value of a fast-read document is, found on first use.

A document read the fast way (`read.load_plain`) has its values but no positions: most
documents are never reported on. When one is, one walk over libyaml's events, up to
the end of that document, records the position of every key and value, exactly what
the careful way (`careful`) records while it reads. `tests/yamlio/test_positions.py`
checks that on every YAML file in the repository.
"""

from __future__ import annotations

from typing import Any

from opsbook.diagnostics import Span
from opsbook.yamlio.document import (
    KeyPath,
    Positions,
    ScalarInfo,
    YamlDocument,
    YamlFile,
    mark_span,
)
from opsbook.yamlio.scalars import event_tag, scalar_value


def find_positions(doc: YamlDocument, text: str) -> Positions:
    """Where every key and value of the fast-read document `doc` of `text` is.

    The events walk does not apply where libyaml's marks differ from ruamel's (no final
    newline) or without libyaml: there the text is read again the careful way.
    """
    found = _positions_from_events(text, doc.index)
    if found is not None:
        return found
    from opsbook.yamlio.careful import read_carefully

    again = YamlFile(doc.path, text=text)
    read_carefully(text, again, doc.source_lines or tuple(text.splitlines()))
    if doc.index < len(again.documents):
        return again.documents[doc.index]._located()
    return Positions(Span())  # pragma: no cover - the same text gives the same documents


def _positions_from_events(text: str, index: int) -> Positions | None:
    """The positions of document `index` of a text `load_plain` read, or None.

    Records what `_Converter` records for the same document, in the same order: every
    value's span by key path, every key's span, every scalar's span and style, and at
    `(*path, "<key>")` the first key of each mapping.
    """
    if not text.endswith("\n"):
        return None  # libyaml ends the last collections a line lower than ruamel
    try:
        from yaml import events
        from yaml._yaml import CParser
    except ImportError:
        return None
    scalar_event, mapping_start = events.ScalarEvent, events.MappingStartEvent
    starts = (events.SequenceStartEvent, mapping_start)
    ends = (events.SequenceEndEvent, events.MappingEndEvent)
    document_end, stream_end = events.DocumentEndEvent, events.StreamEndEvent
    found = Positions(Span())
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
                span = mark_span(event.start_mark, event.end_mark)
                info = ScalarInfo(span, event.style or None)
                if not stack:
                    found.span = span
                    values.setdefault((), span)
                    scalars.setdefault((), info)
                    continue
                frame = stack[-1]
                if frame[3] and frame[4] is None:  # a key: its name, and the first one's place
                    key = scalar_value(event_tag(event), event.value)
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
                span = mark_span(s, event.end_mark)
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
