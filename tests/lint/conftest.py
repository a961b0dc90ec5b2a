"""Fixtures for the lint tests: running lint on folders, and snapshot files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


class Snapshot:
    """Compare text with a reviewed file; rewrite it when OPSBOOK_UPDATE_SNAPSHOTS=1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self, name: str, text: str) -> None:
        path = self.folder / name
        if os.environ.get("OPSBOOK_UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"missing snapshot {path}; run with OPSBOOK_UPDATE_SNAPSHOTS=1"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"output differs from snapshot {path.name}"


@pytest.fixture
def snapshot() -> Snapshot:
    return Snapshot(SNAPSHOTS)
