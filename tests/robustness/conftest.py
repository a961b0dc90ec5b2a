"""Helpers of the robustness suite: workspaces copied from fixture folders, and opsbook
run as a real process (parallel writers and kill -9 need processes, not calls)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"
ROBUSTNESS = FIXTURES / "robustness"
BASIC = FIXTURES / "schedule" / "basic"
REPO = TESTS.parent


def opsbook_argv(*args: str) -> list[str]:
    """The command line of `opsbook ARGS` as its own process."""
    return [sys.executable, "-m", "opsbook.cli.entry", *args]


def run_opsbook(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        opsbook_argv(*args),
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def basic_ws(tmp_path: Path) -> Path:
    """A copy of the small schedule fixture (four members, one weekly rotation)."""
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    return root
