"""How long the planner takes for a large organisation: 200 members, 20 rotations, 3 years.

    .venv/bin/python benchmarks/plan_bench.py [-n 3] [--process]

Writes a generated workspace to a temporary folder: 20 teams of 10 members each (five
zones, five public-holiday calendars, a few weeks of seeded random time off per person
per year, some late joiners), one rotation per team with primary and secondary roles:
12 weekly, 4 two-weekly and 4 daily. `at` is set so every lock runs from the rotation's
start over three years. Each round plans all 20 rotations from scratch and then again
with the fresh locks as existing locks (the CI case); the median of N rounds is printed.

With --process each round is the whole `opsbook plan` command in a new process
(loading and validating the workspace, writing 20 lock files) instead of in-process
calls to `plan_rotation`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START = date(2026, 1, 5)
YEARS = 3
ZONES = ("Europe/London", "Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC")
CALENDARS = ("{country: GB, subdivision: ENG}", "{country: FR}", "{country: US}", "{country: IN}")


def write_workspace(root: Path) -> str:
    """The generated workspace; returns the `--at` that makes each lock span 3 years."""
    rnd = random.Random(20261123)
    (root / "rotation").mkdir(parents=True)
    entries: list[str] = []
    for t in range(20):
        members = []
        for m in range(10):
            ident = f"t{t}m{m}"
            joined = ""
            if m == 9 and t % 3 == 0:
                joined = f", joined: {START + timedelta(days=rnd.randint(60, 500))}"
            members.append(
                f"    - {{id: {ident}, name: Member {ident}, timezone: {rnd.choice(ZONES)}, "
                f"holidays: {rnd.choice(CALENDARS)}{joined}}}"
            )
            for year in range(YEARS):
                for _ in range(rnd.randint(1, 3)):
                    first = START + timedelta(days=365 * year + rnd.randint(0, 350))
                    last = first + timedelta(days=rnd.randint(2, 13))
                    entries.append(f"    - {{member: {ident}, start: {first}, end: {last}}}")
        (root / "rotation" / f"team-{t}.yaml").write_text(
            "apiVersion: opsbook/v1\nkind: Team\n"
            f"metadata: {{name: team-{t}}}\nspec:\n  timezone: UTC\n  members:\n"
            + "\n".join(members)
            + "\n",
            encoding="utf-8",
        )
        every = "1w" if t < 12 else ("2w" if t < 16 else "1d")
        weekday = "" if every == "1d" else "weekday: monday, "
        (root / "rotation" / f"oncall-{t}.yaml").write_text(
            "apiVersion: opsbook/v1\nkind: Rotation\n"
            f"metadata: {{name: oncall-{t}}}\nspec:\n  team: team-{t}\n"
            f"  shift:\n    every: {every}\n"
            f'    handoff: {{{weekday}time: "09:00", timezone: {rnd.choice(ZONES)}}}\n'
            f"  start: {START}\n"
            f"  fairness: {{holidays: {rnd.choice(['avoid', 'share', 'ignore'])}, min_rest: 1}}\n"
            "  freeze: 2w\n  horizon: 26w\n",
            encoding="utf-8",
        )
    (root / "rotation" / "time-off.yaml").write_text(
        "apiVersion: opsbook/v1\nkind: TimeOff\nmetadata: {name: time-off}\nspec:\n  entries:\n"
        + "\n".join(entries)
        + "\n",
        encoding="utf-8",
    )
    at = START + timedelta(days=365 * YEARS) - timedelta(weeks=26)
    return f"{at}T12:00:00+00:00"


def in_process_round(root: Path, at: str) -> tuple[float, float, int]:
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


def process_round(root: Path, at: str) -> float:
    for lock in (root / "rotation").glob("*.lock.yaml"):
        lock.unlink()
    opsbook = Path(sys.executable).with_name("opsbook")
    began = time.perf_counter()
    subprocess.run(
        [str(opsbook), "plan", "--root", str(root), "--at", at],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--process", action="store_true", help="time whole `opsbook plan` runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        at = write_workspace(root)
        if args.process:
            times = [process_round(root, at) for _ in range(args.n)]
            print(
                f"opsbook plan, 200 members, 20 rotations, {YEARS} years (whole process): "
                f"median {statistics.median(times):.2f} s over {args.n} runs"
            )
            return 0
        rounds = [in_process_round(root, at) for _ in range(args.n)]
        shifts = rounds[0][2]
        print(
            f"plan_rotation, 200 members, 20 rotations, {YEARS} years ({shifts} shifts): "
            f"median {statistics.median(r[0] for r in rounds):.2f} s from scratch, "
            f"{statistics.median(r[1] for r in rounds):.2f} s against existing locks "
            f"({args.n} rounds)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
