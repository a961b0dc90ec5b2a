"""The escalation fixture workspace (a team in four zones, a hand-written lock file)
and byte-for-byte snapshots that `OPSBOOK_UPDATE_SNAPSHOTS=1` rewrites."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "escalation"
WORKSPACE = FIXTURES / "workspace"
SNAPSHOTS = FIXTURES / "snapshots"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    result = load_workspace(WORKSPACE)
    assert [d.format() for d in result.diagnostics] == []
    return result.workspace


@pytest.fixture
def workspace_path() -> Path:
    return WORKSPACE


@pytest.fixture
def assert_snapshot() -> Callable[[str, str], None]:
    """Compare text with the stored snapshot of that name, or store it when updating."""

    def check(name: str, actual: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("OPSBOOK_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no snapshot {path}; run with OPSBOOK_UPDATE_SNAPSHOTS=1"
        assert actual == path.read_text(encoding="utf-8"), f"{name} differs from {path}"

    return check
