"""Stability of re-planning: one week of time off added far ahead, how many assignments move.

    .venv/bin/python benchmarks/stability.py [--root .] [--at 2026-11-23T09:00:00+00:00]

The example workspace's rotation is planned at AT; then, for each member and for
weeks 4, 7, … 25 ahead (beyond `freeze`), one week of time off is added for that member
and the rotation re-planned against the first lock. Prints, over those cases, the
median and worst number of changed assignments, and whether any changed shift starts
inside the freeze window (it must never). The figures in BENCHMARKS.md and
docs/manual/planning.md come from this script.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--at", default="2026-11-23T09:00:00+00:00")
    parser.add_argument("--rotation", default="data-eng-oncall")
    args = parser.parse_args()

    from opsbook.loader import load_workspace
    from opsbook.schedule.planner import plan_rotation

    at = datetime.fromisoformat(args.at)
    base_ws = load_workspace(args.root).workspace
    rotation = base_ws.rotations[args.rotation]
    members = sorted(base_ws.rotation_members(rotation))
    base = plan_rotation(base_ws, args.rotation, at, None)
    cut = at + rotation.spec.freeze
    changes: list[int] = []
    inside = 0
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for who in members:
            for weeks in range(4, 26, 3):
                root = Path(tmp) / f"{who}-{weeks}"
                shutil.copytree(args.root / "rotation", root / "rotation")
                (root / "rotation" / f"{args.rotation}.lock.yaml").unlink(missing_ok=True)
                first = at.date() + timedelta(weeks=weeks)
                time_off = root / "rotation" / "time-off.yaml"
                time_off.write_text(
                    time_off.read_text(encoding="utf-8")
                    + f"    - {{member: {who}, start: {first}, "
                    f"end: {first + timedelta(days=6)}}}\n",
                    encoding="utf-8",
                )
                ws = load_workspace(root).workspace
                result = plan_rotation(ws, args.rotation, at, base.lock)
                inside += sum(1 for c in result.diff.reassigned if c.start < cut)
                changes.append(len(result.diff.reassigned))
    took = time.perf_counter() - began
    print(
        f"{len(changes)} cases: changed assignments median {statistics.median(changes):g}, "
        f"worst {max(changes)}; inside freeze {inside}; all {sorted(changes)} "
        f"({took:.1f} s)"
    )
    return 0 if inside == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
