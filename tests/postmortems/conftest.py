"""The postmortem test workspace: its own lock, a swap and a cover, two postmortems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "tests" / "fixtures" / "postmortems" / "workspace"


@pytest.fixture
def postmortem_ws(tmp_path: Path) -> Path:
    """A writable copy of the postmortem workspace."""
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    return root
