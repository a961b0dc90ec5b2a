"""opsbook's own iCalendar writer against the icalendar library, byte for byte: every
feed of the example workspace, of the DST workspace with each of its overrides, and of
a workspace of hostile names and texts (escapes, folds inside multi-byte characters,
zones written as UTC, without DST, with DST abolished), in one process and in two."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ical.calendar import Calendar as ParsedCalendar
from tests.ical.icalendar_reference import reference_feeds

from opsbook.ical import build_feeds
from opsbook.loader.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ical"
OVERRIDES = sorted(p.stem for p in (FIXTURES / "overrides").glob("*.yaml"))

Load = Callable[[Path], Workspace]
UseOverrides = Callable[[Path, str | None], None]


def assert_same_feeds(
    ws: Workspace, at: datetime, start: datetime | None = None, end: datetime | None = None
) -> None:
    expected = reference_feeds(ws, at, start, end)
    for workers in (1, 2):
        ours = {f.path: f.content for f in build_feeds(ws, at, start, end, workers=workers)}
        assert list(ours) == list(expected)
        for path, content in expected.items():
            assert ours[path] == content, f"{path} (workers={workers})"


def test_the_example_workspace(load: Load) -> None:
    assert_same_feeds(load(REPO), datetime(2026, 11, 23, 9, tzinfo=UTC))


@pytest.mark.parametrize("overrides", [None, *OVERRIDES])
def test_the_dst_workspace(
    overrides: str | None,
    dst_root: Path,
    load: Load,
    use_overrides: UseOverrides,
    record_plan: Callable[[Path, str], None],
) -> None:
    use_overrides(dst_root, overrides)
    at = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert_same_feeds(load(dst_root), at)
    # The same after `opsbook plan` records the changes as revisions.
    for rotation in ("london-oncall", "newyork-oncall"):
        record_plan(dst_root, rotation)
    assert_same_feeds(load(dst_root), at)


def test_a_window_of_the_dst_workspace(dst_root: Path, load: Load) -> None:
    ws = load(dst_root)
    at = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert_same_feeds(ws, at, datetime(2026, 10, 20, tzinfo=UTC), datetime(2027, 4, 1, tzinfo=UTC))


def test_hostile_names_and_texts(
    tmp_path: Path, load: Load, parse: Callable[[bytes], ParsedCalendar]
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "hostile", root)
    ws = load(root)
    at = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert_same_feeds(ws, at)
    feeds = {f.path: f.content for f in build_feeds(ws, at)}
    li = feeds["members/li.ics"]
    # What the fixture is for: folds inside multi-byte text, every TEXT escape, times of
    # a zone written as UTC, RDATE observances, a reminder of a day and more.
    for expected in ("🐉".encode(), b"\r\n ", b"\\;", b"\\,", b"\\\\"):
        assert expected in li
    assert b"\r\nDTSTART:20261125T080000Z\r\n" in li
    assert b"\r\nRDATE:" in li
    assert b"\r\nTRIGGER:-P1DT2H\r\n" in li
    for content in feeds.values():
        assert all(len(line) <= 75 for line in content.split(b"\r\n"))
        parse(content)
