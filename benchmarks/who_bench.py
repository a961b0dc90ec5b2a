"""How long `opsbook who` takes, as a whole process, beside the interpreter's own start-up.

    .venv/bin/python benchmarks/who_bench.py [-n 30] [--root DIR] [--at ISO8601]

Runs `opsbook who` N times with a warm cache (the stdlib-only fast path), every fifth
round with the cache removed first (the full command: loads and validates the
workspace, then rewrites the cache), and `python -c pass` and `python -c "import
pydantic"` N times each, round robin, all from this same interpreter's environment.
Prints the median wall times and the ratio of a warm `who` to a bare interpreter.

Without --root it uses a copy of the test fixture workspace with a hand-written lock
(tests/fixtures/schedule/basic) and asks about an instant inside that lock, so the
numbers do not depend on whether `opsbook plan` has been run here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "schedule" / "basic"
FIXTURE_AT = "2026-11-18T12:00Z"


# As installed: Python caches bytecode, so a run does not recompile opsbook's modules
# (some sandboxes set PYTHONDONTWRITEBYTECODE, which would time the compiler instead).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str], remove: str | None = None) -> float:
    """Wall time of one run of `command`, in milliseconds."""
    if remove is not None:
        Path(remove).unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
    )
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=30, help="runs per measurement")
    parser.add_argument("--root", type=Path, default=None, help="workspace (default: fixture)")
    parser.add_argument("--at", default=None, help="instant to ask about")
    args = parser.parse_args()

    opsbook = Path(sys.executable).parent / "opsbook"
    if not opsbook.exists():
        print(f"no opsbook console script beside {sys.executable}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        if args.root is None:
            root = Path(scratch) / "ws"
            shutil.copytree(FIXTURE, root)
            at = args.at or FIXTURE_AT
        else:
            root, at = args.root, args.at
        who = [str(opsbook), "who", "--root", str(root)] + (["--at", at] if at else [])
        cache = str(root / ".opsbook-cache" / "who.json")

        subprocess.run(who, check=True, stdout=subprocess.DEVNULL, env=ENV)  # builds the cache
        if not Path(cache).is_file():
            print("the full command wrote no cache (workspace errors?)", file=sys.stderr)
            return 1
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys\nfrom opsbook.cli import who_fast\n"
                "code = who_fast.try_answer(sys.argv[1:])\n"
                "raise SystemExit(0 if code == 0 else 1)",
                *who[2:],
            ],
            stdout=subprocess.DEVNULL,
            env=ENV,
        )
        if probe.returncode != 0:
            print("the fast path does not answer these arguments", file=sys.stderr)
            return 1

        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import pydantic"': [sys.executable, "-c", "import pydantic"],
            "opsbook who (warm cache)": who,
        }
        results: dict[str, list[float]] = {name: [] for name in commands}
        results["opsbook who (no cache)"] = []
        # Round robin, so a busy moment on the machine weighs on every figure alike.
        for index in range(args.runs):
            for name, command in commands.items():
                results[name].append(run_once(command))
            if index % 5 == 0:
                results["opsbook who (no cache)"].append(run_once(who, remove=cache))
                run_once(who)  # warm again
    base = statistics.median(results["python -c pass"])
    print(f"median wall time of whole-process runs ({os.cpu_count()} CPUs)")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"  {name:30} {median:7.1f} ms  ({len(times)} runs, x{median / base:.2f})")
    warm = statistics.median(results["opsbook who (warm cache)"])
    print(f"warm `opsbook who` / `python -c pass` = {warm / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
