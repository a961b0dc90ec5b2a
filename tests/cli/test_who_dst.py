"""`opsbook who --at` one minute before and after every handoff across DST changes.

The expected instants are the hand-worked ones of fixtures/schedule/dst-handoffs.json
(Europe/London and America/New_York, spring-forward and fall-back, handoffs in the gap
and in the fold). Both the full command and the cached fast path must answer them.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from opsbook.cli import who_fast
from opsbook.cli.main import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schedule"
EXPECTED: dict[str, Any] = json.loads((FIXTURES / "dst-handoffs.json").read_text("utf-8"))
ROTATIONS = sorted(name for name in EXPECTED if not name.startswith("_"))
MEMBERS = ("amy", "raj", "zoe")


def who_json(
    root: Path, rotation: str, at: datetime, capsys: pytest.CaptureFixture[str], code: int = 0
) -> tuple[str, bool]:
    args = ["who", rotation, "--root", str(root), "--at", at.isoformat(), "--format", "json"]
    assert run(args) == code
    out = capsys.readouterr().out
    # The full command has just refreshed the cache: the fast path must agree byte for
    # byte whenever `at` lies in the cached window.
    answered = who_fast.try_answer(args[1:])
    fast = capsys.readouterr().out
    if answered is not None:
        assert fast == out
    return out, answered is not None


@pytest.mark.parametrize("rotation", ROTATIONS)
def test_who_at_one_minute_around_each_handoff(
    tmp_path: Path, rotation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "dst"
    shutil.copytree(FIXTURES / "dst", root)
    handoffs = [
        datetime.fromisoformat(h).replace(tzinfo=UTC) for h in EXPECTED[rotation]["handoffs_utc"]
    ]
    minute = timedelta(minutes=1)
    for index, handoff in enumerate(handoffs):
        for side, at in ((index - 1, handoff - minute), (index, handoff + minute)):
            outside = side < 0 or side >= len(handoffs) - 1
            # Outside the plan nobody is on call: exit 1, never a quiet empty answer.
            out, fast_answered = who_json(root, rotation, at, capsys, 1 if outside else 0)
            answer = json.loads(out)
            assert answer["at"] == at.isoformat()
            [only] = answer["rotations"]
            assert only["rotation"] == rotation
            members = [(s["role"], s["member"]) for s in only["shifts"]]
            if outside:
                assert members == []  # before the first or after the last planned shift
            else:
                assert members == [
                    ("primary", MEMBERS[side % 3]),
                    ("secondary", MEMBERS[(side + 1) % 3]),
                ], f"{rotation} at {at.isoformat()}"
                assert fast_answered
