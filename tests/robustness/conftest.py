"""Fixtures of the robustness suite: workspaces copied from fixture folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.robustness.processes import BASIC


@pytest.fixture
def basic_ws(tmp_path: Path) -> Path:
    """A copy of the small schedule fixture (four members, one weekly rotation)."""
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    return root
