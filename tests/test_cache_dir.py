"""The cache folder keeps itself out of git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from opsbook.cache_dir import make
from opsbook.cli.entry import main

NAME = ".opsbook-cache"
"""The folder every cache of the command line goes in."""


def test_make_writes_a_gitignore_once_and_keeps_an_edited_one(tmp_path: Path) -> None:
    folder = tmp_path / "ws" / NAME
    make(folder)
    ignore = folder / ".gitignore"
    assert ignore.read_text(encoding="utf-8").splitlines()[-1] == "*"
    ignore.write_text("*\n# edited\n", encoding="utf-8")
    make(folder)
    assert ignore.read_text(encoding="utf-8") == "*\n# edited\n"


def test_the_commands_caches_never_show_in_git_status(example_copy: Path) -> None:
    git = shutil.which("git")
    assert git is not None
    run = {"cwd": example_copy, "check": True, "capture_output": True, "text": True}
    subprocess.run([git, "init", "-q"], **run)  # type: ignore[call-overload]
    # No .gitignore of the team's own: the cache folder must ignore itself.
    assert not (example_copy / ".gitignore").exists()
    root = ["--root", str(example_copy)]
    assert main(["validate", *root]) == 0
    assert main(["lint", *root]) == 0
    assert main(["who", "--at", "2026-11-23T12:00:00+00:00", *root]) == 0
    cache = example_copy / NAME
    assert {p.name for p in cache.iterdir()} >= {".gitignore", "parsed.json", "who.json"}
    status = subprocess.run([git, "status", "--porcelain", "--untracked-files=all"], **run)  # type: ignore[call-overload]
    assert NAME not in status.stdout
    assert "rotation/team.yaml" in status.stdout
