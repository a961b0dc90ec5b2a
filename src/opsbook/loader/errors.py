"""Pydantic validation errors, mapped onto the YAML they came from.

Pydantic reports a `loc` like `("spec", "members", 1, "timezone")`; the YAML document
kept the line and column of every key and value, so each error points where the user
must look, with the key path, what was expected and what was found.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from opsbook.diagnostics import Diagnostic, Severity, format_key_path
from opsbook.yaml_io import KeyPath, YamlDocument

CODE_SCHEMA = "OB012"


def schema_diagnostics(
    error: ValidationError, doc: YamlDocument, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, located in `doc`."""
    out: list[Diagnostic] = []
    for item in error.errors(include_url=False):
        path = _data_path(doc.data, item["loc"])
        kind = item["type"]
        if kind == "extra_forbidden":
            key = str(path[-1]) if path else "?"
            allowed = _allowed_keys(model, path[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            message = f"unknown key {key!r}{hint}{expected}"
            span = doc.locate(path, key=True)
        elif kind == "missing":
            name = str(item["loc"][-1])
            path = (*path, name) if not path or path[-1] != name else path
            message = f"missing required key {name!r}"
            span = doc.locate(path[:-1], key=True)
        else:
            message = _describe(item)
            span = doc.locate(path)
        out.append(
            Diagnostic(
                path=doc.path,
                span=span,
                code=CODE_SCHEMA,
                message=message,
                severity=Severity.ERROR,
                key_path=format_key_path(path),
                rule="schema",
            )
        )
    return out


def _describe(item: Any) -> str:
    message = str(item["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            # Our own validators already say what was expected and what was found.
            return message[len(prefix) :]
    found = item.get("input")
    if isinstance(found, dict):
        shown = "a mapping"
    elif isinstance(found, list):
        shown = "a list"
    else:
        shown = repr(found)
    message = message[:1].lower() + message[1:]
    message = message.replace("input should be", "expected")
    return f"{message}; found {shown}"


def _data_path(data: Any, loc: tuple[int | str, ...]) -> KeyPath:
    """Keep the parts of pydantic's loc that index into the data.

    Unions and validators add their own names to `loc` (`function-after[…]`, `date`);
    those are not keys of the document and would break the key path.
    """
    path: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]  # type: ignore[index]
        elif isinstance(current, dict) and isinstance(part, str):
            # A missing or unknown key: it belongs in the path, nothing below it does.
            if not part.startswith(("function-", "union[", "tagged-union[")) and part not in (
                "date",
                "datetime",
                "str",
                "int",
            ):
                path.append(part)
            current = None
        # Anything else is pydantic's own naming of a union member or validator.
    return tuple(path)


def _allowed_keys(model: type[BaseModel], path: KeyPath) -> list[str]:
    """The keys the model accepts at `path`, by their YAML names (aliases)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            current = _element(current)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = _field_by_name(current, part)
        if field is None:
            return []
        current = field
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _field_by_name(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, Annotated and unions down to the model class, if there is one."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return annotation
    return annotation


def _element(annotation: Any) -> Any:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (tuple, list) and args:
        return args[0]
    return annotation
