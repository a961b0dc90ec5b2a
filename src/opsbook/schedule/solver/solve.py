"""Solving a rotation's problem: the objectives one after another, window by window.

Each objective is minimised with the previous ones held at what was found (`==` the
value when it was proven optimal, `<=` when only found), the previous solution as the
hint. Everything that decides the answer is fixed: the seed, the number of search
workers (not the machine's cores), and a *deterministic* time limit per solve, which
counts work, not seconds, so a loaded or slow machine stops at the same point as a
fast one. Same inputs and package versions, same plan.

A long rotation (a daily one over years) is solved in overlapping windows: each
window's model covers `WINDOW` shifts, its first `STEP` are kept, and the next window
starts after them with everything before as history. The proof is then per window,
and the report adds the windows' values and bounds up.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from opsbook.schedule.solver.model import WindowModel
from opsbook.schedule.solver.problem import POINT_SCALE, History, Problem

SEED = 20260101
WORKERS = 1
"""One search worker: sequential and reproducible; rotations run in parallel instead."""
DETERMINISTIC_LIMIT = 0.5
"""Per objective and window, in CP-SAT's deterministic time units (about a second of
an unloaded core each; they count work, so the answer never depends on the load)."""
SPLIT_LIMIT = 1.0
"""Per objective of the role split: it is small, and when it does not reach a
role-count spread of one quickly it rarely reaches it at all."""
WINDOW = 168
"""Shifts in one model: a weekly rotation over three years fits in one."""
STEP = 112
"""Shifts kept from each window but the last; the rest is re-decided by the next."""


@dataclass(frozen=True)
class ObjectiveOutcome:
    """One objective's value, the best bound the solver proved, and whether they meet."""

    name: str
    value: float
    bound: float
    proven: bool
    windows: int = 1


@dataclass(frozen=True)
class Solution:
    """Who holds each (shift, role): `holders[p][r]` is a member index or None."""

    holders: list[list[int | None]]
    objectives: tuple[ObjectiveOutcome, ...]
    breaks: list[tuple[int, int]]
    """(position, member) of every shift taken with less rest than `min_rest`."""


def parameters(limit: float = DETERMINISTIC_LIMIT) -> cp_model.CpSolver:
    """A solver whose answer depends on the model alone: fixed seed, fixed worker
    count, a deterministic time limit, never wall-clock time."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = SEED
    params.num_workers = WORKERS
    params.max_deterministic_time = limit
    params.log_search_progress = False
    # Cuts from a tighter linear relaxation: what proves the bounds of these models.
    params.linearization_level = 2
    return solver


def windows(size: int) -> list[tuple[int, int, int]]:
    """(first, last, keep) of each window over `size` shifts."""
    if size <= WINDOW:
        return [(0, size, size)]
    out = []
    first = 0
    while first + WINDOW < size:
        out.append((first, first + WINDOW, first + STEP))
        first += STEP
    out.append((first, size, size))
    return out


def solve_problem(problem: Problem) -> Solution:
    """The plan of every shift of `problem`, objective by objective."""
    size = len(problem.shifts)
    holders: list[list[int | None]] = [[None] * len(problem.roles) for _ in range(size)]
    history = History(
        counts=[list(c) for c in problem.history.counts],
        burden=list(problem.history.burden),
        holiday_hours=list(problem.history.holiday_hours),
        last=list(problem.history.last),
    )
    totals: dict[str, list[float]] = {}
    proven: dict[str, bool] = {}
    count: dict[str, int] = {}
    for first, last, keep in windows(size):
        if first == last:
            continue
        outcomes = _window(problem, history, holders, first, last)
        for outcome in outcomes:
            value, bound = totals.setdefault(outcome.name, [0.0, 0.0])
            totals[outcome.name] = [value + outcome.value, bound + outcome.bound]
            proven[outcome.name] = proven.get(outcome.name, True) and outcome.proven
            count[outcome.name] = count.get(outcome.name, 0) + 1
        _settle(problem, history, holders, first, keep)
    breaks = _breaks(problem, holders)
    objectives = tuple(
        ObjectiveOutcome(name, totals[name][0], totals[name][1], proven[name], count[name])
        for name in OBJECTIVES
        if name in totals
    )
    return Solution(holders, objectives, breaks)


OBJECTIVES = (
    "rest breaks",
    "role-count spread beyond 1",
    "own-holiday role-shifts",
    "holiday-hour spread",
    "burden spread",
)
"""The objectives in the order they are minimised and reported."""


def _window(
    problem: Problem,
    history: History,
    holders: list[list[int | None]],
    first: int,
    last: int,
) -> list[ObjectiveOutcome]:
    """Solve one window: who is on call, then who holds which role.

    First the reduced model with total counts within the number of roles: a relaxation,
    so when its plan splits into roles with every role's count within one, it is optimal
    for the full problem. If not, the reduced model with total counts within one: its
    values stand, and the relaxation's optima are their bounds."""
    single = len(problem.roles) == 1
    relaxed, relaxation = _reduced(problem, history, holders, first, last, 0, force=single)
    if relaxed is not None:
        return relaxed
    bounds = {o.name: o.value for o in relaxation}
    tight, _ = _reduced(problem, history, holders, first, last, 1, force=True)
    assert tight is not None
    # The relaxation's optimum bounds an objective while every objective before it
    # reached the relaxation's value; after the first that did not, each objective is
    # proven given the values above it, as its own solve says. When even this split
    # leaves a role's counts apart (time off, a newcomer), the role-count objective is
    # reported against the only bound known, 0.
    out: list[ObjectiveOutcome] = []
    same = True
    for o in tight:
        floor = 0.0 if o.name == SPLIT else bounds.get(o.name)
        if same and floor is not None:
            out.append(replace(o, bound=min(o.value, floor), proven=o.value <= floor))
            same = o.value <= floor
        else:
            out.append(o)
    if all(o.proven for o in out) or not _small(problem, first, last):
        return out
    # A small window the split could not settle: the full model, per (shift, role,
    # member), proves what the reduced one could not, starting from the plan found.
    full = WindowModel(problem, first, last, history, reduced=False).build()
    _hint_plan(full, holders)
    trial: list[list[int | None]] = [list(h) for h in holders]
    exact = _lexicographic(full, trial)
    # Kept only when it is no worse, objective by objective in order, than the plan
    # the split found (the full model may stop at its limit before reaching it).
    if _ranked(exact) > _ranked(out):
        return out
    holders[first:last] = trial[first:last]
    return exact


