"""Every field of every kind is documented where it is declared.

The docstrings become the JSON Schema descriptions editors show on hover, and the
loader quotes them when a required key is missing.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator

from pydantic import BaseModel

from opsbook.models import registry


def _models(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def every_model() -> list[type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [m for v in registry.VERSIONS.values() for m in v.kinds.values()]
    while todo:
        model = todo.pop()
        name = f"{model.__module__}.{model.__qualname__}"
        if name in seen:
            continue
        seen[name] = model
        for info in model.model_fields.values():
            todo.extend(_models(info.annotation))
    return [seen[k] for k in sorted(seen)]


def test_every_field_has_a_docstring() -> None:
    models = every_model()
    assert len(models) > 20
    undocumented = [
        f"{model.__qualname__}.{name}"
        for model in models
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert undocumented == []


def test_every_model_forbids_unknown_keys() -> None:
    assert [m.__qualname__ for m in every_model() if m.model_config.get("extra") != "forbid"] == []
