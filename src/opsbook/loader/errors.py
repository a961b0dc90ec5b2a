"""Pydantic validation errors, mapped onto the YAML they came from.

Pydantic reports a `loc` like `("spec", "members", 1, "timezone")`; the YAML document
kept the line and column of every key and value, so each error points where the user
must look, with the key path, what was expected and what was found:

* an unknown key points at the key, and lists the keys allowed there;
* a wrong type or value points at the value;
* a missing key points at the key of the mapping that lacks it;
* a model-level check (pydantic locates it at the whole mapping) points at the mapping's
  key;
* the branches of a union (`date | datetime`) and the missing items of a fixed-length
  list (`shifts: [a, b]`) each become one message, not one per branch or item.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from opsbook import diagnostic_codes as codes
from opsbook.diagnostics import Diagnostic, Span, format_key_path, value_at
from opsbook.terminal import excerpt, quoted
from opsbook.yamlio.document import KeyPath, YamlDocument

_DATE = "a date YYYY-MM-DD"
_DATETIME = "a date-time YYYY-MM-DDTHH:MM"

_EXPECTED: dict[str, str] = {
    "string_type": "text",
    "tuple_type": "a list",
    "list_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "dict_type": "a mapping (key: value)",
    "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)",
    "dataclass_type": "a mapping (key: value)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": f"{_DATE} without a time of day",
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "timezone_aware": "an instant with its offset, like 2026-11-10T06:00:00Z or +01:00",
    "time_type": 'a time "HH:MM"',
    "time_parsing": 'a time "HH:MM"',
    "none_required": "nothing (null)",
    "string_unicode": "text",
    "finite_number": "a finite number",
}
"""What pydantic's type errors expect, in the words of someone writing YAML."""

_WRAPPERS = ("function-", "union[", "tagged-union[", "chain[", "lax-or-strict[", "nullable[")


@dataclass(frozen=True)
class _Problem:
    """One pydantic error, with its loc reduced to a path into the document."""

    item: Any
    path: KeyPath
    branch: bool
    """Whether pydantic named a union member in `loc` (one of several alternatives)."""
    in_key: bool
    """Whether the error is about a dictionary key rather than its value."""


