"""Scalars as the YAML 1.2 core schema reads them: the tags allowed and how a plain
scalar resolves, the table ruamel uses, so `no` stays a string (Norway) and both ways
in (`read.load_plain` and `careful`) give the same values."""

from __future__ import annotations

import re
from typing import Any

CORE = "tag:yaml.org,2002:"
STR = CORE + "str"
MERGE = CORE + "merge"

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
        return CORE + "null"
    for kind, pattern in _BY_FIRST.get(value[0], ()):
        if pattern.match(value):
            return CORE + kind
    return STR


ALLOWED_TAGS = frozenset(
    CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


def scalar_value(tag: str, value: str) -> Any:
    """Resolve a core-schema scalar. Timestamps stay text: the models parse dates."""
    kind = tag[len(CORE) :]
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


def event_tag(event: Any) -> str:
    """The tag of a libyaml scalar event: its own, or the core schema's resolution."""
    tag = event.tag
    if tag is None or tag == "!":
        return resolve_plain(event.value) if event.implicit[0] else STR
    return str(tag)
