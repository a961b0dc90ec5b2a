"""JSON Schemas of every kind, for editors (yaml-language-server) and check-jsonschema.

Pydantic emits draft 2020-12; editors still speak draft-07 best, so the schema is
rewritten to draft-07 (`definitions`, array-form `items`) without losing constraints.
"""

from __future__ import annotations

import json
from typing import Any

from opsbook.models.check_results import CHECK_RESULTS_SCHEMA, CheckResults
from opsbook.models.registry import LATEST, SCHEMA_NAMES, VERSIONS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_BASE_URL = "https://opsbook.dev/schemas/"


def kind_schema(kind: str, api_version: str = LATEST) -> dict[str, Any]:
    """The draft-07 JSON Schema of one kind."""
    model = VERSIONS[api_version].kinds[kind]
    raw = model.model_json_schema(by_alias=True, mode="validation")
    schema = _draft07(raw)
    assert isinstance(schema, dict)
    properties = schema.setdefault("properties", {})
    properties["apiVersion"] = {
        "type": "string",
        "enum": [api_version],
        "description": "Schema version of this document.",
    }
    properties["kind"] = {"type": "string", "enum": [kind], "description": f"Always {kind}."}
    ordered: dict[str, Any] = {
        "$schema": DRAFT_07,
        "$id": f"{SCHEMA_BASE_URL}{SCHEMA_NAMES[kind]}.schema.json",
        "title": f"opsbook {kind} ({api_version})",
    }
    ordered.update({k: v for k, v in schema.items() if k != "title"})
    return ordered


def check_results_schema() -> dict[str, Any]:
    """The draft-07 JSON Schema of the file `opsbook check --out` writes."""
    raw = CheckResults.model_json_schema(by_alias=True, mode="validation")
    schema = _draft07(raw)
    assert isinstance(schema, dict)
    ordered: dict[str, Any] = {
        "$schema": DRAFT_07,
        "$id": f"{SCHEMA_BASE_URL}{CHECK_RESULTS_SCHEMA}.schema.json",
        "title": "opsbook check results",
    }
    ordered.update({k: v for k, v in schema.items() if k != "title"})
    return ordered


def all_schemas() -> dict[str, str]:
    """File name → JSON text for every kind of the latest version and for the results
    file of `opsbook check --out`, stable byte for byte."""
    schemas = {
        f"{stem}.schema.json": kind_schema(kind)
        for kind, stem in sorted(SCHEMA_NAMES.items(), key=lambda kv: kv[1])
    }
    schemas[f"{CHECK_RESULTS_SCHEMA}.schema.json"] = check_results_schema()
    return {
        name: json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
        for name, schema in schemas.items()
    }


def _draft07(node: Any) -> Any:
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = _draft07(value)
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", "#/definitions/")
        elif key == "prefixItems":
            out["items"] = _draft07(value)
            out.setdefault("additionalItems", False)
        elif key == "items" and "prefixItems" in node:
            continue
        else:
            out[key] = _draft07(value)
    return out
