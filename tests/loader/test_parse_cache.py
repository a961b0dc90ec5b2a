"""The parse cache gives what parsing gives, and never what the files do not say."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from opsbook.loader import load_workspace, parse_cache
from opsbook.loader.parse_cache import CACHE_DIR, CACHE_FILE


@pytest.fixture
def caching(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPSBOOK_CACHE", raising=False)
    parse_cache.enable()
    yield
    parse_cache.disable()


def _loaded(root: Path) -> tuple[object, ...]:
    result = load_workspace(root)
    ws = result.workspace
    return (
        [d.format() for d in result.diagnostics],
        {name: rb.model_dump(mode="json") for name, rb in ws.runbooks.items()},
        {name: lock.model_dump(mode="json") for name, lock in ws.locks.items()},
        {name: team.model_dump(mode="json") for name, team in ws.teams.items()},
    )


def _entries(root: Path) -> dict[str, list[object]]:
    stored = json.loads((root / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    files: dict[str, list[object]] = stored["files"]
    return files


def test_a_cached_load_equals_a_fresh_one(example_copy: Path, caching: None) -> None:
    parse_cache.disable()
    fresh = _loaded(example_copy)
    parse_cache.enable()
    first = _loaded(example_copy)  # parses and writes the cache
    assert (example_copy / CACHE_DIR / CACHE_FILE).is_file()
    second = _loaded(example_copy)  # reads every file from it
    assert fresh == first == second
    assert len(_entries(example_copy)) == len(list(example_copy.rglob("*.yaml")))


def test_positions_of_a_cached_file_come_from_its_text(example_copy: Path, caching: None) -> None:
    path = example_copy / "rotation" / "team.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Europe/", "Urope/"), "utf-8")
    found = [d.format() for d in load_workspace(example_copy).diagnostics]
    # Valid YAML with a model error is remembered (values only) ...
    assert str(path) in _entries(example_copy)
    # ... and the same problems, at the same places, are reported from the cache.
    assert [d.format() for d in load_workspace(example_copy).diagnostics] == found
    broken = next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "Urope/" in line
    )
    assert any(f"team.yaml:{broken}:" in line for line in found)


def test_a_changed_file_with_the_same_size_and_mtime_is_read_again(
    example_copy: Path, caching: None
) -> None:
    path = example_copy / "rotation" / "data-eng-oncall.yaml"
    load_workspace(example_copy)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "min_rest: 1" in text
    path.write_text(text.replace("min_rest: 1", "min_rest: 2"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    ws = load_workspace(example_copy).workspace
    assert ws.rotations["data-eng-oncall"].spec.fairness.min_rest == 2


def test_a_cache_from_elsewhere_never_matches(example_copy: Path, caching: None) -> None:
    # A cache committed to a repository carries other mtimes: a checkout never matches it,
    # so values the YAML does not hold cannot be smuggled in through it.
    load_workspace(example_copy)
    cache = example_copy / CACHE_DIR / CACHE_FILE
    stored = json.loads(cache.read_text(encoding="utf-8"))
    key = str(example_copy / "rotation" / "data-eng-oncall.yaml")
    stored["files"][key][1] += 1  # the same file, checked out at another time
    stored["files"][key][3][0]["spec"]["fairness"] = {"min_rest": 9}
    cache.write_text(json.dumps(stored), encoding="utf-8")
    ws = load_workspace(example_copy).workspace
    assert ws.rotations["data-eng-oncall"].spec.fairness.min_rest == 1


@pytest.mark.parametrize("content", ["{not json", '{"format": 999}', "[]", ""])
def test_a_corrupt_or_foreign_cache_is_ignored(
    example_copy: Path, caching: None, content: str
) -> None:
    cache = example_copy / CACHE_DIR / CACHE_FILE
    cache.parent.mkdir()
    cache.write_text(content, encoding="utf-8")
    assert load_workspace(example_copy).ok
    assert _entries(example_copy)  # rewritten whole


def test_files_with_yaml_problems_are_not_remembered(example_copy: Path, caching: None) -> None:
    path = example_copy / "rotation" / "time-off.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "spec: again\n", encoding="utf-8")
    first = [d.format() for d in load_workspace(example_copy).diagnostics]
    assert any("duplicate key" in line for line in first)
    assert str(path) not in _entries(example_copy)
    assert [d.format() for d in load_workspace(example_copy).diagnostics] == first


def test_removed_files_leave_the_cache(example_copy: Path, caching: None) -> None:
    load_workspace(example_copy)
    gone = example_copy / "runbooks" / "growth-daily.yaml"
    assert str(gone) in _entries(example_copy)
    gone.unlink()
    load_workspace(example_copy)
    assert str(gone) not in _entries(example_copy)


def test_off_unless_enabled_and_off_with_the_environment(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse_cache.disable()
    load_workspace(example_copy)
    assert not (example_copy / CACHE_DIR / CACHE_FILE).exists()
    monkeypatch.setenv("OPSBOOK_CACHE", "0")
    parse_cache.enable()
    load_workspace(example_copy)
    assert not (example_copy / CACHE_DIR / CACHE_FILE).exists()
    parse_cache.disable()


def test_a_read_only_workspace_still_loads(example_copy: Path, caching: None) -> None:
    (example_copy / CACHE_DIR).mkdir()
    (example_copy / CACHE_DIR).chmod(0o500)
    try:
        assert load_workspace(example_copy).ok
    finally:
        (example_copy / CACHE_DIR).chmod(0o700)
