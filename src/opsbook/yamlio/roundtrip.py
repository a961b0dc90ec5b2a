"""The one round-trip setup: documents loaded for editing and written back with their
comments, quotes and key order, by every command that edits a file in place."""

from __future__ import annotations

import io
from typing import Any


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


def dump_roundtrip(documents: list[Any], yaml: Any = None) -> str:
    """Documents loaded for editing, written back (with `yaml`'s setup when given)."""
    yaml = roundtrip_yaml() if yaml is None else yaml
    buffer = io.StringIO()
    if len(documents) == 1:
        yaml.dump(documents[0], buffer)
    else:
        yaml.dump_all(documents, buffer)
    return buffer.getvalue()
