"""Stability on a roomier team: benchmarks/compare_planners.py's six members in six
countries (weekly primary + secondary, `min_rest: 1`, `avoid`).

    .venv/bin/python benchmarks/stability_six.py

Planned at 2026-03-02 (freeze 2 weeks, horizon 52 weeks), then for each member and for
weeks 4, 7, … 25 ahead one week of time off is added and the rotation re-planned against
the first lock: median and worst changed assignments, and any inside freeze.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import compare_planners

from opsbook.models.time_off import TimeOff
from opsbook.schedule.planner import plan_rotation

AT = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def main() -> int:
    ws = compare_planners.scenario(6)
    rotation = ws.rotations["r"]
    spec = rotation.spec.model_copy(
        update={"freeze": timedelta(weeks=2), "horizon": timedelta(weeks=52)}
    )
    ws = replace(ws, rotations={"r": rotation.model_copy(update={"spec": spec})})
    base = plan_rotation(ws, "r", AT, None)
    cut = AT + timedelta(weeks=2)
    changes: list[int] = []
    inside = 0
    began = time.perf_counter()
    for who, _zone, _country in compare_planners.PEOPLE:
        for weeks in range(4, 26, 3):
            first = AT.date() + timedelta(weeks=weeks)
            extra = TimeOff.model_validate(
                {
                    "apiVersion": "opsbook/v1",
                    "kind": "TimeOff",
                    "metadata": {"name": "extra"},
                    "spec": {
                        "entries": [
                            {"member": who, "start": first, "end": first + timedelta(days=6)}
                        ]
                    },
                }
            )
            changed = replace(ws, time_off=(*ws.time_off, extra))
            result = plan_rotation(changed, "r", AT, base.lock)
            inside += sum(1 for c in result.diff.reassigned if c.start < cut)
            changes.append(len(result.diff.reassigned))
    print(
        f"{len(changes)} cases: changed assignments median {statistics.median(changes):g}, "
        f"worst {max(changes)}; inside freeze {inside}; all {sorted(changes)} "
        f"({time.perf_counter() - began:.1f} s)"
    )
    return 0 if inside == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
