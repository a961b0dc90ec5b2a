"""The escalation fixture workspace (a team in four zones, a hand-written lock file)
(its snapshots are compared by the suite's `snapshot` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "escalation"
WORKSPACE = FIXTURES / "workspace"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    result = load_workspace(WORKSPACE)
    assert [d.format() for d in result.diagnostics] == []
    return result.workspace


@pytest.fixture
def workspace_path() -> Path:
    return WORKSPACE
