"""Calendar revisions kept in lock files: SEQUENCE only rises, former holders are kept
until they hold the stretch again, and a plan that changes nothing records nothing."""

from __future__ import annotations

import itertools
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.models.lock import HeldStretch, LockedShift, RotationLock
from opsbook.schedule.lockfile import lock_path, write_lock
from opsbook.schedule.revisions import (
    current_revisions,
    record_revisions,
    revise,
    same_revisions,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ical"
KEY = (date(2026, 12, 6), "primary")
START = datetime(2026, 12, 6, 1, 30, tzinfo=UTC)
MID = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
END = datetime(2026, 12, 13, 1, 30, tzinfo=UTC)


def held(*stretches: tuple[str, datetime, datetime]) -> tuple[HeldStretch, ...]:
    return tuple(HeldStretch(member=m, start=s, end=e) for m, s, e in stretches)


def test_an_unchanged_pair_stays_at_sequence_zero() -> None:
    plan = held(("ben", START, END))
    revision = revise(None, plan, plan, KEY)
    assert (revision.sequence, revision.gone) == (0, ())


def test_each_change_raises_the_sequence_and_remembers_who_lost_what() -> None:
    plan = held(("ben", START, END))
    swapped = revise(None, plan, held(("dan", START, END)), KEY)
    assert swapped.sequence == 1
    assert [g.member for g in swapped.gone] == ["ben"]
    covered = revise(swapped, None, held(("dan", START, MID), ("cat", MID, END)), KEY)
    assert covered.sequence == 2
    assert [(g.member, g.start) for g in covered.gone] == [("ben", START)]
    # Undone: Ben holds the whole shift again, so he no longer sees it cancelled; Dan
    # and Cat do.
    undone = revise(covered, None, plan, KEY)
    assert undone.sequence == 3
    assert [(g.member, g.start) for g in undone.gone] == [("dan", START), ("cat", MID)]
    assert revise(undone, None, plan, KEY) == undone


def test_a_pair_new_to_the_plan_was_never_published() -> None:
    revision = revise(None, None, held(("dan", START, END)), KEY)
    assert (revision.sequence, revision.gone) == (0, ())


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "dst", root)
    shutil.copy(FIXTURES / "overrides" / "swap-london.yaml", root / "rotation" / "o.yaml")
    result = load_workspace(root)
    assert result.ok
    return result.workspace


def _replanned(lock: RotationLock, shift: date, role: str, member: str) -> RotationLock:
    shifts = tuple(
        s.model_copy(update={"roles": {**s.roles, role: member}}) if s.shift == shift else s
        for s in lock.spec.shifts
    )
    assert all(isinstance(s, LockedShift) for s in shifts)
    return lock.model_copy(update={"spec": lock.spec.model_copy(update={"shifts": shifts})})


def test_plan_records_swaps_and_replans_and_nothing_else(ws: Workspace) -> None:
    lock = ws.locks["london-oncall"]
    recorded = record_revisions(ws, "london-oncall", lock, lock)
    assert [(r.shift.isoformat(), r.role, r.sequence) for r in recorded] == [
        ("2026-12-06", "primary", 1),
        ("2026-12-20", "primary", 1),
    ]
    with_revisions = lock.model_copy(
        update={"spec": lock.spec.model_copy(update={"revisions": recorded})}
    )
    # Planning again with nothing changed records the same thing.
    assert record_revisions(ws, "london-oncall", with_revisions, with_revisions) == recorded
    # A re-plan of a later shift hands Ann's secondary of 17 January to Cat: Ann loses it.
    replanned = _replanned(with_revisions, date(2027, 1, 17), "secondary", "cat")
    again = {
        (r.shift, r.role): r
        for r in record_revisions(ws, "london-oncall", with_revisions, replanned)
    }
    change = again[(date(2027, 1, 17), "secondary")]
    assert change.sequence == 1
    assert [g.member for g in change.gone] == ["ann"]
    assert again[(date(2026, 12, 6), "primary")] == recorded[0]


