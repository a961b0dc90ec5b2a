"""`opsbook site build` never deletes what it did not write.

Before: `--site-dir runbooks` (in the example) exited 0 and deleted every runbook, and
`--site-dir .` emptied the workspace even when it then failed. The target folder was
emptied before anything was checked.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.robustness.processes import FIXTURES, REPO

from opsbook.cli.entry import main

MARKER = ".opsbook-site"  # what opsbook.site.site_dir writes

AT = "2026-11-23T09:00:00+00:00"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".opsbook-cache" not in p.parts
    }


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example workspace with its mkdocs.yml and docs."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("runbooks", "rotation", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("opsbook.yaml", "mkdocs.yml"):
        shutil.copy2(REPO / name, root / name)
    return root


@pytest.mark.parametrize(
    ("site_dir", "says"),
    [
        ("runbooks", "holds workspace files"),
        ("rotation", "holds workspace files"),
        (".", "is the workspace folder or holds it"),
        ("..", "is the workspace folder or holds it"),
        ("docs", "docs folder"),
    ],
)
def test_a_site_dir_holding_the_workspace_is_refused_before_anything_is_deleted(
    example: Path, site_dir: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree(example.parent)
    code = main(["site", "build", "--root", str(example), "--site-dir", str(example / site_dir)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert says in err
    assert "nothing was built or deleted" in err
    assert tree(example.parent) == before


def test_a_folder_opsbook_did_not_build_is_not_emptied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "xss"
    shutil.copytree(FIXTURES / "site" / "xss", ws)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me\n", encoding="utf-8")
    code = main(["site", "build", "--root", str(ws), "--site-dir", str(mine), "--at", AT])
    assert code == 2
    assert f"no {MARKER} in it" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_earlier_opsbook_site_is_replaced_whole_and_a_failed_build_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSBOOK_AT", AT)
    ws = tmp_path / "xss"
    shutil.copytree(FIXTURES / "site" / "xss", ws)
    site = tmp_path / "site"
    args = ["site", "build", "--root", str(ws), "--site-dir", str(site), "--at", AT]
    assert main(args) == 0
    assert (site / MARKER).is_file()
    (site / "stale.html").write_text("old page\n", encoding="utf-8")
    assert main(args) == 0
    assert (site / MARKER).is_file()
    assert not (site / "stale.html").exists()  # replaced whole: nothing left from before
    good = tree(site)
    # A build that fails leaves the previous site exactly as it was, and no temp folder.
    team = next((ws / "rotation").glob("*.yaml"))
    team.write_text(team.read_text(encoding="utf-8") + "\n  broken: [\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    assert tree(site) == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "xss"]
