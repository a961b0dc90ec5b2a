"""Where `opsbook site build` may write, and how it replaces an earlier site.

mkdocs empties its site folder before building, whatever the folder holds: `opsbook
site build --site-dir runbooks` deleted every runbook, `--site-dir .` a whole
workspace. opsbook never deletes what it did not write:

* a site folder that is (or holds) the workspace, its docs folder or any of its YAML
  files is refused, before anything is built or deleted;
* an existing folder is replaced only when it is empty or holds `.opsbook-site`, the
  marker every opsbook build writes into its site;
* the site is built into a fresh folder beside the target and swapped in at the end
  (an atomic exchange of the two folders on Linux), so a failed or killed build leaves
  the previous site whole, and a reader never sees half of one.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from opsbook.errors import UsageError

MARKER = ".opsbook-site"
_MARKER_TEXT = "Built by `opsbook site build`: this folder is replaced whole by the next build.\n"


def refusal(site_dir: Path, root: Path, docs_dir: Path | None, files: Iterable[Path]) -> str | None:
    """Why `site_dir` must not be built into (replaced), or None when it may."""
    site = site_dir.resolve()
    workspace = root.resolve()
    if site == workspace or site in workspace.parents:
        return f"--site-dir {site_dir} is the workspace folder or holds it"
    if docs_dir is not None:
        docs = docs_dir.resolve()
        if site == docs or site in docs.parents:
            return f"--site-dir {site_dir} is the site's docs folder or holds it ({docs_dir})"
    for file in files:
        if site in file.resolve().parents:
            return f"--site-dir {site_dir} holds workspace files (such as {file})"
    if site.exists() and not site.is_dir():
        return f"--site-dir {site_dir} is a file"
    if site.is_dir() and any(site.iterdir()) and not (site / MARKER).is_file():
        return (
            f"--site-dir {site_dir} is not empty and was not built by opsbook (no {MARKER} "
            "in it); remove it yourself or choose another folder"
        )
    return None


def check(site_dir: Path, root: Path, docs_dir: Path | None, files: Iterable[Path]) -> None:
    """Raise UsageError (exit 2) when `site_dir` must not be built into."""
    reason = refusal(site_dir, root, docs_dir, files)
    if reason is not None:
        raise UsageError(f"{reason}; nothing was built or deleted")


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A fresh folder beside `site_dir` to build into; removed unless published. The
    folders a killed build left beside it are removed first (`opsbook site build`
    holds the workspace lock, so no other build is using them)."""
    parent = site_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    for kind in ("build", "old"):
        for leftover in parent.glob(f".{site_dir.resolve().name}.opsbook-{kind}-*"):
            shutil.rmtree(leftover, ignore_errors=True)
    built = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.opsbook-build-", dir=parent))
    try:
        yield built
    finally:
        shutil.rmtree(built, ignore_errors=True)


def publish(built: Path, site_dir: Path) -> None:
    """Mark `built` as opsbook's and put it in place of `site_dir` (which `check` let
    through): atomically where the system can exchange two folders."""
    (built / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    target = site_dir.resolve()
    if not target.exists():
        os.rename(built, target)
        return
    if _exchange(built, target):
        # `built` now holds the previous site.
        shutil.rmtree(built, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.opsbook-old-", dir=target.parent))
    os.rename(target, old / "site")
    os.rename(built, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False when the
    system or the filesystem cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    with contextlib.suppress(Exception):
        done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
        return bool(done == 0)
    return False
