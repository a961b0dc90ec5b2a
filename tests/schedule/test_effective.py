"""The effective schedule: lock + swaps + covers, and the problems of stale overrides."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from opsbook import diagnostic_codes as codes
from opsbook.loader import Workspace, load_workspace
from opsbook.schedule.effective import (
    EffectiveShift,
    effective_schedule,
    on_call_at,
    override_diagnostics,
    resolve,
)

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "basic"
ROT = "ops-oncall"
HEADER = """apiVersion: opsbook/v1
kind: Overrides
metadata: {name: ops-oncall-overrides}
spec:
  rotation: ops-oncall
"""


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


def with_overrides(tmp_path: Path, body: str) -> Workspace:
    """The basic fixture with its overrides file replaced by `body`."""
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    (root / "rotation" / "ops-oncall-overrides.yaml").write_text(HEADER + body, encoding="utf-8")
    return load(root)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def holders(shifts: list[EffectiveShift]) -> list[tuple[str, str | None, str]]:
    return [(s.role, s.member, s.source) for s in shifts]


def test_lock_without_overrides_is_the_schedule(tmp_path: Path) -> None:
    ws = with_overrides(tmp_path, "  swaps: []\n")
    shifts = effective_schedule(ws, ROT, utc(2026, 10, 1), utc(2027, 1, 1))
    assert len(shifts) == 14
    assert all(s.source == "schedule" and s.member == s.planned_member for s in shifts)
    first = shifts[0]
    # The first shift spans the fall-back weekend: 169 hours, in the rotation's zone.
    assert first.end - first.start == timedelta(hours=169)
    assert first.start.isoformat() == "2026-10-19T09:00:00+01:00"
    assert first.end.isoformat() == "2026-10-26T09:00:00+00:00"
    assert [s.role for s in shifts[:4]] == ["primary", "secondary", "primary", "secondary"]


def test_swap_and_cover_of_the_fixture_apply() -> None:
    ws = load(BASIC)
    week = effective_schedule(ws, ROT, utc(2026, 10, 26, 12), utc(2026, 10, 26, 13))
    assert holders(week) == [("primary", "ben", "swap"), ("secondary", "dan", "schedule")]
    assert week[0].planned_member == "cat"
    assert week[0].reason == "conference"
    nov2 = on_call_at(ws, ROT, utc(2026, 11, 5))
    assert holders(nov2) == [("primary", "cat", "swap"), ("secondary", "ann", "schedule")]
    # The cover splits cat's secondary week into before / cover / after; the naive
    # times are London wall-clock (GMT in November).
    nov9 = [s for s in resolve(ws, ROT).shifts if s.shift == date(2026, 11, 9)]
    secondary = [s for s in nov9 if s.role == "secondary"]
    assert [(s.member, s.source, s.start, s.end) for s in secondary] == [
        ("cat", "schedule", utc(2026, 11, 9, 9), utc(2026, 11, 10, 18)),
        ("ben", "cover", utc(2026, 11, 10, 18), utc(2026, 11, 11, 9)),
        ("cat", "schedule", utc(2026, 11, 11, 9), utc(2026, 11, 16, 9)),
    ]
    assert all(s.shift_start == utc(2026, 11, 9, 9) for s in secondary)
    assert secondary[1].reason == "school play"
    assert secondary[1].planned_member == "cat"
    assert override_diagnostics(ws) == []


def test_on_call_at_gives_one_piece_per_role_and_nothing_outside_the_lock() -> None:
    ws = load(BASIC)
    at = utc(2026, 11, 10, 18)  # the cover starts exactly now
    now = on_call_at(ws, ROT, at)
    assert holders(now) == [("primary", "dan", "schedule"), ("secondary", "ben", "cover")]
    just_before = on_call_at(ws, ROT, at - timedelta(minutes=1))
    assert holders(just_before) == [
        ("primary", "dan", "schedule"),
        ("secondary", "cat", "schedule"),
    ]
    unfilled = on_call_at(ws, ROT, utc(2026, 12, 1))
    assert holders(unfilled) == [("primary", "ben", "schedule"), ("secondary", None, "schedule")]
    assert on_call_at(ws, ROT, utc(2026, 10, 19, 7, 59)) == []
    assert on_call_at(ws, ROT, utc(2026, 12, 7, 9)) == []
    assert on_call_at(ws, "no-such-rotation", utc(2026, 11, 1)) == []


def test_effective_schedule_keeps_overlapping_pieces_whole() -> None:
    ws = load(BASIC)
    # A window inside one week returns the week's pieces unclipped.
    shifts = effective_schedule(ws, ROT, utc(2026, 11, 10, 20), utc(2026, 11, 10, 21))
    assert [(s.role, s.member, s.start, s.end) for s in shifts] == [
        ("primary", "dan", utc(2026, 11, 9, 9), utc(2026, 11, 16, 9)),
        ("secondary", "ben", utc(2026, 11, 10, 18), utc(2026, 11, 11, 9)),
    ]
    # An empty window touches nothing; the end is exclusive.
    assert effective_schedule(ws, ROT, utc(2026, 11, 9, 9), utc(2026, 11, 9, 9)) == []
    before = effective_schedule(ws, ROT, utc(2026, 11, 1), utc(2026, 11, 2, 9))
    assert {s.shift for s in before} == {date(2026, 10, 26)}


def test_a_stale_swap_is_reported_where_it_is_written_and_not_applied(tmp_path: Path) -> None:
    ws = with_overrides(
        tmp_path,
        "  swaps:\n    - {role: primary, shifts: [2026-11-16, 2026-11-23], members: [cat, ann]}\n",
    )
    shifts = on_call_at(ws, ROT, utc(2026, 11, 20))
    assert holders(shifts)[0] == ("primary", "ann", "schedule")
    [diag] = override_diagnostics(ws)
    assert diag.code == codes.SWAP_MISMATCH
    assert diag.path.endswith("ops-oncall-overrides.yaml")
    assert (diag.line, diag.col) == (7, 7)
    assert diag.key_path == "spec.swaps[0]"
    assert "expects cat on 2026-11-16 and ann on 2026-11-23" in diag.message
    assert "ann and cat hold them now" in diag.message


def test_a_swap_naming_an_unknown_shift_is_reported(tmp_path: Path) -> None:
    ws = with_overrides(
        tmp_path,
        "  swaps:\n"
        "    - {role: primary, shifts: [2026-11-17, 2026-11-23T09:00], members: [ann, cat]}\n",
    )
    [diag] = override_diagnostics(ws)
    assert diag.code == codes.SWAP_MISMATCH
    assert "no planned shift 2026-11-17 in the lock" in diag.message


def test_a_swap_by_start_instant_and_chained_swaps(tmp_path: Path) -> None:
    # Shifts named by their start instants (naive: London wall-clock); the second swap
    # names the holder the first one left, not the planned one.
    ws = with_overrides(
        tmp_path,
        "  swaps:\n"
        '    - {role: secondary, shifts: ["2026-10-19T09:00", 2026-11-23], members: [ben, dan]}\n'
        '    - {role: secondary, shifts: [2026-11-23, "2026-10-26T09:00:00+00:00"], '
        "members: [ben, dan]}\n",
    )
    assert override_diagnostics(ws) == []
    by_shift = {s.shift: s.member for s in resolve(ws, ROT).shifts if s.role == "secondary"}
    assert by_shift[date(2026, 10, 19)] == "dan"
    assert by_shift[date(2026, 10, 26)] == "ben"
    assert by_shift[date(2026, 11, 23)] == "dan"


def test_a_cover_across_a_handoff_splits_into_one_piece_per_planned_shift(
    tmp_path: Path,
) -> None:
    ws = with_overrides(
        tmp_path,
        "  covers:\n"
        '    - {role: primary, start: "2026-11-22T21:00", end: "2026-11-23T12:00", member: dan}\n',
    )
    pieces = [s for s in resolve(ws, ROT).shifts if s.role == "primary"]
    around = [
        (s.shift, s.member, s.source, s.start, s.end)
        for s in pieces
        if utc(2026, 11, 22) <= s.start < utc(2026, 11, 24)
    ]
    assert around == [
        (date(2026, 11, 16), "dan", "cover", utc(2026, 11, 22, 21), utc(2026, 11, 23, 9)),
        (date(2026, 11, 23), "dan", "cover", utc(2026, 11, 23, 9), utc(2026, 11, 23, 12)),
        (date(2026, 11, 23), "cat", "schedule", utc(2026, 11, 23, 12), utc(2026, 11, 30, 9)),
    ]
    # dan is secondary from 23 Nov 09:00: the cover's second piece breaks the rule.
    [diag] = override_diagnostics(ws)
    assert diag.code == codes.OVERRIDE_TWO_ROLES
    assert "dan would be primary and secondary at once" in diag.message
    assert "2026-11-23 09:00 GMT to 2026-11-23 12:00 GMT" in diag.message


def test_naive_cover_times_follow_the_rotation_zone_in_summer(tmp_path: Path) -> None:
    ws = with_overrides(
        tmp_path,
        "  covers:\n"
        '    - {role: primary, start: "2026-10-20T09:00", end: "2026-10-20T17:00", '
        "member: cat, replaces: ann, reason: appointment}\n",
    )
    [cover] = [s for s in resolve(ws, ROT).shifts if s.source == "cover"]
    assert (cover.start, cover.end) == (utc(2026, 10, 20, 8), utc(2026, 10, 20, 16))
    assert cover.start.isoformat() == "2026-10-20T09:00:00+01:00"


def test_a_cover_fills_an_unfilled_slot(tmp_path: Path) -> None:
    ws = with_overrides(
        tmp_path,
        "  covers:\n"
        '    - {role: secondary, start: "2026-11-30T09:00", end: "2026-12-07T09:00", '
        "member: dan}\n",
    )
    assert holders(on_call_at(ws, ROT, utc(2026, 12, 3))) == [
        ("primary", "ben", "schedule"),
        ("secondary", "dan", "cover"),
    ]
    assert override_diagnostics(ws) == []


@pytest.mark.parametrize(
    ("cover", "expected"),
    [
        (
            '{role: primary, start: "2026-11-17T09:00", end: "2026-11-18T09:00", '
            "member: cat, replaces: ben}",
            "replaces ben, but ann holds it then",
        ),
        (
            '{role: primary, start: "2026-12-06T09:00", end: "2026-12-08T09:00", member: cat}',
            "no planned shifts cover all of 2026-12-06 09:00 GMT to 2026-12-08 09:00 GMT",
        ),
        (
            '{role: primary, start: "2026-10-18T09:00", end: "2026-10-19T10:00", member: cat}',
            "no planned shifts cover all of",
        ),
    ],
)
def test_a_stale_cover_is_reported_and_not_applied(
    tmp_path: Path, cover: str, expected: str
) -> None:
    ws = with_overrides(tmp_path, f"  covers:\n    - {cover}\n")
    assert all(s.source == "schedule" for s in resolve(ws, ROT).shifts)
    [diag] = override_diagnostics(ws)
    assert diag.code == codes.COVER_MISMATCH
    assert expected in diag.message
    assert diag.key_path == "spec.covers[0]"


def test_applied_overrides_that_break_the_rules_are_reported(tmp_path: Path) -> None:
    ws = with_overrides(
        tmp_path,
        "  swaps:\n"
        # dan takes 16 Nov: he is at a conference from the 17th.
        "    - {role: primary, shifts: [2026-11-09, 2026-11-16], members: [dan, ann]}\n"
        "  covers:\n"
        # ben is already secondary that week.
        '    - {role: primary, start: "2026-10-20T09:00", end: "2026-10-21T09:00", '
        "member: ben}\n",
    )
    diags = override_diagnostics(ws)
    assert [(d.code, d.key_path) for d in diags] == [
        (codes.OVERRIDE_TIME_OFF, "spec.swaps[0]"),
        (codes.OVERRIDE_TWO_ROLES, "spec.covers[0]"),
    ]
    assert "dan would be primary from 2026-11-16 09:00 GMT to 2026-11-23 09:00 GMT" in (
        diags[0].message
    )
    assert "dan: conference (2026-11-17..2026-11-20)" in diags[0].message
    # Rule breaks are reported, but the schedule says what the file says.
    assert on_call_at(ws, ROT, utc(2026, 11, 18))[0].member == "dan"
