"""The iCal test workspace (London and New York rotations across both DST changes),
overrides to drop into it, and the independent parser every feed is read back with."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from ical.calendar import Calendar as ParsedCalendar
from ical.calendar_stream import IcsCalendarStream

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.lockfile import lock_path, write_lock
from opsbook.schedule.revisions import record_revisions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ical"


@pytest.fixture
def dst_root(tmp_path: Path) -> Path:
    """A writable copy of the DST workspace."""
    target = tmp_path / "ws"
    shutil.copytree(FIXTURES / "dst", target)
    return target


@pytest.fixture
def load() -> Callable[[Path], Workspace]:
    def read(root: Path) -> Workspace:
        result = load_workspace(root)
        assert [d.format() for d in result.diagnostics] == []
        return result.workspace

    return read


@pytest.fixture
def use_overrides() -> Callable[[Path, str | None], None]:
    """Put a fixture Overrides file into a workspace copy (None removes them all)."""

    def put(root: Path, name: str | None) -> None:
        for old in (root / "rotation").glob("*-overrides.yaml"):
            old.unlink()
        if name is not None:
            source = FIXTURES / "overrides" / f"{name}.yaml"
            rotation = source.read_text().split("rotation: ", 1)[1].split()[0]
            shutil.copy(source, root / "rotation" / f"{rotation}-overrides.yaml")

    return put


@pytest.fixture
def record_plan(load: Callable[[Path], Workspace]) -> Callable[[Path, str], None]:
    """What `opsbook plan` does for the feeds: record the revisions in the lock file,
    written the way plan writes it. The assignments themselves are left as they are."""

    def record(root: Path, rotation: str) -> None:
        ws = load(root)
        lock = ws.locks[rotation]
        revisions = record_revisions(ws, rotation, lock, lock)
        updated = lock.model_copy(
            update={"spec": lock.spec.model_copy(update={"revisions": revisions})}
        )
        path = lock_path(ws, ws.rotations[rotation])
        assert path.exists()
        write_lock(path, updated)

    return record


@pytest.fixture
def parse() -> Callable[[bytes], ParsedCalendar]:
    """Read a feed with `ical`, a parser that shares no code with the icalendar library
    the feeds are written with."""

    def read(content: bytes) -> ParsedCalendar:
        return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))

    return read
