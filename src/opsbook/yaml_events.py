"""Compose YAML nodes from libyaml's event stream: the fast way in, when it is safe.

ruamel's pure-Python scanner needs about 0.2 s for one 20 kB lock file; a workspace of
twenty rotations and a thousand runbooks spent most of every command there. libyaml's C
parser reads the same file in a few milliseconds. We still compose the nodes ourselves,
from its events, for two reasons:

* PyYAML's C composer recurses in C and crashes the interpreter on deep input (a
  segfault at 100,000 nested brackets); composing here is a loop, and it stops at the
  nesting limit;
* plain scalars are resolved with the YAML 1.2 core rules, the table ruamel uses, so
  `no` stays a string (Norway) and both ways in give the same values and positions.

Whenever the input is anything but ordinary (a syntax error, a %YAML directive, an
undefined alias, nesting near the limit, or no libyaml) this returns None and the
caller reads the text with ruamel, whose messages are the ones we tuned for authors.
`tests/test_yaml_events.py` checks that both ways agree on every fixture and on
generated documents.
"""

from __future__ import annotations

import re
from typing import Any

_CORE = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _CORE + "str", _CORE + "seq", _CORE + "map"

# YAML 1.2 implicit resolution, as ruamel's VersionedResolver does it for version 1.2:
# by first character, first match wins.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_FLOAT = re.compile(
    r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_MERGE = re.compile(r"^(?:<<)$")
_NULL = re.compile(r"^(?: ~ |null|Null|NULL | )$", re.X)
_VALUE = re.compile(r"^(?:=)$")
_YAML = re.compile(r"^(?:!|&|\*)$")

_Resolvers = tuple[tuple[str, re.Pattern[str]], ...]
_NUMBER: _Resolvers = (("float", _FLOAT), ("int", _INT))
_BY_FIRST: dict[str, _Resolvers] = {
    **dict.fromkeys("tTfF", (("bool", _BOOL),)),
    **dict.fromkeys("+-", _NUMBER),
    **dict.fromkeys("0123456789", (*_NUMBER, ("timestamp", _TIMESTAMP))),
    ".": (("float", _FLOAT),),
    "<": (("merge", _MERGE),),
    **dict.fromkeys("nN~", (("null", _NULL),)),
    "=": (("value", _VALUE),),
    **dict.fromkeys("!&*", (("yaml", _YAML),)),
}


def resolve_plain(value: str) -> str:
    """The tag of an untagged plain scalar under the YAML 1.2 core schema."""
    if value == "":
        return _CORE + "null"
    for kind, pattern in _BY_FIRST.get(value[0], ()):
        if pattern.match(value):
            return _CORE + kind
    return _STR


def compose_all(text: str, max_depth: int) -> list[Any] | None:
    """The root node of every document in `text`, or None to read it the careful way."""
    if text.startswith("%") or "\n%" in text:
        return None  # a %YAML directive would change how scalars resolve
    if "\t" in text:
        return None  # ruamel refuses tabs in places libyaml allows; its verdict stands
    if not text.endswith("\n"):
        return None  # libyaml ends the last collections a line further down than ruamel
    try:
        from yaml import YAMLError, events, nodes
        from yaml._yaml import CParser
    except ImportError:  # PyYAML without libyaml: ruamel alone is correct, only slower
        return None
    scalar_node, sequence_node, mapping_node = (
        nodes.ScalarNode,
        nodes.SequenceNode,
        nodes.MappingNode,
    )
    scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
    sequence_start, mapping_start = events.SequenceStartEvent, events.MappingStartEvent
    collection_end = (events.SequenceEndEvent, events.MappingEndEvent)
    document_start, document_end = events.DocumentStartEvent, events.DocumentEndEvent
    stream_end = events.StreamEndEvent

    parser = CParser(text)
    roots: list[Any] = []
    root: Any = None
    anchors: dict[str, Any] = {}
    stack: list[Any] = []
    # The key node waiting for its value, per open mapping (None for sequences and
    # for mappings expecting a key).
    pending: list[Any] = []
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is scalar_event:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve_plain(event.value) if event.implicit[0] else _STR
                node: Any = scalar_node(
                    tag, event.value, event.start_mark, event.end_mark, style=event.style or None
                )
            elif kind is alias_event:
                node = anchors.get(event.anchor)
                if node is None:
                    return None  # undefined alias: ruamel words the error
            elif kind is sequence_start or kind is mapping_start:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _SEQ if kind is sequence_start else _MAP
                make = sequence_node if kind is sequence_start else mapping_node
                node = make(tag, [], event.start_mark, None, flow_style=event.flow_style)
            elif kind in collection_end:
                stack.pop().end_mark = event.end_mark
                pending.pop()
                continue
            elif kind is document_start:
                anchors, root = {}, None
                continue
            elif kind is document_end:
                roots.append(root)
                continue
            elif kind is stream_end:
                return roots
            else:  # stream start
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None and kind is not alias_event:
                anchors[anchor] = node
            if not stack:
                root = node
            elif pending[-1] is not None:
                stack[-1].value.append((pending[-1], node))
                pending[-1] = None
            elif stack[-1].id == "mapping":
                pending[-1] = node
            else:
                stack[-1].value.append(node)
            if kind is sequence_start or kind is mapping_start:
                stack.append(node)
                pending.append(None)
                # Leave the limit itself, and the message about it, to ruamel.
                if len(stack) >= max_depth - 1:
                    return None
    except YAMLError:
        return None
    finally:
        parser.dispose()


ALLOWED_TAGS = frozenset(
    _CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def scalar_value(tag: str, value: str) -> Any:
    """Resolve a core-schema scalar. Timestamps stay text: the models parse dates."""
    kind = tag[len(_CORE) :]
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if kind == "int":
        text = value.replace("_", "")
        try:
            if text.lower().startswith(("0x", "-0x", "+0x")):
                return int(text, 16)
            if text.lower().startswith(("0o", "-0o", "+0o")):
                return int(text, 8)
            return int(text)
        except ValueError:
            return value
    if kind == "float":
        text = value.replace("_", "").lower()
        if text in (".inf", "+.inf"):
            return float("inf")
        if text == "-.inf":
            return float("-inf")
        if text == ".nan":
            return float("nan")
        try:
            return float(text)
        except ValueError:
            return value
    return value


class _Bail(Exception):
    """The text needs the careful way: something only the node converter handles."""


def load_plain(text: str, max_depth: int) -> list[Any] | None:
    """Every document of `text` as plain values, straight from libyaml's events.

    The common case (no anchors, aliases, merge keys or non-core tags, no duplicate
    or non-scalar keys) needs no node graph and no positions up front; positions are
    found later, only for a document something is reported about. Returns None for
    anything else, and the caller composes nodes instead.

    No alias means no expansion: every value is written out in the text, so the file
    size limit bounds them and no value budget applies (a big hand-written runbook with
    tens of thousands of plain entries is fine).
    """
    if "\t" in text or text.startswith("%") or "\n%" in text:
        return None
    try:
        from yaml import YAMLError, events
        from yaml._yaml import CParser
    except ImportError:
        return None
    scalar_event = events.ScalarEvent
    sequence_start, mapping_start = events.SequenceStartEvent, events.MappingStartEvent
    sequence_end, mapping_end = events.SequenceEndEvent, events.MappingEndEvent
    document_end, stream_end = events.DocumentEndEvent, events.StreamEndEvent
    passive = (events.StreamStartEvent, events.DocumentStartEvent)
    allowed, merge_tag = ALLOWED_TAGS, _CORE + "merge"
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
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve_plain(event.value) if event.implicit[0] else _STR
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
