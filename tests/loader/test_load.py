from __future__ import annotations

from pathlib import Path

import pytest

from opsbook.errors import InputError
from opsbook.loader import load_workspace


def test_example_workspace_is_valid(repo_root: Path) -> None:
    result = load_workspace(repo_root)
    assert [d.format() for d in result.diagnostics] == []
    ws = result.workspace
    assert sorted(ws.runbooks) == [
        "engagement-aggregate",
        "growth-aggregate",
        "growth-daily",
        "profit-aggregate",
        "profit-unit-level",
    ]
    assert len(ws.teams["data-eng"].spec.members) == 4
    assert ws.owners("profit-aggregate") is not None


def test_workspace_is_immutable(repo_root: Path) -> None:
    ws = load_workspace(repo_root).workspace
    with pytest.raises(TypeError):
        ws.runbooks["x"] = ws.runbooks["growth-daily"]  # type: ignore[index]


def test_dangling_reference_is_located_with_a_suggestion(example_copy: Path) -> None:
    path = example_copy / "runbooks" / "ownership.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("primary: bob", "primary: bbo"))
    result = load_workspace(example_copy)
    (problem,) = result.diagnostics
    assert problem.code == "OB020"
    assert "'bbo'" in problem.message
    assert "did you mean 'bob'" in problem.message
    line = path.read_text(encoding="utf-8").splitlines()[problem.span.line - 1]
    assert "bbo" in line
    assert line.index("bbo") + 1 == problem.span.col


def test_missing_workspace_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no opsbook workspace"):
        load_workspace(tmp_path)
