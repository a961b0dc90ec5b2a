"""Shared fixtures: the repository's example workspace, a scratch copy of it, and the
one way the suite compares output with reviewed snapshot files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsbook.loader import parse_cache

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


SERVER_FIXTURES = frozenset({"pg_server"})
"""Fixtures that start a server of their own; a test using one is `slow` (`make test-fast`
leaves it out), however the fixture is reached."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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


class Snapshot:
    """Compare output with a reviewed file, byte for byte; `OPSBOOK_UPDATE_SNAPSHOTS=1`
    (`make snapshots`) rewrites the file instead.

    A name is relative to the `snapshots/` folder beside the test file; an absolute
    path is used as it is (snapshots kept with a fixture workspace).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, name: str | Path, actual: str | bytes) -> None:
        path = self.folder / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if os.environ.get("OPSBOOK_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.is_file(), f"no snapshot {path}; run with OPSBOOK_UPDATE_SNAPSHOTS=1"
        assert data == path.read_bytes(), (
            f"output differs from snapshot {path}; review, then OPSBOOK_UPDATE_SNAPSHOTS=1"
        )


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Snapshot:
    return Snapshot(request.path.parent / "snapshots")
