"""The example workspace's plan, byte for byte, at the example's fixed instant.

Regenerate after a reviewed change to the planner or the example workspace:
`OPSBOOK_UPDATE_SNAPSHOTS=1 pytest tests/schedule/test_planner_snapshot.py`, then
`opsbook plan --at 2026-11-23T09:00:00+00:00` to refresh the committed lock.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from opsbook.loader import load_workspace
from opsbook.schedule.lockfile import render_lock
from opsbook.schedule.planner import plan_rotation

if TYPE_CHECKING:
    from tests.conftest import Snapshot

AT = datetime.fromisoformat("2026-11-23T09:00:00+00:00")


def test_example_plan_matches_its_snapshot_and_the_committed_lock(
    repo_root: Path, snapshot: Snapshot
) -> None:
    result = load_workspace(repo_root)
    assert result.ok, [d.format() for d in result.diagnostics]
    text = render_lock(plan_rotation(result.workspace, "data-eng-oncall", AT, None).lock)
    snapshot("plan-data-eng-oncall.lock.yaml", text)
    committed = repo_root / "rotation" / "data-eng-oncall.lock.yaml"
    assert committed.read_text(encoding="utf-8") == text, (
        "rotation/data-eng-oncall.lock.yaml is not the plan at 2026-11-23T09:00Z; run "
        "`opsbook plan --at 2026-11-23T09:00:00+00:00`"
    )
