"""Fixtures for the command-line tests: a scratch copy of the schedule fixture workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "basic"
"""A small team with a hand-written lock, a swap and a cover (tests/fixtures/schedule)."""


@pytest.fixture
def ws_root(tmp_path: Path) -> Path:
    """A writable copy of the basic schedule workspace."""
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    return root
