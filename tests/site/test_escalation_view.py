"""The site's chains share schedules between runbooks and still answer like the resolver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsbook.escalation import resolve_escalation
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.site.escalation_view import ChainResolver

from .conftest import AT, REPO, copy_example

ESCALATION = REPO / "tests" / "fixtures" / "escalation" / "workspace"


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


def instants() -> list[datetime]:
    """Every 7 hours from before the fixture's lock to after it (covers, time off, an
    unfilled slot, a member who left), and every Monday handoff and the second before."""
    start = datetime(2026, 10, 30, tzinfo=UTC)
    stepped = [start + timedelta(hours=7 * i) for i in range(250)]
    handoffs = [datetime(2026, 11, 2, 9, tzinfo=UTC) + timedelta(weeks=w) for w in range(10)]
    return [*stepped, *handoffs, *(h - timedelta(seconds=1) for h in handoffs)]


def assert_same_as_resolver(ws: Workspace, at: datetime) -> int:
    """One resolver for every runbook (as a site build does), each answer compared with
    `resolve_escalation` run on its own; returns how many chains were compared."""
    shared = ChainResolver(ws, at)
    compared = 0
    for name in sorted(ws.runbooks):
        runbook = ws.runbooks[name]
        policy = ws.policies.get(runbook.spec.escalation or "")
        if policy is None:
            assert shared.escalation(runbook) is None
            assert shared.chain(runbook) is None
            continue
        flags = frozenset(step.when for step in policy.spec.steps if step.when)
        assert shared.escalation(runbook) == resolve_escalation(ws, name, at, flags), (name, at)
        compared += 1
    return compared


def test_shared_chains_equal_the_resolver_at_every_instant() -> None:
    ws = load(ESCALATION)
    compared = sum(assert_same_as_resolver(ws, at) for at in instants())
    # Every instant compares every runbook that has a policy: none was skipped.
    with_policy = sum(1 for rb in ws.runbooks.values() if rb.spec.escalation in ws.policies)
    assert with_policy >= 8
    assert compared == with_policy * len(instants())


def test_a_chain_asked_twice_is_the_same(tmp_path: Path) -> None:
    ws = load(copy_example(tmp_path / "ws", with_schedule=True))
    shared = ChainResolver(ws, AT)
    runbook = ws.runbooks["profit-aggregate"]
    first = shared.chain(runbook)
    assert first is not None
    assert first.steps
    assert shared.chain(runbook) == first
    assert assert_same_as_resolver(ws, AT) == len(ws.runbooks)


@pytest.mark.parametrize("hours", [0, 1, 30 * 24, 200 * 24])
def test_the_example_workspace_at_other_instants(tmp_path: Path, hours: int) -> None:
    ws = load(copy_example(tmp_path / "ws", with_schedule=True))
    assert assert_same_as_resolver(ws, AT + timedelta(hours=hours)) == len(ws.runbooks)
