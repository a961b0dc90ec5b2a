"""write_atomic: the whole new file or the old one; leftovers of killed writers swept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from opsbook.files.atomic import sweep_leftovers, write_atomic


def test_text_and_bytes_replace_the_file_keeping_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.yaml"
    write_atomic(path, "one\n")
    assert path.read_text(encoding="utf-8") == "one\n"
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o600)
    write_atomic(path, b"two\r\n")
    assert path.read_bytes() == b"two\r\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(path, 42)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


def test_sweep_removes_only_the_leftovers_of_the_named_files(tmp_path: Path) -> None:
    keep = [".other.yaml.abcd1234.tmp", "a.yaml", ".a.yaml.short.tmp", ".a.yaml.abcd1234.txt"]
    gone = [".a.yaml.abcd1234.tmp", ".a.yaml.x_y-z9_0.tmp"]
    for name in keep + gone:
        (tmp_path / name).write_text("", encoding="utf-8")
    sweep_leftovers(tmp_path, {"a.yaml"})
    assert sorted(os.listdir(tmp_path)) == sorted(keep)


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "overrides.yaml"
    real.write_text("old\n")
    link = tmp_path / "rotation-overrides.yaml"
    link.symlink_to(Path("shared") / "overrides.yaml")
    write_atomic(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert [p.name for p in shared.iterdir()] == ["overrides.yaml"]
