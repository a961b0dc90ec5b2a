"""Shared fixtures: the repository's example workspace and a scratch copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A writable copy of the example workspace (opsbook.yaml, runbooks/, rotation/)."""
    target = tmp_path / "ws"
    target.mkdir()
    shutil.copy(REPO / "opsbook.yaml", target / "opsbook.yaml")
    for folder in ("runbooks", "rotation", "schemas"):
        shutil.copytree(REPO / folder, target / folder)
    return target
