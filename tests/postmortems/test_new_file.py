"""`create_new_file`: whole or nothing, and never over an existing file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from opsbook.postmortems.new_file import create_new_file


def test_it_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "pm.yaml"
    assert create_new_file(target, "kind: Postmortem\n") is True
    assert target.read_text() == "kind: Postmortem\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["pm.yaml"]


def test_it_leaves_an_existing_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "pm.yaml"
    target.write_text("mine\n")
    assert create_new_file(target, "theirs\n") is False
    assert target.read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.yaml"]


def test_without_hard_links_it_claims_the_name_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "pm.yaml"
    assert create_new_file(target, "first\n") is True
    assert create_new_file(target, "second\n") is False
    assert target.read_text() == "first\n"
    assert os.stat(target).st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pm.yaml"]
