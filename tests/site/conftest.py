"""Fixtures of the site tests: workspaces, real mkdocs builds, snapshot files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "site"

AT = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""The instant every site test builds for: the example workspace's "today"."""
AT_ISO = "2026-11-23T12:00:00+00:00"

BuildResult = subprocess.CompletedProcess[str]


def copy_example(target: Path, *, with_schedule: bool = False) -> Path:
    """A copy of the example workspace with its mkdocs.yml and docs/; `with_schedule`
    adds the site fixtures' lock file and overrides (a swap and a cover)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("opsbook.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, target / name)
    for folder in ("runbooks", "rotation", "docs", "site_templates"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    if with_schedule:
        for path in (FIXTURES / "schedule" / "rotation").iterdir():
            shutil.copy(path, target / "rotation" / path.name)
    return target


def mkdocs_build(config: Path, site_dir: Path, *extra: str, at: str | None = AT_ISO) -> BuildResult:
    """`mkdocs build --strict` in a subprocess, as CI runs it, with OPSBOOK_AT set to
    `at` (the fixed instant by default; None leaves it unset)."""
    env = {k: v for k, v in os.environ.items() if k != "OPSBOOK_AT"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if at is not None:
        env["OPSBOOK_AT"] = at
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    return subprocess.run(
        [*command, "-d", str(site_dir), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def build_ok(config: Path, site_dir: Path) -> Path:
    result = mkdocs_build(config, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def scheduled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace with a planned schedule (a swap, a cover) and a check
    results file named by the plugin's `checks` option, built once per test process
    into `<tmp>/site` beside the workspace `<tmp>/ws`."""
    ws = copy_example(tmp_path_factory.mktemp("scheduled") / "ws", with_schedule=True)
    shutil.copy(FIXTURES / "checks" / "results.json", ws / "checks.json")
    config = ws / "mkdocs.yml"
    option = "      weeks: 12\n"
    text = config.read_text(encoding="utf-8")
    assert option in text
    config.write_text(text.replace(option, option + "      checks: checks.json\n"))
    return build_ok(ws / "mkdocs.yml", ws.parent / "site")


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The XSS workspace, built with the example's mkdocs.yml."""
    ws = tmp_path_factory.mktemp("xss") / "ws"
    shutil.copytree(FIXTURES / "xss", ws)
    shutil.copy(REPO / "mkdocs.yml", ws / "mkdocs.yml")
    shutil.copytree(REPO / "docs", ws / "docs")  # the pages the example's nav lists
    return build_ok(ws / "mkdocs.yml", ws.parent / "site")
