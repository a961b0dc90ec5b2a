"""Only a plan that has to change imports the solver.

`opsbook who`, `schedule`, `ical`, `escalate`, the site's pages, and `plan` (and
`plan --check`) on current locks run in a fresh interpreter each, and afterwards
`ortools` must not be among its modules: importing it costs most of a second
(numpy, pandas), which `who` cannot afford.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

AT = "2026-11-23T09:00:00+00:00"

PROBE = """
import io, json, sys, contextlib
from opsbook.cli.entry import main
args = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(args)
    except SystemExit as exit:
        code = exit.code
print(json.dumps({"code": code, "ortools": any(m.split(".")[0] == "ortools" for m in sys.modules)}))
"""

SITE = """
import json, sys
from datetime import datetime
from pathlib import Path
from opsbook.loader import load_workspace
from opsbook.site.pages import site_pages
ws = load_workspace(Path(sys.argv[1])).workspace
site_pages(ws, datetime.fromisoformat(sys.argv[2]))
print(json.dumps({"code": 0, "ortools": any(m.split(".")[0] == "ortools" for m in sys.modules)}))
"""


def probe(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "command",
    [
        ("who",),
        ("schedule", "data-eng-oncall"),
        ("escalate", "profit-aggregate"),
        ("plan",),
        ("plan", "--check"),
    ],
    ids=lambda c: " ".join(c),
)
def test_these_commands_never_import_the_solver(repo_root: Path, command: tuple[str, ...]) -> None:
    found = probe(*command, "--at", AT, "--root", str(repo_root))
    assert found["ortools"] is False, command
    # The committed lock is current at its instant: plan writes nothing, check passes.
    if command[0] == "plan":
        assert found["code"] == 0


def test_ical_never_imports_the_solver(repo_root: Path, tmp_path: Path) -> None:
    found = probe("ical", "--out", str(tmp_path / "cal"), "--at", AT, "--root", str(repo_root))
    assert found == {"code": 0, "ortools": False}


def test_the_site_pages_never_import_the_solver(repo_root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SITE, str(repo_root), AT], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"code": 0, "ortools": False}


def test_replanning_a_changed_input_does_import_it(example_copy: Path) -> None:
    """The probe can fail: a plan that must change solves, and so imports the solver."""
    lock = example_copy / "rotation" / "data-eng-oncall.lock.yaml"
    lock.unlink()
    found = probe("plan", "--at", AT, "--root", str(example_copy))
    assert found == {"code": 0, "ortools": True}