def _ranked(outcomes: list[ObjectiveOutcome]) -> list[float]:
    """Objective values in the order they are minimised, to compare two plans."""
    values = {o.name: o.value for o in outcomes}
    return [values.get(name, 0.0) for name in OBJECTIVES]


FULL_MODEL_LIMIT = 2400
"""Largest window, in (shift, role, member) booleans, the full model is tried on."""


def _small(problem: Problem, first: int, last: int) -> bool:
    size = sum(len(problem.shifts[p].free) for p in range(first, last))
    return size * len(problem.roles) <= FULL_MODEL_LIMIT


def _hint_plan(window: WindowModel, holders: list[list[int | None]]) -> None:
    for (p, r, m), var in window.x.items():
        window.model.AddHint(var, holders[p][r] == m)
    for (p, m), on in window.y.items():
        window.model.AddHint(on, m in holders[p])


def _reduced(
    problem: Problem,
    history: History,
    holders: list[list[int | None]],
    first: int,
    last: int,
    slack: int,
    *,
    force: bool = False,
) -> tuple[list[ObjectiveOutcome] | None, list[ObjectiveOutcome]]:
    """The reduced model and the role split (None when the split leaves a role's counts
    apart, unless `force`), and the reduced model's own outcomes."""
    reduced = WindowModel(problem, first, last, history, reduced=True, slack=slack).build()
    _hint_overlap(reduced, holders)
    _hint_previous(reduced)
    on_call: list[list[int | None]] = [list(h) for h in holders]
    outcomes = _lexicographic(reduced, on_call)
    # The on-call members of each shift, as the only members free to take its roles.
    chosen = replace(
        problem,
        shifts=[
            replace(facts, free=tuple(sorted(m for m in on_call[p] if m is not None)))
            if first <= p < last
            else facts
            for p, facts in enumerate(problem.shifts)
        ],
    )
    split = WindowModel(chosen, first, last, history, reduced=False).build()
    trial: list[list[int | None]] = [list(h) for h in holders]
    split_outcomes = _lexicographic(split, trial, split_only=True)
    if split_outcomes[0].value != 0 and not force:
        return None, outcomes
    holders[first:last] = trial[first:last]
    return [*split_outcomes[:1], *(o for o in outcomes if o.name != TOTALS)], outcomes


TOTALS = "shift-count spread beyond the number of roles"
CHANGES = "changed assignments"
SPLIT = "role-count spread beyond 1"


