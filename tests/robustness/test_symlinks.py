"""Links that leave the workspace are reported where they are and never read.

Before: `ln -s /etc/passwd runbooks/p.yaml; opsbook validate` printed the file's
content in the error, and `site build` published a runbook from outside the workspace.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.robustness.processes import BASIC, FIXTURES

from opsbook.cli.entry import main

SECRET = "hunter2-secret-line-that-must-never-be-printed"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the workspace that looks like a workspace file."""
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n" * 3, encoding="utf-8")
    return secret


def test_a_link_out_is_located_never_read(
    tmp_path: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    (root / "rotation" / "p.yaml").symlink_to(outside)
    (root / "rotation" / "passwd.yaml").symlink_to("/etc/passwd")
    code = main(["validate", "--root", str(root)])
    out, err = capsys.readouterr()
    assert code == 1
    assert SECRET not in out + err
    assert "root:" not in out + err
    lines = [line for line in out.splitlines() if "OB007" in line or "link leading outside" in line]
    assert any(line.startswith(f"{root}/rotation/p.yaml:1:1: ") for line in lines), out
    assert any(line.startswith(f"{root}/rotation/passwd.yaml:1:1: ") for line in lines), out
    assert all("expected a file inside the workspace" in line for line in lines)


def test_a_link_inside_the_workspace_is_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    (root / "rotation" / "shared").mkdir()
    (root / "rotation" / "team.yaml").rename(root / "rotation" / "shared" / "team.yaml")
    (root / "rotation" / "team.yaml").symlink_to(root / "rotation" / "shared" / "team.yaml")
    assert main(["validate", "--root", str(root)]) == 0, capsys.readouterr()


def test_a_linked_folder_out_is_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    elsewhere = tmp_path / "other-team"
    shutil.copytree(FIXTURES / "site" / "xss" / "runbooks", elsewhere)
    (root / "rotation" / "more").symlink_to(elsewhere, target_is_directory=True)
    code = main(["validate", "--root", str(root)])
    out = capsys.readouterr().out
    assert code == 1
    assert "link leading outside" in out


def test_site_build_never_publishes_an_outside_runbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSBOOK_AT", "2026-11-23T09:00:00+00:00")
    root = tmp_path / "xss"
    shutil.copytree(FIXTURES / "site" / "xss", root)
    stranger = tmp_path / "stranger.yaml"
    runbook = (root / "runbooks" / "xss.yaml").read_text(encoding="utf-8")
    stranger.write_text(runbook.replace("xss-runbook", "stranger-runbook"), encoding="utf-8")
    (root / "runbooks" / "stranger.yaml").symlink_to(stranger)
    site = tmp_path / "site"
    code = main(["site", "build", "--root", str(root), "--site-dir", str(site)])
    assert code == 1
    assert "stranger.yaml:1:1" in capsys.readouterr().err
    assert not (site / "runbooks" / "stranger-runbook.html").exists()


def test_long_values_are_quoted_as_a_short_excerpt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    team = root / "rotation" / "team.yaml"
    long_zone = "Europe/" + "X" * 5000
    team.write_text(
        team.read_text(encoding="utf-8").replace("Europe/Paris", long_zone), encoding="utf-8"
    )
    assert main(["validate", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "X" * 61 not in out
    assert "X" * 40 in out
    assert max(len(line) for line in out.splitlines()) < 400
