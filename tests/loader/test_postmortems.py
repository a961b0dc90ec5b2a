"""Postmortems load as values linked to the rest of the workspace: the example's and
the postmortem test workspace's (invalid ones are in tests/fixtures/invalid/postmortem-*)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from opsbook.loader import load_workspace
from opsbook.postmortems.check_names import check_names

REPO = Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "tests" / "fixtures" / "postmortems" / "workspace"


def test_the_example_postmortem_loads_and_points_at_real_things() -> None:
    result = load_workspace(REPO)
    assert [d.format() for d in result.diagnostics] == []
    ws = result.workspace
    (postmortem,) = ws.postmortems.values()
    assert ws.source(postmortem) is not None
    assert Path(ws.source(postmortem).path).parent.name == "postmortems"  # type: ignore[union-attr]
    spec = postmortem.spec
    assert spec.runbooks == ("engagement-aggregate",)
    runbook = ws.runbooks["engagement-aggregate"]
    # Linked to the stale-mart failure mode and proven by the freshness check.
    failures = [m.failure for m in runbook.spec.failure_modes]
    assert [postmortem.runbook_of(r) for r in spec.failure_modes] == ["engagement-aggregate"]
    assert all(ref.failure in failures for ref in spec.failure_modes)
    proofs = [i.proof.check for i in spec.action_items if i.proof is not None]
    assert "engagement-mart-fresh" in proofs
    assert set(proofs) <= set(check_names(runbook))
    # One item still open, so lint and the site have something to show.
    assert [i.id for i in spec.action_items if i.status == "open" and ws.member(i.owner)]
    # Detected after a weekend, resolved within the hour.
    assert spec.time_to_detect > timedelta(hours=60)
    assert spec.time_to_resolve is not None
    assert spec.time_to_resolve < timedelta(hours=1)
    assert ws.postmortems_of("engagement-aggregate") == [postmortem]
    assert ws.postmortems_of("profit-aggregate") == []
    assert postmortem in list(ws.documents())


def test_the_postmortem_workspace_loads_clean_with_typed_values() -> None:
    result = load_workspace(WORKSPACE)
    assert [d.format() for d in result.diagnostics] == []
    ws = result.workspace
    assert sorted(ws.postmortems) == ["2026-11-10-events-stale", "2026-11-25-orders-late"]
    stale = ws.postmortems["2026-11-10-events-stale"]
    assert stale.spec.detected.at == datetime(2026, 11, 11, 10, tzinfo=UTC)
    assert stale.spec.detected.how == "check"
    items = {i.id: i for i in stale.spec.action_items}
    assert items["review-gate"].due == date(2026, 12, 1)
    assert items["review-gate"].status == "open"
    assert items["tell-finance"].owner == "dana"  # a contact may own an item
    assert stale.runbook_of(items["freshness-check"].proof) == "events"  # type: ignore[arg-type]
    assert [p.name for p in ws.postmortems_of("events")] == ["2026-11-10-events-stale"]
