"""kill -9 at spread-out points of every writing command: old or new, never partial,
nothing else touched.

Each command is first run to the end on a copy, giving the "new" files. Then, on fresh
copies, it is killed after delays spread over its whole run (start-up, loading,
planning, writing); every file must then hold exactly its old or its new bytes, no other
file may appear or change (opsbook's own hidden temporary files aside, which the next
run clears), and running the command again must give the new files exactly.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.robustness.processes import BASIC, FIXTURES, opsbook_argv, run_opsbook

pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("OPSBOOK_KILLS", "5"))
"""Kills per command, spread over one uninterrupted run's duration (start-up, loading,
planning or rendering, writing), more of them towards the end. Five keep the whole
suite within its time budget on two cores; `OPSBOOK_KILLS=20` runs the deeper version."""
AT = "2026-11-23T09:00:00+00:00"

Files = dict[str, bytes]


def files_under(folder: Path) -> Files:
    """Every file under `folder` but opsbook's caches and lock."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".opsbook-cache" not in p.parts
    }


def _is_leftover(name: str) -> bool:
    """A temporary file or staging folder of a killed writer (hidden, ours by name)."""
    base = Path(name).parts
    return any(
        part.startswith(".")
        and (part.endswith(".tmp") or ".opsbook-build-" in part or ".opsbook-old-" in part)
        for part in base
    )


def _kill_at(argv: list[str], delay: float, env: dict[str, str]) -> None:
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env}
    )
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def _check(name: str, old: Files, new: Files, after: Files) -> None:
    for path, content in after.items():
        if _is_leftover(path):
            continue
        assert path in old or path in new, f"{name}: {path} was touched"
        assert content in (old.get(path), new.get(path)), f"{name}: {path} is partial"
    for path in old:
        if path not in new:
            continue
        assert path in after, f"{name}: {path} was deleted"


def _run_kills(
    tmp_path: Path,
    make: Callable[[Path], None],
    args: Callable[[Path], list[str]],
    env: dict[str, str] | None = None,
    scope: Callable[[Path], Path] = lambda root: root.parent,
    rerun: bool = True,
) -> None:
    """`make(root)` builds the starting folder; `args(root)` the command line;
    `scope(root)` the folder whose files are compared (the workspace and its outputs);
    `rerun` False for a command that refuses to make its change twice (swap, cover):
    it is run again only when none of its changes is in place yet."""
    env = env or {}
    done = tmp_path / "done" / "ws"
    make(done)
    old = files_under(scope(done))
    started = time.monotonic()
    finished = run_opsbook(*args(done), env=env)
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stdout + finished.stderr
    new = files_under(scope(done))
    assert new != old
    for k in range(KILLS):
        root = tmp_path / f"kill{k}" / "ws"
        make(root)
        # Skewed towards the end, where the writes are: the square root of evenly
        # spread fractions (five kills: 32%, 55%, 71%, 84%, 95% of the run).
        _kill_at(opsbook_argv(*args(root)), duration * ((k + 0.5) / KILLS) ** 0.5, env)
        after = files_under(scope(root))
        _check(f"kill {k}", old, new, after)
        target = _relocated(new, done, root)
        if {p: c for p, c in after.items() if not _is_leftover(p)} == target:
            continue  # the killed run had finished its writes
        if any(after.get(p) == c for p, c in target.items() if old.get(p) != c) and not rerun:
            continue  # a change of its own is in place: running it again would refuse
        # The next run finishes the job and clears what the killed one left.
        again = run_opsbook(*args(root), env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        final = files_under(scope(root))
        assert {p for p in final if _is_leftover(p)} == set(), final.keys()
        differs = sorted(p for p in {*final, *target} if final.get(p) != target.get(p))
        assert differs == [], f"kill {k}: the re-run differs"


def _relocated(new: Files, done: Path, root: Path) -> Files:
    """`new` as it reads when made in `root` instead of `done` (the site names no path,
    but be safe with text files that do)."""
    old_path, new_path = str(done.parent).encode(), str(root.parent).encode()
    return {path: content.replace(old_path, new_path) for path, content in new.items()}


def _basic(root: Path) -> None:
    shutil.copytree(BASIC, root)


def test_kill_during_plan(tmp_path: Path) -> None:
    _run_kills(tmp_path, _basic, lambda root: ["plan", "--root", str(root), "--at", AT])


def test_kill_during_swap(tmp_path: Path) -> None:
    _run_kills(
        tmp_path,
        _basic,
        lambda root: [
            "swap",
            "ops-oncall",
            "--role",
            "secondary",
            "2026-10-19",
            "2026-11-23",
            "--reason",
            "trade",
            "--root",
            str(root),
        ],
        rerun=False,
    )


def test_kill_during_cover(tmp_path: Path) -> None:
    _run_kills(
        tmp_path,
        _basic,
        lambda root: [
            "cover",
            "ops-oncall",
            "--role",
            "primary",
            "--from",
            "2026-11-10T10:00",
            "--to",
            "2026-11-10T12:00",
            "--by",
            "ann",
            "--root",
            str(root),
        ],
        rerun=False,
    )


def test_kill_during_ical(tmp_path: Path) -> None:
    def make(root: Path) -> None:
        _basic(root)
        # An earlier run's feeds (a shorter window) are there: the new ones replace them,
        # file by file.
        done = run_opsbook(
            "ical", "--root", str(root), "--out", "cal", "--at", AT, "--to", "2026-11-08"
        )
        assert done.returncode == 0, done.stderr

    _run_kills(
        tmp_path, make, lambda root: ["ical", "--root", str(root), "--out", "cal", "--at", AT]
    )


def test_kill_during_site_build(tmp_path: Path) -> None:
    def make(root: Path) -> None:
        shutil.copytree(FIXTURES / "site" / "xss", root)

    env = {"OPSBOOK_AT": AT}
    site_args = lambda root: [  # noqa: E731
        "site", "build", "--root", str(root), "--site-dir", str(root.parent / "site"), "--at", AT,
    ]  # fmt: skip

    def check_whole_sites(tmp: Path) -> None:
        # Beyond old-or-new per file: the site folder is absent or a whole build.
        for k in range(KILLS):
            site = tmp / f"kill{k}" / "site"
            assert not site.exists() or (site / ".opsbook-site").is_file()

    _run_kills(tmp_path, make, site_args, env=env)
    check_whole_sites(tmp_path)
