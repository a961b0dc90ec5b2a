"""resolve_escalation against the fixture workspace and its hand-written lock file.

The lock (rotation/oncall.lock.yaml) hands off every Monday 09:00 London (GMT here):
2026-11-09 carol/dave, 2026-11-16 dave/alice, 2026-11-23 bob/carol, 2026-11-30
alice/(unfilled), 2026-12-21 bob/carol. Alice is on vacation 2026-12-21..2027-01-03 and
Bob off for Thanksgiving 2026-11-26..27.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from opsbook.errors import UsageError
from opsbook.escalation import Escalation, ResolvedTarget, resolve_escalation
from opsbook.loader.workspace import Workspace


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _target(escalation: Escalation, step: int, ref: str) -> ResolvedTarget:
    return next(t for t in escalation.steps[step - 1].targets if t.ref == ref)


# --- each target kind -------------------------------------------------------------------


def test_owner_targets_come_from_the_runbooks_ownership_entry(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "profit", _at("2026-11-10T12:00"))
    primary = _target(escalation, 1, "owner:primary")
    secondary = _target(escalation, 2, "owner:secondary")
    assert (primary.member, primary.name, primary.email) == (
        "alice",
        "Alice Moreau",
        "alice@example.com",
    )
    assert primary.phone == "+33 1 55 50 01 01"
    assert (primary.available, primary.reason, primary.covered_by) == (True, None, None)
    assert secondary.member == "carol"


def test_oncall_targets_come_from_the_schedule(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "profit", _at("2026-11-10T12:00"))
    assert _target(escalation, 1, "oncall:oncall/primary").member == "carol"
    assert _target(escalation, 2, "oncall:oncall/secondary").member == "dave"


def test_member_and_contact_targets_name_people_directly(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "direct", _at("2026-11-10T12:00"))
    dave = _target(escalation, 1, "member:dave")
    dana = _target(escalation, 2, "contact:dana")
    assert (dave.member, dave.available) == ("dave", True)
    assert (dana.member, dana.name, dana.email, dana.available) == (
        "dana",
        "Dana Lee",
        "dana@example.com",
        True,
    )


def test_a_member_who_left_is_unavailable_and_the_next_step_covers(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "direct", _at("2026-11-10T12:00"))
    erin = _target(escalation, 1, "member:erin")
    assert (erin.available, erin.reason) == (False, "left on 2026-10-30")
    assert erin.covered_by == "dana"


# --- the seeds' chain -------------------------------------------------------------------


def test_steps_fire_at_the_incident_start_plus_their_delay(ws: Workspace) -> None:
    start = _at("2026-11-10T12:00")
    escalation = resolve_escalation(ws, "profit", start)
    assert [s.index for s in escalation.steps] == [1, 2, 3]
    assert [s.at - start for s in escalation.steps] == [
        timedelta(0),
        timedelta(minutes=30),
        timedelta(hours=2),
    ]
    assert (escalation.runbook, escalation.policy, escalation.at) == (
        "profit",
        "investor-critical",
        start,
    )
    assert escalation.warnings == ()


def test_primary_owner_on_vacation_routes_to_the_secondary_and_says_why(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "profit", _at("2026-12-22T10:00"))
    primary = _target(escalation, 1, "owner:primary")
    assert primary.member == "alice"
    assert primary.available is False
    assert primary.reason == "vacation (2026-12-21..2027-01-03)"
    assert (primary.covered_by, primary.covered_by_name) == ("carol", "Carol Okafor")


def test_primary_and_secondary_owners_away_falls_to_the_next_step(ws: Workspace) -> None:
    # Christmas Day: Alice on vacation, Carol on an English bank holiday, so neither
    # owner is paged as owner. The next step's on-call secondary is Carol, who holds
    # that shift: a holder is paged over their own public holiday, so she covers.
    escalation = resolve_escalation(ws, "profit", _at("2026-12-25T12:00"))
    primary = _target(escalation, 1, "owner:primary")
    assert primary.available is False
    assert primary.covered_by == "carol"
    assert primary.covered_as == "next in the chain, oncall:oncall/secondary"
    carol = _target(escalation, 2, "owner:secondary")
    assert carol.reason == "public holiday: Christmas Day (2026-12-25)"


def test_public_holiday_is_read_in_the_members_own_zone(ws: Workspace) -> None:
    # 2026-12-25 08:30 in Kolkata is still 24 December in London and Los Angeles.
    escalation = resolve_escalation(
        ws, "direct", datetime(2026, 12, 25, 8, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
    )
    dave = _target(escalation, 1, "member:dave")
    assert dave.available is False
    assert dave.reason is not None
    assert dave.reason.startswith("public holiday: ")


def test_oncall_target_across_a_handoff_resolves_to_the_next_holder(ws: Workspace) -> None:
    # Incident at 08:30 on a handoff Monday; the 09:00 handoff passes the pager from
    # Carol to Dave, so the step 2 h later pages Dave.
    escalation = resolve_escalation(ws, "events", _at("2026-11-16T08:30"))
    first, second = escalation.steps
    assert (first.at, first.targets[0].member) == (_at("2026-11-16T08:30"), "carol")
    assert (second.at, second.targets[0].member) == (_at("2026-11-16T10:30"), "dave")


def test_oncall_holder_on_time_off_is_covered_by_the_other_role(ws: Workspace) -> None:
    # Bob holds the primary pager over Thanksgiving, which he took off.
    escalation = resolve_escalation(ws, "events", _at("2026-11-26T18:00"))
    bob = escalation.steps[0].targets[0]
    assert (bob.member, bob.available) == ("bob", False)
    assert bob.reason == "Thanksgiving (2026-11-26..2026-11-27)"
    assert bob.covered_by == "carol"


def test_unfilled_oncall_slot_is_unavailable_and_covered(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "profit", _at("2026-12-01T10:00"))
    slot = _target(escalation, 2, "oncall:oncall/secondary")
    assert (slot.member, slot.available) == (None, False)
    assert slot.reason == "unfilled secondary slot in the shift of 2026-11-30"
    assert slot.covered_by == "alice"


def test_no_planned_shift_is_explained_with_a_warning(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "profit", _at("2027-03-01T10:00"))
    slot = _target(escalation, 1, "oncall:oncall/primary")
    assert (slot.member, slot.available) == (None, False)
    assert slot.covered_by == "carol"
    # Two on-call targets read the one missing stretch of the lock: one warning.
    assert escalation.warnings == (
        "no planned shift of rotation oncall at 2027-03-01T10:00:00+00:00; run "
        "`opsbook plan` to create or extend its lock file",
    )


# --- when and repeat --------------------------------------------------------------------


def test_when_step_needs_its_flag(ws: Workspace) -> None:
    start = _at("2026-11-10T12:00")
    without = resolve_escalation(ws, "profit", start)
    with_flag = resolve_escalation(ws, "profit", start, frozenset({"investor-impact"}))
    assert "contact:finance-lead" not in [t.ref for s in without.steps for t in s.targets]
    assert [s.policy_step for s in without.skipped] == [4]
    last = with_flag.steps[-1]
    assert (last.index, last.at, last.when) == (4, start + timedelta(hours=6), "investor-impact")
    assert last.targets[0].member == "finance-lead"


def test_policy_with_only_conditional_steps_explains_the_empty_chain(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "finance", _at("2026-11-10T12:00"))
    assert escalation.steps == ()
    (warning,) = escalation.warnings
    assert "every step has a `when:` condition that is not set" in warning


def test_repeat_loops_the_chain_offset_by_the_cycle(ws: Workspace) -> None:
    start = _at("2026-11-10T12:00")
    escalation = resolve_escalation(ws, "loop", start)
    assert [(s.repeat, s.policy_step, s.at - start) for s in escalation.steps] == [
        (0, 1, timedelta(0)),
        (0, 2, timedelta(minutes=30)),
        (0, 3, timedelta(hours=1)),
        (1, 1, timedelta(hours=1)),
        (1, 2, timedelta(hours=1, minutes=30)),
        (1, 3, timedelta(hours=2)),
        (2, 1, timedelta(hours=2)),
        (2, 2, timedelta(hours=2, minutes=30)),
        (2, 3, timedelta(hours=3)),
    ]
    assert [s.index for s in escalation.steps] == list(range(1, 10))
    assert [s.targets[0].member for s in escalation.steps[:4]] == ["carol", "bob", "dana", "carol"]


# --- nobody available -------------------------------------------------------------------


def test_everyone_unavailable_is_a_clear_warning_not_an_empty_answer(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "holiday-report", _at("2026-12-25T12:00"))
    assert not escalation.reaches_anyone
    targets = [t for s in escalation.steps for t in s.targets]
    assert [(t.member, t.available) for t in targets] == [("alice", False), ("carol", False)]
    assert all(t.reason for t in targets)
    (warning,) = escalation.warnings
    assert warning.startswith("nobody can be reached")
    assert "Alice Moreau, vacation (2026-12-21..2027-01-03)" in warning
    assert "Carol Okafor, public holiday: Christmas Day (2026-12-25)" in warning


def test_the_same_policy_is_fine_when_someone_is_back(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "holiday-report", _at("2026-12-29T12:00"))
    assert escalation.reaches_anyone
    assert _target(escalation, 1, "owner:primary").covered_by == "carol"
    assert escalation.warnings == ()


def test_runbook_without_ownership_entry_warns(ws: Workspace) -> None:
    escalation = resolve_escalation(ws, "orphan", _at("2026-11-10T12:00"))
    assert any("has no entry in any OwnershipMatrix" in w for w in escalation.warnings)
    assert any(w.startswith("nobody can be reached") for w in escalation.warnings)


# --- usage errors -----------------------------------------------------------------------


def test_unknown_runbook_suggests_the_closest_name(ws: Workspace) -> None:
    with pytest.raises(UsageError, match=r"unknown runbook 'prfit'; did you mean 'profit'\?"):
        resolve_escalation(ws, "prfit", _at("2026-11-10T12:00"))


def test_runbook_without_policy_is_a_usage_error(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="runbook no-policy has no escalation policy"):
        resolve_escalation(ws, "no-policy", _at("2026-11-10T12:00"))


def test_naive_incident_time_is_refused(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="must carry a time zone"):
        resolve_escalation(ws, "profit", datetime(2026, 11, 10, 12))


def test_same_inputs_give_the_same_answer(ws: Workspace) -> None:
    start = _at("2026-12-22T10:00")
    assert resolve_escalation(ws, "profit", start) == resolve_escalation(ws, "profit", start)


def test_oncall_follows_covers_not_just_the_lock(ws: Workspace) -> None:
    # The lock plans Carol as primary all week; a cover gives Bob 12 Nov 09:00 to 13 Nov.
    during = resolve_escalation(ws, "events", _at("2026-11-12T12:00"))
    after = resolve_escalation(ws, "events", _at("2026-11-13T12:00"))
    assert during.steps[0].targets[0].member == "bob"
    assert after.steps[0].targets[0].member == "carol"
