"""The one cache store: versioned, tolerant, atomic, and off with OPSBOOK_CACHE=0."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from opsbook.cli import who_cache
from opsbook.cli.entry import main
from opsbook.files.cache_store import CacheStore

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "basic"


def test_a_saved_payload_loads_back_with_its_format(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c", "x.json", 3)
    assert store.save({"opsbook": "1", "data": [1, 2]})
    assert store.load(opsbook="1") == {"opsbook": "1", "data": [1, 2], "format": 3}
    assert store.load(opsbook="2") is None  # another version: a miss
    assert CacheStore(tmp_path / "c", "x.json", 4).load() is None  # another format
    assert (tmp_path / "c" / ".gitignore").is_file()


@pytest.mark.parametrize("content", ["", "{", "[1, 2]", '{"format": "3"}', "\x00\xff"])
def test_anything_malformed_is_a_miss(tmp_path: Path, content: str) -> None:
    (tmp_path / "x.json").write_text(content, encoding="utf-8", errors="surrogateescape")
    assert CacheStore(tmp_path, "x.json", 3).load() is None


def test_a_stamped_copy_is_not_believed(tmp_path: Path) -> None:
    store = CacheStore(tmp_path, "x.json", 1)
    assert store.save({"v": 1}, stamped=True)
    assert store.load(stamped=True) is not None
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(tmp_path / "x.json", copy / "x.json")  # a checkout: a new mtime
    os.utime(copy / "x.json", ns=(1, 1))
    assert CacheStore(copy, "x.json", 1).load(stamped=True) is None


def test_a_folder_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert not CacheStore(blocker / "c", "x.json", 1).save({"v": 1})


def test_opsbook_cache_0_turns_every_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `who` wrote its cache even with OPSBOOK_CACHE=0."""
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    monkeypatch.setenv("OPSBOOK_CACHE", "0")
    store = CacheStore(tmp_path, "x.json", 1)
    assert not store.save({"v": 1})
    assert not (tmp_path / "x.json").exists()
    at = ["--at", "2026-11-10T12:00Z"]
    for args in (["who", *at], ["lint", *at], ["validate"]):
        main([*args, "--root", str(root)])
    capsys.readouterr()
    cache = root / ".opsbook-cache"
    cached = [p.name for p in cache.iterdir() if p.suffix == ".json"] if cache.exists() else []
    assert cached == []
    monkeypatch.setenv("OPSBOOK_CACHE", "1")
    main(["who", "--root", str(root), "--at", "2026-11-10T12:00Z"])
    capsys.readouterr()
    assert (
        json.loads((cache / "who.json").read_text(encoding="utf-8"))["format"] == who_cache.FORMAT
    )
