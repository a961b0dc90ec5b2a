"""Parallel writers: every accepted change is in the files afterwards.

Before the workspace lock (opsbook/files/lock.py), six `opsbook cover ... &` at once
exited 0 and kept two to five of the six covers, and a `swap` rewrote the lock from the
copy it had read, erasing a concurrent `plan`'s changes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.robustness.processes import opsbook_argv

from opsbook.loader import load_workspace

pytestmark = pytest.mark.slow

COVERS = 20


def _cover_args(root: Path, hour: int) -> list[str]:
    # One hour each of dan's primary shift of 9 November, all taken by ann: no two
    # overlap, so every one of them is valid alone and together.
    start = f"2026-11-10T{hour:02d}:00"
    end = f"2026-11-10T{hour + 1:02d}:00"
    return opsbook_argv(
        "cover", "ops-oncall", "--role", "primary", "--from", start, "--to", end,
        "--by", "ann", "--reason", f"slot {hour}", "--root", str(root),
    )  # fmt: skip


def _wait_all(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str, str]]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, out, err))
    return results


def test_twenty_parallel_covers_all_land(basic_ws: Path) -> None:
    procs = [
        subprocess.Popen(_cover_args(basic_ws, hour), stdout=-1, stderr=-1, text=True)
        for hour in range(1, COVERS + 1)
    ]
    results = _wait_all(procs)
    accepted = {
        h for h, (code, _, _) in zip(range(1, COVERS + 1), results, strict=True) if code == 0
    }
    assert accepted == set(range(1, COVERS + 1)), [r for r in results if r[0] != 0]
    loaded = load_workspace(basic_ws)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    covers = next(iter(loaded.workspace.overrides.values())).spec.covers
    reasons = {c.reason for c in covers}
    assert {f"slot {h}" for h in accepted} <= reasons
    # The lock's calendar bookkeeping saw every cover too: none was written from a stale copy.
    lock = loaded.workspace.locks["ops-oncall"]
    held = [r for r in lock.spec.revisions if str(r.shift) == "2026-11-09" and r.role == "primary"]
    assert held
    assert sum(1 for s in held[0].held if s.member == "ann") == COVERS


def test_swap_concurrent_with_plan_loses_nothing(basic_ws: Path) -> None:
    plan = subprocess.Popen(
        opsbook_argv("plan", "--at", "2026-10-20T12:00Z", "--root", str(basic_ws)),
        stdout=-1,
        stderr=-1,
        text=True,
    )
    swaps = [
        subprocess.Popen(
            opsbook_argv(
                "swap",
                "ops-oncall",
                "--role",
                "secondary",
                a,
                b,
                "--reason",
                f"swap {a}",
                "--root",
                str(basic_ws),
            ),
            stdout=-1,
            stderr=-1,
            text=True,
        )
        for a, b in (("2026-11-02", "2026-11-16"), ("2026-11-09", "2026-11-23"))
    ]
    plan_code, plan_out, plan_err = _wait_all([plan])[0]
    swap_results = _wait_all(swaps)
    assert plan_code == 0, plan_out + plan_err
    text = (basic_ws / "rotation" / "ops-oncall.lock.yaml").read_text(encoding="utf-8")
    # What plan wrote (its inputs digest and planning instant) survived the swaps...
    assert "  inputs: " in text
    assert "  planned_at: " in text
    loaded = load_workspace(basic_ws)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    reasons = {s.reason for s in loaded.workspace.overrides["ops-oncall-overrides"].spec.swaps}
    # ...and every swap that was accepted is in the Overrides file and in the lock's
    # revisions (whichever order the lock let them run in).
    revised = {(str(r.shift), r.role) for r in loaded.workspace.locks["ops-oncall"].spec.revisions}
    for (code, out, err), shift in zip(swap_results, ("2026-11-02", "2026-11-09"), strict=True):
        if code == 0:
            assert f"swap {shift}" in reasons
            assert (shift, "secondary") in revised
        else:
            assert "refused" in err, out + err


def test_covers_swaps_and_a_plan_at_once_leave_a_consistent_workspace(basic_ws: Path) -> None:
    """Twenty covers, two swaps and a plan started together: every accepted change is
    in the Overrides file, and the lock's calendar bookkeeping matches all of them (what
    `plan --check` verifies), so no writer worked from a stale copy."""
    at = "2026-10-20T12:00Z"
    procs = [
        subprocess.Popen(
            opsbook_argv("plan", "--at", at, "--root", str(basic_ws)),
            stdout=-1,
            stderr=-1,
            text=True,
        )
    ]
    procs += [
        subprocess.Popen(_cover_args(basic_ws, hour), stdout=-1, stderr=-1, text=True)
        for hour in range(1, COVERS + 1)
    ]
    procs += [
        subprocess.Popen(
            opsbook_argv(
                "swap", "ops-oncall", "--role", "secondary", "2026-10-19", "2026-11-23",
                "--reason", "mixed swap", "--root", str(basic_ws),
            ),
            stdout=-1,
            stderr=-1,
            text=True,
        )
    ]  # fmt: skip
    results = _wait_all(procs)
    assert all(code == 0 for code, _, _ in results), [r for r in results if r[0] != 0]
    loaded = load_workspace(basic_ws)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    spec = loaded.workspace.overrides["ops-oncall-overrides"].spec
    assert {f"slot {h}" for h in range(1, COVERS + 1)} <= {c.reason for c in spec.covers}
    assert "mixed swap" in {s.reason for s in spec.swaps}
    check = subprocess.run(
        opsbook_argv("plan", "--check", "--at", at, "--root", str(basic_ws)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