def schema_diagnostics(
    error: ValidationError, doc: YamlDocument, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per problem pydantic found, located in `doc`, duplicates merged."""
    problems = [_problem(item, doc.data) for item in error.errors(include_url=False)]
    problems = [p for p in problems if not _hides_behind_items(p, problems)]
    out: list[Diagnostic] = []
    out.extend(_fixed_length_problems(problems, doc, model))
    out.extend(_union_problems(problems, doc))
    for problem in problems:
        if _is_tuple_item(problem, model) or problem.branch:
            continue  # reported as a whole above
        out.append(_single(problem, doc, model))
    seen: set[tuple[Span, str, str]] = set()
    unique: list[Diagnostic] = []
    for diagnostic in out:
        key = (diagnostic.span, diagnostic.key_path, diagnostic.message)
        if key not in seen:
            seen.add(key)
            unique.append(diagnostic)
    return unique


def _hides_behind_items(problem: _Problem, problems: list[_Problem]) -> bool:
    """A list's length error that only counts the items that failed on their own.

    Pydantic checks `min_length` against the items that validated, so two members with
    a bad zone also give "expected at least 1 item" for a list of two. The items' own
    errors are the real ones.
    """
    if problem.item["type"] != "too_short":
        return False
    size = len(problem.path)
    return any(len(p.path) > size and p.path[:size] == problem.path for p in problems)


def _problem(item: Any, data: Any) -> _Problem:
    path, extras, in_key = _data_path(data, item["loc"])
    kind = item["type"]
    branch = bool(extras) and kind not in ("missing", "extra_forbidden") and not in_key
    return _Problem(item, path, branch, in_key)


def _single(problem: _Problem, doc: YamlDocument, model: type[BaseModel]) -> Diagnostic:
    item, path = problem.item, problem.path
    kind = item["type"]
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        allowed = _allowed_keys(model, path[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean {quoted(close[0])}?)" if close else ""
        expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        return _diagnostic(
            doc, doc.locate(path, key=True), path, f"unknown key {quoted(key)}{hint}{expected}"
        )
    if kind == "missing":
        name = str(item["loc"][-1])
        path = (*path, name) if not path or path[-1] != name else path
        parent = value_at(doc.data, path[:-1])
        present = list(parent) if isinstance(parent, dict) else []
        found = f"found only: {', '.join(present)}" if present else "found no keys"
        about = _field_doc(model, path[:-1], name)
        detail = f" ({about})" if about else ""
        return _diagnostic(
            doc,
            doc.locate(path[:-1], key=True),
            path,
            f"missing required key {quoted(name)}{detail}; {found}",
        )
    value = value_at(doc.data, path)
    # A model-level check has the whole mapping as its input; the mapping's key is the
    # most precise place there is. Dictionary-key errors point at the key as well.
    at_key = problem.in_key or (isinstance(value, dict) and kind in ("value_error", "assertion"))
    return _diagnostic(doc, doc.locate(path, key=at_key), path, _describe(item))


def _fixed_length_problems(
    problems: list[_Problem], doc: YamlDocument, model: type[BaseModel]
) -> list[Diagnostic]:
    """`shifts: [a]` for a pair: one message with the count, not one per missing item."""
    lists = sorted({p.path for p in problems if _is_tuple_item(p, model)}, key=format_key_path)
    out: list[Diagnostic] = []
    for path in lists:
        size = _fixed_length(_annotation_at(model, path))
        found = value_at(doc.data, path)
        count = len(found) if isinstance(found, list) else 0
        noun = "item" if count == 1 else "items"
        about = _field_doc(model, path[:-1], str(path[-1])) if path else ""
        what = f" ({about})" if about else ""
        message = f"expected a list of exactly {size} items{what}; found {count} {noun}"
        out.append(_diagnostic(doc, doc.locate(path), path, message))
    return out


def _is_tuple_item(problem: _Problem, model: type[BaseModel]) -> bool:
    """A missing item, or one too many, in a fixed-length list such as `shifts`."""
    kind = problem.item["type"]
    loc = problem.item["loc"]
    # The path stops at the list: the missing index is not in the data.
    if (kind == "missing" and loc and isinstance(loc[-1], int)) or kind == "too_long":
        return _fixed_length(_annotation_at(model, problem.path)) is not None
    return False


def _union_problems(problems: list[_Problem], doc: YamlDocument) -> list[Diagnostic]:
    """The branches of a union at one place become one "expected A or B" message."""
    by_path: dict[KeyPath, list[_Problem]] = defaultdict(list)
    for problem in problems:
        if problem.branch:
            by_path[problem.path].append(problem)
    out: list[Diagnostic] = []
    for path, group in by_path.items():
        expected: list[str] = []
        for problem in group:
            phrase = _expectation(problem.item)
            if phrase not in expected:
                expected.append(phrase)
        found = _show(group[0].item.get("input"))
        reason = _reason(group[0].item)
        message = f"expected {' or '.join(expected)}; found {found}{reason}"
        out.append(_diagnostic(doc, doc.locate(path), path, message))
    return out


def _diagnostic(doc: YamlDocument, span: Span, path: KeyPath, message: str) -> Diagnostic:
    return codes.problem(doc.path, span, codes.SCHEMA, message, format_key_path(path))


def _describe(item: Any) -> str:
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            # Our own validators already say what was expected and what was found.
            return message[len(prefix) :]
    return f"expected {_expectation(item)}; found {_show(item.get('input'))}{_reason(item)}"


def _expectation(item: Any) -> str:
    """What pydantic wanted, as a phrase: `a list`, `a number >= 0`, `'a' or 'b'`."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in _EXPECTED:
        return _EXPECTED[kind]
    if kind == "literal_error" and "expected" in ctx:
        return str(ctx["expected"])
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''}"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} item{'s' if ctx.get('max_length') != 1 else ''}"
    if kind == "string_too_short":
        return f"text of at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"text of at most {ctx.get('max_length')} characters"
    bounds = {
        "greater_than_equal": (">=", "ge"),
        "greater_than": (">", "gt"),
        "less_than_equal": ("<=", "le"),
        "less_than": ("<", "lt"),
    }
    if kind in bounds:
        sign, name = bounds[kind]
        return f"a number {sign} {ctx.get(name)}"
    if kind == "string_pattern_mismatch":
        return f"text matching {ctx.get('pattern')}"
    # Anything else: pydantic's own words, recast as an expectation.
    message = str(item["msg"])
    message = message[:1].lower() + message[1:]
    return message.replace("input should be ", "")


