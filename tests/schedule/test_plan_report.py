"""`opsbook plan`'s notes name who really holds each shift after the swaps, and say what
is true of them."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from opsbook.cli.entry import main
from opsbook.errors import OpsbookError
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.effective import Resolution, resolve
from opsbook.schedule.overrides_edit import plan_swap
from opsbook.schedule.plan_report import PlanReport, effective_holders, warning_lines
from opsbook.schedule.planner import PlanResult, plan_rotation

ROTATION = "data-eng-oncall"
REST = re.compile(r"min_rest relaxed: (\d+) of (\d+) shifts rested")


def rested(resolution: Resolution) -> dict[tuple[date, str], int | None]:
    """Shifts each holder rested before each (shift, role), from the effective pieces."""
    days = sorted({s.shift for s in resolution.shifts})
    held: dict[str, set[int]] = defaultdict(set)
    for piece in resolution.shifts:
        if piece.member is not None:
            held[piece.member].add(days.index(piece.shift))
    out: dict[tuple[date, str], int | None] = {}
    for (shift, role), member in resolution.holders.items():
        mine = days.index(shift)
        before = [p for p in held.get(member or "", ()) if p < mine]
        out[(shift, role)] = mine - max(before) - 1 if before else None
    return out


def replan(root: Path) -> tuple[Workspace, PlanResult]:
    ws = load_workspace(root).workspace
    lock = ws.locks[ROTATION]
    assert lock.spec.planned_at is not None
    return ws, plan_rotation(ws, ROTATION, lock.spec.planned_at, lock, resolve=True)


def test_a_rest_note_states_the_rest_of_whoever_holds_the_shift_after_a_swap(
    example_copy: Path,
) -> None:
    ws, result = replan(example_copy)
    rotation = ws.rotations[ROTATION]
    frozen = result.at + rotation.spec.freeze
    later = [s.shift for s in result.lock.spec.shifts if s.start > frozen]
    notes = [n for n in result.notes if REST.match(n.message) and n.shift in later]
    assert notes, "the example's plan has no short rest past the freeze to move"
    # A swap that hands a noted shift to someone who rested a different number of shifts.
    found = None
    for note in notes:
        figure = int(REST.match(note.message).group(1))  # type: ignore[union-attr]
        for other in later:
            try:
                swap = plan_swap(ws, ROTATION, note.role, note.shift, other, allow_short_rest=True)
            except OpsbookError:
                continue
            assert swap.after is not None
            if rested(swap.after)[(note.shift, note.role)] != figure:
                found = (note, other)
                break
        if found:
            break
    assert found is not None, "no swap changes the rest of a noted shift"
    note, other = found
    args = ["swap", ROTATION, "--role", note.role, str(note.shift), str(other)]
    assert main([*args, "--allow-short-rest", "--root", str(example_copy)]) == 0

    ws, result = replan(example_copy)
    truth = rested(resolve(ws, ROTATION, lock=result.lock))
    holders = effective_holders(ws, result)
    lines = warning_lines(result, holders)
    # The JSON report says the same as the text one.
    bent = PlanReport(result, "lock", False, (), holders).data()["rules_bent"]
    assert sorted(f"{b['shift']} {b['role']}: {b['reason']}" for b in bent) == sorted(
        f"{item.split()[0]} {item.split()[1]}: {message})"
        for line in lines
        if not line.strip().startswith("unfilled")
        for message, items in [line.strip().split("): ", 1)]
        for item in items.split(", ")
    )
    stated = {
        (date.fromisoformat(item.split()[0]), item.split()[1]): (int(m.group(1)), int(m.group(2)))
        for line in lines
        if (m := REST.search(line))
        for item in line.split("): ", 1)[1].split(", ")
    }
    assert stated
    for key, (figure, needed) in stated.items():
        assert truth[key] == figure < needed, (key, figure, truth[key])
    moved = truth[(note.shift, note.role)]
    needed = int(REST.match(note.message).group(2))  # type: ignore[union-attr]
    # The swapped shift: noted with its new holder's rest, or not at all once enough.
    assert ((note.shift, note.role) in stated) == (moved is not None and moved < needed)
