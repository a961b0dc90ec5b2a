"""unreachable_spans: every stretch of incident start times whose chain reaches nobody."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from opsbook.escalation import resolve_escalation
from opsbook.escalation.coverage import planning_horizon, unreachable_spans
from opsbook.loader.workspace import Workspace

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _spans(ws: Workspace, runbook: str) -> list[tuple[str, str]]:
    return [
        (s.start.astimezone(UTC).isoformat(), s.end.astimezone(UTC).isoformat())
        for s in unreachable_spans(ws, runbook, NOW, NOW + planning_horizon(ws))
    ]


def test_owners_only_policy_has_exact_unreachable_stretches(ws: Workspace) -> None:
    # Alice (Paris) is on vacation 21 Dec to 3 Jan, so Carol (London) covers her at
    # once and is paged again an hour later; Carol is off on English bank holidays.
    # On Easter Monday both are off on their own public holiday.
    assert _spans(ws, "holiday-report") == [
        ("2026-12-25T00:00:00+00:00", "2026-12-26T23:00:00+00:00"),  # Christmas, Boxing Day
        ("2026-12-28T00:00:00+00:00", "2026-12-28T23:00:00+00:00"),  # Boxing Day (observed)
        ("2027-01-01T00:00:00+00:00", "2027-01-01T23:00:00+00:00"),  # New Year's Day
        ("2027-03-28T23:00:00+00:00", "2027-03-29T22:00:00+00:00"),  # Easter Monday
    ]


@pytest.mark.parametrize("runbook", ["holiday-report"])
def test_every_instant_inside_a_stretch_reaches_nobody_and_just_outside_someone(
    ws: Workspace, runbook: str
) -> None:
    spans = unreachable_spans(ws, runbook, NOW, NOW + planning_horizon(ws))
    assert spans
    for span in spans:
        for at in (span.start, span.start + (span.end - span.start) / 2):
            assert not resolve_escalation(ws, runbook, at).reaches_anyone
        assert not resolve_escalation(ws, runbook, span.end - timedelta(seconds=1)).reaches_anyone
        assert resolve_escalation(ws, runbook, span.end).reaches_anyone
        assert resolve_escalation(ws, runbook, span.start - timedelta(seconds=1)).reaches_anyone


def test_oncall_policy_is_covered_by_the_other_role_unless_both_are_away(
    ws: Workspace,
) -> None:
    # Bob holds the primary pager over Thanksgiving (time off), but Carol, secondary,
    # covers. On Christmas Day both are on their own public holiday, but they hold the
    # shift: the effective schedule is the truth for on-call targets, so they are paged
    # (a public holiday takes out owners and members, never a holder).
    assert _spans(ws, "events") == []
    christmas = resolve_escalation(ws, "events", datetime(2026, 12, 25, 12, tzinfo=UTC))
    first = christmas.steps[0].targets[0]
    assert first.available
    assert first.note is not None
    assert first.note.startswith("on call on Christmas")


def test_times_the_lock_does_not_plan_are_not_judged(ws: Workspace) -> None:
    # The hand-written lock ends on 4 January, the horizon in May: a chain of on-call
    # steps alone is unknown after January, not "nobody".
    resolver_end = datetime(2027, 5, 1, tzinfo=UTC)
    assert resolve_escalation(ws, "events", resolver_end).reaches_anyone is False
    assert all(
        s.end < datetime(2027, 1, 4, tzinfo=UTC)
        for s in unreachable_spans(ws, "events", NOW, NOW + planning_horizon(ws))
    )


def test_a_contact_step_is_always_reachable(ws: Workspace) -> None:
    assert _spans(ws, "profit") == []
    assert _spans(ws, "direct") == []


def test_a_runbook_without_owners_reaches_nobody_the_whole_horizon(ws: Workspace) -> None:
    assert _spans(ws, "orphan") == [("2026-11-23T00:00:00+00:00", "2027-05-24T00:00:00+00:00")]


def test_the_horizon_is_the_longest_rotation_horizon(ws: Workspace) -> None:
    assert planning_horizon(ws) == timedelta(weeks=26)