def test_a_first_plan_with_overrides_already_in_place_starts_at_zero(ws: Workspace) -> None:
    lock = ws.locks["london-oncall"]
    recorded = record_revisions(ws, "london-oncall", None, lock)
    assert [(r.shift.isoformat(), r.sequence, r.gone) for r in recorded] == [
        ("2026-12-06", 0, ()),
        ("2026-12-20", 0, ()),
    ]


def test_feeds_see_unrecorded_changes_as_the_next_plan_will_record_them(ws: Workspace) -> None:
    lock = ws.locks["london-oncall"]
    pending = current_revisions(ws, "london-oncall")
    recorded = {(r.shift, r.role): r for r in record_revisions(ws, "london-oncall", lock, lock)}
    assert {k: v for k, v in pending.items() if k in recorded} == recorded
    assert all(v.sequence == 0 and not v.gone for k, v in pending.items() if k not in recorded)


MEMBERS = ("ann", "ben", "cat", "dan")
CUTS = (datetime(2026, 12, 8, 9, tzinfo=UTC), MID, datetime(2026, 12, 11, 18, tzinfo=UTC))


@st.composite
def holdings(draw: st.DrawFn) -> tuple[HeldStretch, ...]:
    """Who holds a shift: one to four stretches at fixed cut points, any members."""
    cuts = sorted(draw(st.sets(st.sampled_from(CUTS), max_size=3)))
    bounds = [START, *cuts, END]
    return held(*((draw(st.sampled_from(MEMBERS)), a, b) for a, b in itertools.pairwise(bounds)))


@settings(max_examples=60, deadline=None)
@given(st.lists(holdings(), min_size=1, max_size=8))
def test_sequence_rises_with_every_change_and_gone_is_exactly_what_was_lost(
    states: list[tuple[HeldStretch, ...]],
) -> None:
    plan = held(("ann", START, END))
    entry = None
    previous, ever = plan, {(s.member, s.start) for s in plan}
    for state in states:
        revision = revise(entry, plan if entry is None else None, state, KEY)
        changed = [(s.member, s.start, s.end) for s in state] != [
            (s.member, s.start, s.end) for s in previous
        ]
        assert revision.sequence == (entry.sequence if entry else 0) + int(changed)
        now = {(s.member, s.start) for s in state}
        assert {(g.member, g.start) for g in revision.gone} == ever - now
        ever |= now
        entry, previous = revision, state


def test_a_swap_in_the_repeated_hour_is_counted_once_after_the_lock_is_read_back(
    tmp_path: Path,
) -> None:
    """The 25 October shift starts at the first of two 01:30s; the lock file writes it
    with a fixed offset, the schedule computes it in Europe/London. Same instant: the
    recorded revision must read back as current, not as one more change."""
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "dst", root)
    overrides = FIXTURES / "overrides" / "swap-london-repeated-hour.yaml"
    shutil.copy(overrides, root / "rotation" / "o.yaml")
    ws = load_workspace(root).workspace
    lock = ws.locks["london-oncall"]
    recorded = record_revisions(ws, "london-oncall", lock, lock)
    assert [(r.shift.isoformat(), r.sequence) for r in recorded] == [
        ("2026-10-25", 1),
        ("2026-11-08", 1),
    ]
    updated = lock.model_copy(update={"spec": lock.spec.model_copy(update={"revisions": recorded})})
    write_lock(lock_path(ws, ws.rotations["london-oncall"]), updated)
    reread = load_workspace(root).workspace
    again = record_revisions(
        reread, "london-oncall", reread.locks["london-oncall"], reread.locks["london-oncall"]
    )
    assert same_revisions(again, recorded)
    assert same_revisions(again, reread.locks["london-oncall"].spec.revisions)
    pending = current_revisions(reread, "london-oncall")
    assert pending[(date(2026, 10, 25), "primary")].sequence == 1
