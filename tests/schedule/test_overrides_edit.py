"""Swaps and covers as validated edits of the Overrides file."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from opsbook.errors import RefusedError, UsageError
from opsbook.loader import Workspace, load_workspace
from opsbook.schedule.effective import on_call_at, override_diagnostics
from opsbook.schedule.overrides_edit import (
    ChangeRefused,
    append_entry,
    guess_indents,
    parse_shift_ref,
    plan_cover,
    plan_swap,
    write_override,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schedule"
BASIC = FIXTURES / "basic"
ROT = "ops-oncall"


def copy_basic(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    return root


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


def naive(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- swaps ------------------------------------------------------------------------------


def test_swap_names_the_current_holders_and_lists_the_changes() -> None:
    ws = load(BASIC)
    planned = plan_swap(ws, ROT, "secondary", date(2026, 10, 19), date(2026, 11, 23))
    assert planned.kind == "swaps"
    assert planned.entry == {
        "role": "secondary",
        "shifts": [date(2026, 10, 19), date(2026, 11, 23)],
        "members": ["ben", "dan"],
    }
    assert planned.changes == (
        "secondary 2026-10-19 09:00 BST to 2026-10-26 09:00 GMT: ben -> dan",
        "secondary 2026-11-23 09:00 GMT to 2026-11-30 09:00 GMT: dan -> ben",
    )


def test_swap_accepts_a_start_instant_and_records_the_handoff_date() -> None:
    ws = load(BASIC)
    planned = plan_swap(
        ws,
        ROT,
        "secondary",
        parse_shift_ref("2026-10-19T08:00Z"),
        parse_shift_ref("2026-11-23T09:00"),
        reason="family visit",
    )
    assert planned.entry["shifts"] == [date(2026, 10, 19), date(2026, 11, 23)]
    assert planned.entry["reason"] == "family visit"


def test_swap_of_an_already_swapped_shift_names_its_new_holder() -> None:
    ws = load(BASIC)  # the fixture gives 10-26 to ben and 11-02 to cat
    planned = plan_swap(ws, ROT, "primary", date(2026, 11, 2), date(2026, 11, 30))
    assert planned.entry["members"] == ["cat", "ben"]


@pytest.mark.parametrize(
    ("role", "a", "b", "members", "expected"),
    [
        # ann would take 23 Nov: she is at the dentist on the 24th.
        (
            "primary",
            "2026-11-16",
            "2026-11-23",
            None,
            "ann would be primary from 2026-11-23 09:00 GMT to 2026-11-30 09:00 GMT, during "
            "their own time off: ann: dentist (2026-11-24..2026-11-25)",
        ),
        # ann is already secondary on 2 Nov... after the fixture's swap cat holds primary.
        (
            "primary",
            "2026-11-02",
            "2026-11-16",
            None,
            "ann would be primary and secondary at once from 2026-11-02 09:00 GMT to "
            "2026-11-09 09:00 GMT",
        ),
        ("primary", "2026-11-16", "2026-11-17", None, "has no planned shift 2026-11-17"),
        ("primary", "2026-11-16", "2027-03-01", None, "has no planned shift 2027-03-01"),
        (
            "secondary",
            "2026-10-19",
            "2026-11-09",
            ("ben", "dan"),
            "dan does not hold secondary on 2026-11-09: cat does",
        ),
        (
            "secondary",
            "2026-11-30",
            "2026-11-23",
            None,
            "nobody holds secondary on 2026-11-30 (the plan left it unfilled)",
        ),
        (
            "primary",
            "2026-10-19",
            "2026-11-16",
            None,
            "ann holds both shifts, so nothing would change",
        ),
        # Moving cat off 9 Nov would leave the fixture's cover (replaces: cat) stale.
        (
            "secondary",
            "2026-10-19",
            "2026-11-09",
            None,
            "it would break the existing cover spec.covers[0] of ops-oncall-overrides: cover "
            "of secondary from 2026-11-10 18:00 GMT to 2026-11-11 09:00 GMT replaces cat, but "
            "ben holds it then",
        ),
    ],
)
def test_swap_refusals(
    role: str, a: str, b: str, members: tuple[str, str] | None, expected: str
) -> None:
    ws = load(BASIC)
    with pytest.raises(RefusedError) as caught:
        plan_swap(ws, ROT, role, parse_shift_ref(a), parse_shift_ref(b), members=members)
    assert expected in str(caught.value)


def test_a_refusal_says_whether_allow_short_rest_would_let_it_through(repo_root: Path) -> None:
    # The frozen-conflict proposals retry with --allow-short-rest only what rest alone
    # stopped; every other refusal would be refused again.
    ws = load(repo_root)
    rotation = "data-eng-oncall"
    lock = ws.locks[rotation]
    first = lock.spec.shifts[-26].shift
    verdicts = []
    for other in (s.shift for s in lock.spec.shifts[-25:]):
        try:
            plan_swap(ws, rotation, "primary", first, other)
            continue
        except ChangeRefused as refused:
            only_rest = refused.only_short_rest
        except RefusedError:
            continue
        try:
            plan_swap(ws, rotation, "primary", first, other, allow_short_rest=True)
            passes = True
        except RefusedError:
            passes = False
        verdicts.append((other, only_rest, passes))
    assert all(only_rest == passes for _, only_rest, passes in verdicts), verdicts
    assert {passes for _, _, passes in verdicts} == {True, False}


def test_swap_usage_errors() -> None:
    ws = load(BASIC)
    with pytest.raises(
        UsageError,
        match=r"unknown rotation 'ops-oncal'; expected one of: ops-oncall \(did you mean",
    ):
        plan_swap(ws, "ops-oncal", "primary", date(2026, 11, 2), date(2026, 11, 9))
    with pytest.raises(UsageError, match="has no role 'tertiary'"):
        plan_swap(ws, ROT, "tertiary", date(2026, 11, 2), date(2026, 11, 9))
    with pytest.raises(UsageError, match="expected a shift as its handoff date"):
        parse_shift_ref("next monday")


def test_swap_without_a_lock_is_refused(tmp_path: Path) -> None:
    root = copy_basic(tmp_path)
    (root / "rotation" / "ops-oncall.lock.yaml").unlink()
    with pytest.raises(RefusedError, match="no lock file yet"):
        plan_swap(load(root), ROT, "primary", date(2026, 11, 2), date(2026, 11, 9))


# --- covers -----------------------------------------------------------------------------


def test_cover_records_whom_it_replaces() -> None:
    ws = load(BASIC)
    planned = plan_cover(
        ws, ROT, "primary", naive("2026-11-17T12:00"), naive("2026-11-18T12:00"), "cat"
    )
    assert planned.entry == {
        "role": "primary",
        "start": "2026-11-17T12:00",
        "end": "2026-11-18T12:00",
        "member": "cat",
        "replaces": "ann",
    }
    assert planned.changes == ("primary 2026-11-17 12:00 GMT to 2026-11-18 12:00 GMT: ann -> cat",)


def test_cover_of_an_unfilled_slot_replaces_nobody() -> None:
    ws = load(BASIC)
    planned = plan_cover(
        ws,
        ROT,
        "secondary",
        datetime(2026, 12, 1, 9, tzinfo=UTC),
        datetime(2026, 12, 2, 9, tzinfo=UTC),
        "dan",
        reason="nobody was free",
    )
    assert planned.entry == {
        "role": "secondary",
        "start": "2026-12-01T09:00+00:00",
        "end": "2026-12-02T09:00+00:00",
        "member": "dan",
        "reason": "nobody was free",
    }


@pytest.mark.parametrize(
    ("role", "start", "end", "member", "replaces", "expected"),
    [
        (
            "primary",
            "2026-11-17T09:00",
            "2026-11-18T09:00",
            "dan",
            None,
            "dan would be primary from 2026-11-17 09:00 GMT to 2026-11-18 09:00 GMT, during "
            "their own time off: dan: conference (2026-11-17..2026-11-20)",
        ),
        (
            "primary",
            "2026-11-17T09:00",
            "2026-11-18T09:00",
            "ben",
            None,
            "ben would be primary and secondary at once",
        ),
        (
            "primary",
            "2026-11-17T09:00",
            "2026-11-18T09:00",
            "cat",
            "ben",
            "ben does not hold primary then; ann (2026-11-16 09:00 GMT to 2026-11-23 09:00 GMT)",
        ),
        (
            "primary",
            "2026-12-06T09:00",
            "2026-12-08T09:00",
            "cat",
            None,
            "the lock of ops-oncall plans 2026-10-19 09:00 BST to 2026-12-07 09:00 GMT",
        ),
        (
            "primary",
            "2026-11-17T09:00",
            "2026-11-18T09:00",
            "ann",
            None,
            "ann already holds primary then",
        ),
    ],
)
def test_cover_refusals(
    role: str, start: str, end: str, member: str, replaces: str | None, expected: str
) -> None:
    ws = load(BASIC)
    with pytest.raises(RefusedError) as caught:
        plan_cover(ws, ROT, role, naive(start), naive(end), member, replaces=replaces)
    assert expected in str(caught.value)


def test_cover_usage_errors() -> None:
    ws = load(BASIC)
    start, end = naive("2026-11-17T09:00"), naive("2026-11-18T09:00")
    with pytest.raises(UsageError, match=r"unknown member 'cta' \(did you mean 'cat'\?\)"):
        plan_cover(ws, ROT, "primary", start, end, "cta")
    with pytest.raises(UsageError, match="must be after --from"):
        plan_cover(ws, ROT, "primary", end, start, "cat")
    with pytest.raises(UsageError, match="cannot cover themselves"):
        plan_cover(ws, ROT, "primary", start, end, "cat", replaces="cat")


# --- writing ----------------------------------------------------------------------------


def test_written_swap_is_the_only_change_to_the_file(tmp_path: Path) -> None:
    root = copy_basic(tmp_path)
    path = root / "rotation" / "ops-oncall-overrides.yaml"
    before = path.read_text(encoding="utf-8")
    ws = load(root)
    planned = plan_swap(ws, ROT, "secondary", date(2026, 10, 19), date(2026, 11, 23))
    assert write_override(ws, planned).resolve() == path.resolve()
    anchor = "    - {role: primary, shifts: [2026-10-26, 2026-11-02], members: [cat, ben], "
    anchor += "reason: conference}\n"
    added = "    - {role: secondary, shifts: [2026-10-19, 2026-11-23], members: [ben, dan]}\n"
    assert path.read_text(encoding="utf-8") == before.replace(anchor, anchor + added)
    after = load(root)
    assert override_diagnostics(after) == []
    [_, secondary] = on_call_at(after, ROT, datetime(2026, 10, 20, tzinfo=UTC))
    assert (secondary.member, secondary.source) == ("dan", "swap")


def test_written_covers_keep_comments_and_long_lines(tmp_path: Path) -> None:
    root = copy_basic(tmp_path)
    path = root / "rotation" / "ops-oncall-overrides.yaml"
    before = path.read_text(encoding="utf-8")
    ws = load(root)
    long_reason = "ann is at the dentist, then picks her children up from school, far away"
    planned = plan_cover(
        ws,
        ROT,
        "primary",
        naive("2026-11-17T12:00"),
        naive("2026-11-18T12:00"),
        "cat",
        reason=long_reason,
    )
    write_override(ws, planned)
    # Too long for one line: written in block style below the hand-written entry, whose
    # end-of-line comment stays; the comment that closed the list still closes it.
    last = "# ben offered\n"
    block = (
        "    - role: primary\n"
        '      start: "2026-11-17T12:00"\n'
        '      end: "2026-11-18T12:00"\n'
        "      member: cat\n"
        "      replaces: ann\n"
        f"      reason: {long_reason}\n"
    )
    assert path.read_text(encoding="utf-8") == before.replace(last, last + block)
    ws = load(root)
    planned = plan_cover(
        ws,
        ROT,
        "secondary",
        naive("2026-12-01T09:00"),
        naive("2026-12-02T09:00"),
        "dan",
    )
    write_override(ws, planned)
    line = (
        '    - {role: secondary, start: "2026-12-01T09:00", end: "2026-12-02T09:00", member: dan}\n'
    )
    assert path.read_text(encoding="utf-8") == before.replace(last, last + block + line)
    assert override_diagnostics(load(root)) == []


def test_a_rotation_without_overrides_gets_a_new_file(tmp_path: Path) -> None:
    root = copy_basic(tmp_path)
    (root / "rotation" / "ops-oncall-overrides.yaml").unlink()
    ws = load(root)
    planned = plan_swap(ws, ROT, "primary", date(2026, 10, 26), date(2026, 11, 2))
    path = write_override(ws, planned)
    assert path.resolve() == (root / "rotation" / "ops-oncall-overrides.yaml").resolve()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/overrides.schema.json\n")
    assert "  swaps:\n    - {role: primary, shifts: [2026-10-26, 2026-11-02], " in text
    assert "  covers: []\n" in text
    after = load(root)
    assert after.overrides["ops-oncall-overrides"].spec.rotation == ROT
    assert override_diagnostics(after) == []


def test_append_to_empty_flow_lists_of_the_example_file(repo_root: Path) -> None:
    text = (repo_root / "rotation" / "data-eng-oncall-overrides.yaml").read_text(encoding="utf-8")
    out = append_entry(
        text,
        "data-eng-oncall-overrides",
        "swaps",
        {
            "role": "primary",
            "shifts": [date(2026, 12, 21), date(2026, 12, 28)],
            "members": ["bob", "carol"],
            "reason": "holidays",
        },
    )
    entry = "    - {role: primary, shifts: [2026-12-21, 2026-12-28], members: [bob, carol], "
    entry += "reason: holidays}\n"
    assert out == text.replace("  swaps: []\n", "  swaps:\n" + entry)


def test_append_keeps_the_files_own_indentation() -> None:
    text = (
        "kind: Overrides\n"
        "metadata: {name: r}\n"
        "spec:\n"
        "    rotation: r\n"
        "    covers:\n"
        "    - role: primary   # why\n"
        "      member: ann\n"
    )
    assert guess_indents(text) == (4, 2, 0)
    out = append_entry(text, "r", "covers", {"role": "primary", "member": "dan"})
    assert out == text + "    - {role: primary, member: dan}\n"
