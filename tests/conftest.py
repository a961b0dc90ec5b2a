"""Shared fixtures: the repository's example workspace and a scratch copy of it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsbook.loader import parse_cache

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _parse_cache_stays_with_its_test() -> Iterator[None]:
    """The CLI turns the parse cache on for its process; a test that runs the CLI must
    not leave it on for the library-level tests after it in the same worker."""
    yield
    parse_cache.disable()


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
