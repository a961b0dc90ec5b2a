"""The planner alone, in-process, on the benchmark organisation: for profiling it.

    .venv/bin/python benchmarks/plan_bench.py [-n 3] [--seed 9]

`benchmarks/run.py` (`make bench`) times the whole `opsbook plan` command; this times
only `plan_rotation`, without process start-up, loading or writing, so a change to
the planner shows on its own (and `python -m cProfile benchmarks/plan_bench.py -n 1`
says where the time goes). The workspace is make_org.py's organisation without
runbooks: 200 members in 20 rotations of about 10, locks over 3 years. Each round
plans every rotation from scratch, then again against those locks (the CI case);
medians of N rounds are printed.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import make_org


def one_round(root: Path, at: str) -> tuple[float, float, int]:
    """Seconds to plan every rotation from scratch, then again against those locks."""
    from datetime import datetime

    from opsbook.loader import load_workspace
    from opsbook.schedule.planner import plan_rotation

    ws = load_workspace(root).workspace
    instant = datetime.fromisoformat(at)
    began = time.perf_counter()
    locks = {name: plan_rotation(ws, name, instant, None).lock for name in sorted(ws.rotations)}
    fresh = time.perf_counter() - began
    began = time.perf_counter()
    for name in sorted(ws.rotations):
        plan_rotation(ws, name, instant, locks[name])
    again = time.perf_counter() - began
    shifts = sum(len(lock.spec.shifts) for lock in locks.values())
    return fresh, again, shifts


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    size = make_org.OrgSize(runbooks=0)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        at = make_org.generate(root, size, args.seed, plan=False).isoformat()
        rounds = [one_round(root, at) for _ in range(args.n)]
    shifts = rounds[0][2]
    print(
        f"plan_rotation, {size.members} members, {size.rotations} rotations, {size.years} "
        f"years ({shifts} shifts): median {statistics.median(r[0] for r in rounds):.2f} s "
        f"from scratch, {statistics.median(r[1] for r in rounds):.2f} s against existing "
        f"locks ({args.n} rounds)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