def _lexicographic(
    window: WindowModel, holders: list[list[int | None]], *, split_only: bool = False
) -> list[ObjectiveOutcome]:
    model, problem = window.model, window.problem
    stages: list[tuple[str, cp_model.LinearExprT, float]] = []
    changes, _forced = window.changes()
    if split_only:
        stages.append(("role-count spread beyond 1", sum(window.excess), 1.0))
        stages.append((CHANGES, changes, 1.0))
    else:
        if window.breaks:
            stages.append(("rest breaks", sum(window.breaks), 1.0))
        name = TOTALS if window.reduced else "role-count spread beyond 1"
        stages.append((name, sum(window.excess), 1.0))
        if problem.holidays == "avoid":
            stages.append(("own-holiday role-shifts", window.own_holiday_shifts(), 1.0))
        elif problem.holidays == "share":
            stages.append(("holiday-hour spread", window.holiday_hours_spread(), 1.0))
    if not split_only:
        # Every assignment that differs from the existing lock is counted, after the
        # objectives above and before burden: a re-plan moves a shift only to keep a
        # rule, balance role counts or avoid an own holiday, never for burden alone.
        # (Not reported: the diff shows the changes.)
        if window.has_previous():
            stages.append((CHANGES, changes, 1.0))
        stages.append(("burden spread", window.burden_spread(), 1.0 / POINT_SCALE))
    if not window.model.Proto().solution_hint.vars:
        _hint_previous(window)
    outcomes: list[ObjectiveOutcome] = []
    limit = SPLIT_LIMIT if split_only else DETERMINISTIC_LIMIT
    found: cp_model.CpSolver | None = None
    for name, expression, scale in stages:
        model.Minimize(expression)
        solver = parameters(limit)
        status = solver.Solve(model)
        # No plan found within the limit (a big first window, no hint): try again with
        # a larger deterministic limit, so the answer still depends on the model alone.
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver = parameters(limit * 8)
            status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # Still nothing: the plan of the objective before stands, and this one is
            # reported at its value there, unproven.
            if found is None:
                raise RuntimeError(
                    f"{problem.rotation}: the solver found no plan for shifts "
                    f"{window.first}-{window.last} ({solver.StatusName(status)})"
                )
            value = round(found.Value(expression))
            if name != CHANGES:
                outcomes.append(ObjectiveOutcome(name, value * scale, 0.0, False))
            model.Add(expression <= value)
            continue
        found = solver
        value = round(solver.ObjectiveValue())
        bound = round(solver.BestObjectiveBound())
        optimal = status == cp_model.OPTIMAL
        if name != CHANGES:
            outcomes.append(
                ObjectiveOutcome(name, value * scale, min(bound, value) * scale, optimal)
            )
        if optimal:
            model.Add(expression == value)
        else:
            model.Add(expression <= value)
        model.ClearHints()
        for var in [*window.x.values(), *window.y.values()]:
            model.AddHint(var, solver.BooleanValue(var))
    assert found is not None
    solver = found
    if window.reduced:
        for p in window.positions():
            on = [m for m in problem.shifts[p].free if solver.BooleanValue(window.y[(p, m)])]
            holders[p] = [*on, *[None] * (len(problem.roles) - len(on))]
    else:
        for (p, r, m), var in window.x.items():
            if solver.BooleanValue(var):
                holders[p][r] = m
    return outcomes


def _hint_overlap(window: WindowModel, holders: list[list[int | None]]) -> None:
    """Start a window from what the window before it decided for the shifts they share
    (those without an existing lock's holders, which `_hint_previous` hints)."""
    for p in window.positions():
        if window.problem.shifts[p].previous is not None or all(h is None for h in holders[p]):
            continue
        for m in window.problem.shifts[p].free:
            on = window.y.get((p, m))
            if on is not None:
                window.model.AddHint(on, m in holders[p])


def _hint_previous(window: WindowModel) -> None:
    """Start from the existing lock: its holders where they may still hold the shift."""
    index = {m: i for i, m in enumerate(window.problem.ids)}
    for p in window.positions():
        before = window.problem.shifts[p].previous
        if before is None:
            continue
        for r, role in enumerate(window.problem.roles):
            holder = before.get(role)
            if holder is None or holder not in index:
                continue
            for m in window.problem.shifts[p].free:
                var = window.x.get((p, r, m))
                if var is not None:
                    window.model.AddHint(var, m == index[holder])
        if window.reduced:
            held = {index[h] for h in before.values() if h is not None and h in index}
            for m in window.problem.shifts[p].free:
                on = window.y.get((p, m))
                if on is not None:
                    window.model.AddHint(on, m in held)


def _settle(
    problem: Problem, history: History, holders: list[list[int | None]], first: int, keep: int
) -> None:
    """Add shifts [first, keep) to the history the next window starts from."""
    for p in range(first, keep):
        facts = problem.shifts[p]
        for r, m in enumerate(holders[p]):
            if m is None:
                continue
            history.counts[m][r] += 1
            history.burden[m] += facts.points[m]
            history.holiday_hours[m] += facts.holiday_hours[m]
            history.last[m] = p


def _breaks(problem: Problem, holders: list[list[int | None]]) -> list[tuple[int, int]]:
    """Every (position, member) held with less than `min_rest` shifts of rest before."""
    last = list(problem.history.last)
    out: list[tuple[int, int]] = []
    for p, roles in enumerate(holders):
        for m in roles:
            if m is None:
                continue
            previous = last[m]
            if previous is not None and p - previous - 1 < problem.min_rest:
                out.append((p, m))
            last[m] = p
    return out
