"""The benchmark scripts, imported from benchmarks/ (a folder of scripts, not a package)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SMALL = ("--members", "20", "--rotations", "2", "--runbooks", "30", "--years", "1")
"""A small organisation: two teams of ten, thirty runbooks, locks over one year."""


def load_script(name: str) -> ModuleType:
    """benchmarks/<name>.py as the module `name` (run.py imports make_org by that name)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _make_org(out: Path, *args: str) -> str:
    """Run make_org.py as a user would; returns the `at` it prints."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "make_org.py"), str(out), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout.split("at: ", 1)[1].strip()


@pytest.fixture(scope="module")
def small_org(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small organisation generated with seed 7, and its planning instant."""
    out = tmp_path_factory.mktemp("org") / "org"
    return out, _make_org(out, *SMALL, "--seed", "7")


MakeOrg = Callable[..., str]


@pytest.fixture
def make_org() -> MakeOrg:
    """make_org.py run as a user would, with the small size: `make_org(out, *args)`
    returns the `at` it prints."""
    return lambda out, *args: _make_org(out, *SMALL, *args)


@pytest.fixture(scope="module")
def run_script() -> ModuleType:
    """benchmarks/run.py as a module (after make_org.py, which it imports)."""
    load_script("make_org")
    return load_script("run")
