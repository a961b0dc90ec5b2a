"""The example workspace's plan, byte for byte, at the example's fixed instant.

The committed lock was re-planned at the instant it was first planned at, so its frozen
shifts (before 2026-12-07) are the old planner's and everything after is the solver's.
Solving again against it, at that instant, must give it back byte for byte: same
inputs, same lock (and every change is charged, so the hint is kept).

Regenerate after a reviewed change to the planner or the example workspace:
`opsbook plan --at 2026-11-23T09:00:00+00:00` to refresh the committed lock, then
`OPSBOOK_UPDATE_SNAPSHOTS=1 pytest tests/schedule/test_planner_snapshot.py`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from opsbook.loader import load_workspace
from opsbook.schedule.lockfile import render_lock
from opsbook.schedule.plan_guard import stamped
from opsbook.schedule.planner import plan_rotation

if TYPE_CHECKING:
    from tests.conftest import Snapshot

AT = datetime.fromisoformat("2026-11-23T09:00:00+00:00")


def test_example_plan_matches_its_snapshot_and_the_committed_lock(
    repo_root: Path, snapshot: Snapshot
) -> None:
    result = load_workspace(repo_root)
    assert result.ok, [d.format() for d in result.diagnostics]
    ws = result.workspace
    committed_lock = ws.locks["data-eng-oncall"]
    solved = plan_rotation(ws, "data-eng-oncall", AT, committed_lock, resolve=True)
    # As `opsbook plan` writes it: with its planning instant.
    text = render_lock(stamped(solved.lock, committed_lock, AT))
    snapshot("plan-data-eng-oncall.lock.yaml", text)
    committed = repo_root / "rotation" / "data-eng-oncall.lock.yaml"
    assert committed.read_text(encoding="utf-8") == text, (
        "solving again at 2026-11-23T09:00Z changes rotation/data-eng-oncall.lock.yaml"
    )
