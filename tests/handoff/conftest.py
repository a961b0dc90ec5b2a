"""The handoff tests' workspace: the example with the site fixtures' own lock (a swap
and a cover), and the site fixtures' check results."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
RESULTS = FIXTURES / "site" / "checks" / "results.json"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


@pytest.fixture(scope="module")
def handoff_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("handoff") / "ws"
    root.mkdir()
    shutil.copy(REPO / "opsbook.yaml", root / "opsbook.yaml")
    for folder in ("runbooks", "rotation"):
        shutil.copytree(REPO / folder, root / folder)
    for path in (FIXTURES / "site" / "schedule" / "rotation").iterdir():
        shutil.copy(path, root / "rotation" / path.name)
    return root
