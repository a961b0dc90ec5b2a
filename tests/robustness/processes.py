"""opsbook as a real process (parallel writers and kill -9 need processes, not calls),
and the fixture folders the robustness suite copies workspaces from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