def _reason(item: Any) -> str:
    """Why a date or number failed to parse, when pydantic says (`day value is …`)."""
    ctx = item.get("ctx") or {}
    reason = ctx.get("error")
    if isinstance(reason, str) and item["type"].startswith(("date", "time")):
        return f" ({reason})"
    return ""


def _show(value: Any) -> str:
    """A found value as YAML would show it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        if not value:
            return "an empty list"
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, str):
        return quoted(value)
    return excerpt(str(value))


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[KeyPath, list[str], bool]:
    """Keep the parts of pydantic's loc that index into the data.

    Unions and validators add their own names to `loc` (`function-after[…]`, `date`);
    those are not keys of the document and would break the key path. They are returned
    apart, and so is whether the error is about a dictionary key (`[key]`).
    """
    path: list[str | int] = []
    extras: list[str] = []
    in_key = False
    current = data
    for part in loc:
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]  # type: ignore[index]
        elif part == "[key]":
            in_key = True
        elif isinstance(current, dict) and isinstance(part, str):
            if part.startswith(_WRAPPERS):
                extras.append(part)
                continue
            # A missing or unknown key: it belongs in the path, nothing below it does.
            path.append(part)
            current = None
        elif isinstance(part, str):
            extras.append(part)
        # A list index beyond the data: a missing item of a fixed-length list.
    return tuple(path), extras, in_key


# --- the model's shape at a path ---------------------------------------------------------


def _annotation_at(model: type[BaseModel], path: KeyPath) -> Any:
    """The type annotation the model declares at `path` (None when there is none)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            current = _element(current, part)
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = _field_by_name(current, part)
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _allowed_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    """The keys the model accepts at `path`, by their YAML names (aliases)."""
    current = _annotation_at(model, path)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _field_doc(model: type[BaseModel], parent: KeyPath, key: str) -> str:
    """The first sentence of the docstring of the field `key` of the mapping at `parent`."""
    owner = _annotation_at(model, parent)
    if not (isinstance(owner, type) and issubclass(owner, BaseModel)):
        return ""
    info = _field_by_name(owner, key)
    text = (info.description or "") if info is not None else ""
    first = text.strip().split("\n")[0].rstrip()
    first = first.split("; ")[0].rstrip(".")
    return first[:1].lower() + first[1:]


def _field_by_name(model: type[BaseModel], key: str) -> FieldInfo | None:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _fixed_length(annotation: Any) -> int | None:
    """N for `tuple[A, B]` (a list of exactly N items); None for anything else."""
    if typing.get_origin(annotation) is not tuple:
        return None
    args = typing.get_args(annotation)
    if not args or Ellipsis in args:
        return None
    return len(args)


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional; of other unions keep the model class, if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
        for arg in members:
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return annotation
    return annotation


def _element(annotation: Any, index: int) -> Any:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin is tuple and args:
        if Ellipsis in args:
            return args[0]
        return args[index] if index < len(args) else None
    if origin is list and args:
        return args[0]
    return None
