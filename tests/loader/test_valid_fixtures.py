"""Valid edge cases in tests/fixtures/valid/ load without a single diagnostic.

Each folder is a whole workspace; its `expected.yaml` names every document by kind and
some values the models must hold (after anchors, merge keys and encodings are resolved).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from opsbook.diagnostics import format_key_path
from opsbook.loader import Workspace, load_workspace

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
CASES = sorted(p for p in VALID.iterdir() if p.is_dir())


def _documents_by_kind(ws: Workspace) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for doc in ws.documents():
        found.setdefault(doc.kind, []).append(doc.name)
    return {kind: sorted(names) for kind, names in found.items()}


def _value(data: Any, key_path: str) -> Any:
    """The value at `spec.members[1].id` in a model dumped to plain data."""
    current = data
    for part in key_path.replace("[", ".[").split("."):
        if part.startswith("["):
            current = current[int(part[1:-1])]
        elif part:
            current = current[part]
    return current


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_valid_fixture_loads_cleanly(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = YAML(typ="safe", pure=True).load((case / "expected.yaml").read_text("utf-8"))
    monkeypatch.chdir(case)
    result = load_workspace(Path("."))
    assert [d.format() for d in result.diagnostics] == []
    ws = result.workspace
    assert _documents_by_kind(ws) == {k: sorted(v) for k, v in expected["documents"].items()}
    by_name = {(doc.kind, doc.name): doc for doc in ws.documents()}
    for check in expected.get("values") or ():
        model = by_name[(check["kind"], check["name"])]
        data = model.model_dump(mode="json", by_alias=True)
        assert _value(data, check["path"]) == check["equals"], check


def test_value_paths_read_like_key_paths() -> None:
    data = {"spec": {"members": [{"id": "a"}, {"id": "b", "tags": ["x", "y"]}]}}
    path = format_key_path(("spec", "members", 1, "tags", 1))
    assert _value(data, path) == "y"
