"""Solving a rotation's problem: the objectives one after another, window by window.

Each objective is minimised with the previous ones held at what was found (`==` the
value when it was proven optimal, `<=` when only found), the previous solution as the
hint. Everything that decides the answer is fixed: the seed, the number of search
workers (not the machine's cores), and a *deterministic* time limit per solve, which
counts work, not seconds, so a loaded or slow machine stops at the same point as a
fast one. Same inputs and package versions, same plan.

Per window, two models (see `model`): who is on call, then who holds which role among
them. The first is a relaxation of the whole problem with the same objectives, so when
the split reaches its role counts, the plan is optimal for the whole problem (when it
does not, see `_window`). A small window being re-planned uses the full per-role model
at once. Every stage starts from a complete plan: one made in one pass (`_greedy`), the
existing lock on a re-plan, or the stage before's; a start that already scores zero is
proven without a search, so the first objectives usually cost nothing.

A long rotation (a daily one over years) is solved in overlapping windows: each
window's model covers `WINDOW` shifts, its first `STEP` are kept, and the next window
starts after them with everything before as history. The proof is then per window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from opsbook.schedule.solver.model import HOLIDAY_TOLERANCE, WindowModel
from opsbook.schedule.solver.problem import POINT_SCALE, History, Problem

SEED = 20260101
WORKERS = 1
"""One search worker: sequential and reproducible; rotations run in parallel instead."""
PROOF_LIMIT = 2.0
"""Per objective DESIGN.md names, in CP-SAT's deterministic time units (roughly a second
of an unloaded core each; they count work, so the answer never depends on the load).
Most are proven long before it."""
POLISH_LIMIT = 0.3
"""Per tie-break objective (taking turns, burden spread): these rarely have a tight
bound, so the solver would spend any limit; the plan found by then is kept."""
GUIDED_SHIFTS = 200
"""Largest window whose holiday objective is first searched with taking turns in view:
on larger ones that search rarely proves and costs more than repairing the turns after."""
WINDOW = 1200
"""Shifts in one model: a daily rotation over three years fits in one. Measured on the
organisation benchmark's daily rotations (1,095 shifts): one model takes 5 to 7 s and
paces turns and burden far better than three windows of 420 (11 to 15 s), whose seams
the tie-breaks could not repair within their limits."""
STEP = 1000
"""Shifts kept from each window but the last; the rest is re-decided by the next."""

RESTS = "rest breaks"
SPLIT = "role-count spread beyond 1"
TOTALS = "role-count spread beyond 1, relaxed"
HOLIDAYS = "own-holiday role-shifts"
HOLIDAY_HOURS = "holiday hours apart beyond a day"
CHANGES = "changed assignments"
TURNS = "counts apart at turn ends"
BURDEN = "burden spread"

OBJECTIVES = (RESTS, SPLIT, HOLIDAYS, HOLIDAY_HOURS, TURNS, BURDEN)
"""The objectives reported, in the order they are minimised (changed assignments, which
the diff shows, come after the holidays and before taking turns)."""


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


FULL_MODEL_LIMIT = 2400
"""Largest window, in (shift, role, member) booleans, the full model is tried on."""


@dataclass(frozen=True)
class Span:
    """The window being solved: shifts [first, last) of `problem`, after `history`
    (what the shifts before it hold)."""

    problem: Problem
    history: History
    first: int
    last: int

    def model(self, *, roles: bool = False, tight: bool = False) -> WindowModel:
        return WindowModel(
            self.problem, self.first, self.last, self.history, roles=roles, tight=tight
        ).build()

    @property
    def small(self) -> bool:
        """Small enough for the full model, per (shift, role, member)."""
        problem = self.problem
        size = sum(len(problem.shifts[p].free) for p in range(self.first, self.last))
        return size * len(problem.roles) <= FULL_MODEL_LIMIT


def parameters(limit: float) -> cp_model.CpSolver:
    """A solver whose answer depends on the model alone: fixed seed, fixed worker
    count, a deterministic time limit, never wall-clock time."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = SEED
    params.num_workers = WORKERS
    params.max_deterministic_time = limit
    params.log_search_progress = False
    # Cuts from a tighter linear relaxation: what proves the holiday and count bounds
    # of these models (without it the 5-member comparison stalls at 39 against 13).
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
        for outcome in _window(Span(problem, history, first, last), holders):
            value, bound = totals.setdefault(outcome.name, [0.0, 0.0])
            totals[outcome.name] = [value + outcome.value, bound + outcome.bound]
            proven[outcome.name] = proven.get(outcome.name, True) and outcome.proven
            count[outcome.name] = count.get(outcome.name, 0) + 1
        _settle(problem, history, holders, first, keep)
    objectives = tuple(
        ObjectiveOutcome(name, totals[name][0], totals[name][1], proven[name], count[name])
        for name in OBJECTIVES
        if name in totals
    )
    return Solution(holders, objectives, _breaks(problem, holders))


def _window(span: Span, holders: list[list[int | None]]) -> list[ObjectiveOutcome]:
    """Solve one window: who is on call, then who holds which role."""
    first, last = span.first, span.last
    if span.small and any(span.problem.shifts[p].previous for p in range(first, last)):
        # A re-plan of a small window: the full model at once. Its changed assignments
        # are per role, as the diff counts them; the two-step model sees only who is on
        # call, and would swap two members' roles in a shift for free.
        start = _greedy_roles(span, _greedy(span, holders))
        return _ordered(_lexicographic(span.model(roles=True), holders, start))
    plan, outcomes = _on_call(span, holders, tight=False)
    split, split_outcomes = _split(span, plan)
    # The on-call model's role counts are a relaxation: its optimum bounds the split's,
    # and the split proves the whole problem's optimum only when it reaches that bound.
    bounds = {o.name: o.bound for o in outcomes}
    bounds[SPLIT] = bounds.pop(TOTALS, 0.0)
    found = _bounded([*split_outcomes, *(o for o in outcomes if o.name != TOTALS)], bounds)
    if all(o.proven for o in found if o.name == SPLIT):
        holders[first:last] = split[first:last]
        return found
    # The split left a role's counts apart (the counts the relaxation allows need roles
    # no shift-by-shift split gives). Again with each member's shifts within one of each
    # other's, which always splits: its values stand, the relaxation's are their bounds.
    tight_plan, tight_outcomes = _on_call(span, holders, tight=True)
    tight_split, tight_split_outcomes = _split(span, tight_plan)
    tight = _bounded(
        [*tight_split_outcomes, *(o for o in tight_outcomes if o.name != TOTALS)], bounds
    )
    if _ranked(tight) <= _ranked(found):
        split, found = tight_split, tight
    holders[first:last] = split[first:last]
    if all(o.proven for o in found) or not span.small:
        return found
    # A small window still unsettled: the full model, per (shift, role, member), proves
    # what the two-step one could not, starting from the plan found; kept when no worse.
    trial: list[list[int | None]] = [list(h) for h in holders]
    exact = _ordered(_lexicographic(span.model(roles=True), trial, holders))
    if _ranked(exact) > _ranked(found):
        return found
    holders[first:last] = trial[first:last]
    return exact


def _on_call(
    span: Span, holders: list[list[int | None]], *, tight: bool
) -> tuple[list[list[int | None]], list[ObjectiveOutcome]]:
    """Who is on call in each shift of the window, and the objectives' outcomes."""
    plan: list[list[int | None]] = [list(h) for h in holders]
    return plan, _lexicographic(span.model(tight=tight), plan, _greedy(span, holders))


def _bounded(outcomes: list[ObjectiveOutcome], bounds: dict[str, float]) -> list[ObjectiveOutcome]:
    """The outcomes of a two-step plan, in order, with the relaxation's optima as
    bounds: an objective is proven while it and every one before it reach them; after
    the first that does not, each is proven only given the values above it, as its own
    solve said."""
    out: list[ObjectiveOutcome] = []
    same = True
    for o in _ordered(outcomes):
        floor = bounds.get(o.name)
        if same and floor is not None:
            # The relaxation's bound holds for the whole problem: reaching it is a proof.
            out.append(replace(o, bound=min(o.value, floor), proven=o.value <= floor))
            same = o.value <= floor
        else:
            out.append(o)
    return out


def _split(
    span: Span, plan: list[list[int | None]]
) -> tuple[list[list[int | None]], list[ObjectiveOutcome]]:
    """Who holds which role, among the members on call in each shift: counts per role
    within one (history included), then the fewest changes."""
    chosen = replace(
        span,
        problem=replace(
            span.problem,
            shifts=[
                replace(facts, free=tuple(sorted(m for m in plan[p] if m is not None)))
                if span.first <= p < span.last
                else facts
                for p, facts in enumerate(span.problem.shifts)
            ],
        ),
    )
    trial: list[list[int | None]] = [list(h) for h in plan]
    start = _greedy_roles(chosen, plan)
    return trial, _lexicographic(chosen.model(roles=True), trial, start, split_only=True)


def _ranked(outcomes: list[ObjectiveOutcome]) -> list[float]:
    """Objective values in the order they are minimised, to compare two plans."""
    values = {o.name: o.value for o in outcomes}
    return [values.get(name, 0.0) for name in OBJECTIVES]


def _ordered(outcomes: list[ObjectiveOutcome]) -> list[ObjectiveOutcome]:
    return sorted(outcomes, key=lambda o: OBJECTIVES.index(o.name))


@dataclass(frozen=True)
class Stage:
    """One objective to minimise: its name, expression (None: taking turns, whose
    constraints are built when reached), deterministic limit, whether it is reported,
    and whether the search is steered towards taking turns as well (see `_search`)."""

    name: str
    expression: cp_model.LinearExprT | None
    limit: float
    reported: bool = True
    guided: bool = False


def _stages(window: WindowModel, *, split_only: bool) -> list[Stage]:
    """The objectives of a window in the order they are minimised."""
    problem = window.problem
    if split_only:
        stages = [Stage(SPLIT, sum(window.excess), PROOF_LIMIT)]
        if window.has_previous():
            stages.append(Stage(CHANGES, window.changes(), PROOF_LIMIT, reported=False))
        # No tie-break of its own: the one-pass split it starts from hands each member
        # their roles in turn, and the search keeps that start where it can.
        return stages
    stages = []
    if window.breaks:
        stages.append(Stage(RESTS, sum(window.breaks), PROOF_LIMIT))
    stages.append(Stage(SPLIT if window.roles else TOTALS, sum(window.excess), PROOF_LIMIT))
    if problem.holidays == "avoid":
        stages.append(Stage(HOLIDAYS, window.own_holiday_shifts(), PROOF_LIMIT, guided=True))
    elif problem.holidays == "share":
        stages.append(Stage(HOLIDAY_HOURS, window.holiday_hours_apart(), PROOF_LIMIT, guided=True))
    # Every assignment that differs from the existing lock costs, after the objectives
    # DESIGN.md puts first and before the tie-breaks: a re-plan moves a shift to keep a
    # rule, balance counts or avoid an own holiday, never for the tie-breaks alone.
    if window.has_previous():
        stages.append(Stage(CHANGES, window.changes(), PROOF_LIMIT, reported=False))
    stages.append(Stage(TURNS, None, POLISH_LIMIT))
    stages.append(Stage(BURDEN, window.burden_spread(), POLISH_LIMIT))
    return stages


def _lexicographic(
    window: WindowModel,
    holders: list[list[int | None]],
    start_plan: list[list[int | None]],
    *,
    split_only: bool = False,
) -> list[ObjectiveOutcome]:
    """Minimise each stage's expression in turn, holding the ones before; write the
    plan into `holders` and return each reported objective's value, bound and proof."""
    model, problem = window.model, window.problem
    outcomes: list[ObjectiveOutcome] = []
    reported: list[tuple[cp_model.LinearExprT, float]] = []
    found: cp_model.CpSolver | None = None
    for stage in _stages(window, split_only=split_only):
        expression = stage.expression
        if expression is None:
            expression = sum(window.taking_turns())
        scale = 1.0 / POINT_SCALE if stage.name == BURDEN else 1.0
        if stage.reported:
            reported.append((expression, scale))
        model.Minimize(expression)
        # The plan the search starts from (the stage before's, or the start plan), with
        # every variable worked out for it.
        start = _complete_hint(window, _decisions(window, found) if found else start_plan)
        if start is not None and round(start.Value(expression)) == 0:
            # Every objective counts something, so nothing is below zero: the start is
            # optimal as it is, proven without a search.
            if stage.reported:
                outcomes.append(ObjectiveOutcome(stage.name, 0.0, 0.0, True))
            model.Add(expression == 0)
            found = start
            continue
        searched = _search(window, stage, expression, start is None)
        if searched is None:
            if start is None:
                raise RuntimeError(
                    f"{problem.rotation}: the solver found no plan for shifts "
                    f"{window.first}-{window.last}"
                )
            # Nothing found within the limit: the start stands, and this objective is
            # reported at its value there, unproven.
            value = round(start.Value(expression))
            if stage.reported:
                outcomes.append(ObjectiveOutcome(stage.name, value * scale, 0.0, False))
            model.Add(expression <= value)
            found = start
            continue
        found, bound, optimal = searched
        value = round(found.Value(expression))
        bound = min(bound, value)
        if stage.reported:
            outcomes.append(ObjectiveOutcome(stage.name, value * scale, bound * scale, optimal))
        model.Add(expression == value if optimal else expression <= value)
    assert found is not None
    _read(window, found, holders)
    if all(o.proven for o in outcomes):
        return outcomes
    # An unproven objective is held only at `<=` its value, so a later stage may lower
    # it, and its counters may sit above their least: each is scored again on the
    # final plan alone, its decisions fixed and the counters minimised.
    fixed = _fixed(window, _decisions(window, found))
    fixed.Minimize(sum(expression for expression, _ in reported))
    scorer = parameters(PROOF_LIMIT)
    if scorer.Solve(fixed) != cp_model.OPTIMAL:
        return outcomes
    return [
        replace(o, value=v, bound=min(o.bound, v), proven=o.proven or v <= o.bound)
        for o, (expression, scale) in zip(outcomes, reported, strict=True)
        for v in [round(scorer.Value(expression)) * scale]
    ]


def _search(
    window: WindowModel, stage: Stage, expression: cp_model.LinearExprT, cold: bool
) -> tuple[cp_model.CpSolver, int, bool] | None:
    """Minimise `expression` from the hinted start: the solver holding the plan found,
    the proven lower bound, and whether it is optimal; None when nothing was found.

    A guided stage first minimises `weight × expression + turns`, with `weight` more
    than taking turns can ever count: the optimum of `expression` is the same, but
    among plans reaching it the search prefers those that keep taking turns instead of
    wandering off a well-paced start. When that is not proven, `expression` alone is
    minimised from there (it proves more often) and the better plan for it is kept.
    `cold` (no feasible start): a larger limit when the first try finds nothing, so the
    answer still depends on the model alone."""
    model = window.model
    solver, bound = None, 0
    if stage.guided and window.last - window.first <= GUIDED_SHIFTS:
        turns = window.taking_turns()
        weight = 1 + len(turns) * window.count_ceiling()
        model.Minimize(weight * expression + sum(turns))
        guided = parameters(stage.limit)
        status = guided.Solve(model)
        model.Minimize(expression)
        if status == cp_model.OPTIMAL:
            return guided, round(guided.Value(expression)), True
        if status == cp_model.FEASIBLE:
            solver, bound = guided, round(guided.BestObjectiveBound()) // weight
            _set_hint(model, guided.response_proto.solution)
    plain = parameters(stage.limit)
    status = plain.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and cold and solver is None:
        plain = parameters(stage.limit * 8)
        status = plain.Solve(model)
    if status == cp_model.OPTIMAL:
        return plain, round(plain.ObjectiveValue()), True
    if status == cp_model.FEASIBLE:
        bound = max(bound, round(plain.BestObjectiveBound()))
        if solver is None or round(plain.ObjectiveValue()) < round(solver.Value(expression)):
            solver = plain
    return (solver, bound, False) if solver is not None else None


def _read(window: WindowModel, solver: cp_model.CpSolver, holders: list[list[int | None]]) -> None:
    """Write the window's plan, as `solver` found it, into `holders`."""
    problem = window.problem
    if window.roles:
        for (p, r, m), var in window.x.items():
            if solver.BooleanValue(var):
                holders[p][r] = m
        return
    for p in window.positions():
        on = [m for m in problem.shifts[p].free if solver.BooleanValue(window.y[(p, m)])]
        holders[p] = [*on, *[None] * (len(problem.roles) - len(on))]


# --- where the search starts ------------------------------------------------------------


def _set_hint(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Hint the first `len(values)` variables of the model with `values`."""
    model.ClearHints()
    hint = model.Proto().solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _decisions(window: WindowModel, solver: cp_model.CpSolver) -> list[list[int | None]]:
    plan: list[list[int | None]] = [
        [None] * len(window.problem.roles) for _ in window.problem.shifts
    ]
    _read(window, solver, plan)
    return plan


def _complete_hint(window: WindowModel, plan: list[list[int | None]]) -> cp_model.CpSolver | None:
    """Hint every variable of the model with its value in `plan`, and return the
    solver holding those values. A copy of the model with the decisions fixed to the
    plan is solved for the rest (propagation settles nearly all of it), under the
    model's current objective, so counted excesses and breaks are their least. When the
    plan breaks a hard rule, only the decisions are hinted (CP-SAT repairs them) and
    None is returned."""
    fixed = _fixed(window, plan)
    solver = parameters(PROOF_LIMIT)
    if solver.Solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _set_hint(window.model, solver.response_proto.solution)
        return solver
    window.model.ClearHints()
    hint = window.model.Proto().solution_hint
    for index, value in _decision_values(window, plan):
        hint.vars.append(index)
        hint.values.append(value)
    return None


def _decision_values(window: WindowModel, plan: list[list[int | None]]) -> list[tuple[int, int]]:
    """(variable index, value) of each decision of the model in `plan`."""
    if window.roles:
        return [(var.Index(), int(plan[p][r] == m)) for (p, r, m), var in window.x.items()]
    return [(var.Index(), int(m in plan[p])) for (p, m), var in window.y.items()]


def _fixed(window: WindowModel, plan: list[list[int | None]]) -> cp_model.CpModel:
    """A copy of the model with every decision fixed to `plan`."""
    fixed = window.model.clone()
    variables = fixed.Proto().variables
    for index, value in _decision_values(window, plan):
        domain = variables[index].domain
        domain[0] = value
        domain[1] = value
    return fixed


def _preferred(problem: Problem, holders: list[list[int | None]], p: int) -> list[int | None]:
    """Who should keep shift p if they can: the existing lock's holders, else what the
    window before decided for it (the overlap), in role order."""
    before = problem.shifts[p].previous
    if before is not None:
        index = {m: i for i, m in enumerate(problem.ids)}
        return [index.get(before.get(role) or "") for role in problem.roles]
    return list(holders[p])


def _greedy(span: Span, holders: list[list[int | None]]) -> list[list[int | None]]:
    """A plan made in one pass, shift by shift: the existing holders where they may
    stay, then whoever has rested, avoids an own holiday, has held the fewest shifts and
    waited longest. Only the search's starting point: the solver improves on it."""
    problem, history = span.problem, span.history
    plan: list[list[int | None]] = [list(h) for h in holders]
    counts = [sum(c) for c in history.counts]
    hours = list(history.holiday_hours)
    seen = list(history.last)
    rest, mode = problem.min_rest, problem.holidays
    for p in range(span.first, span.last):
        facts = problem.shifts[p]
        keep = set(_preferred(problem, holders, p))
        least = min((hours[m] for m in facts.on_team), default=0)

        ranked: list[tuple[int, ...]] = []
        for m in facts.free:
            waited = seen[m]
            short = waited is not None and p - waited - 1 < rest
            # Own holidays: under `avoid` anyone else first; under `share` as anyone
            # else while it keeps them within a day of the fewest hours on the team,
            # else last, fewest hours first.
            holiday = 0
            if mode == "avoid" and facts.holiday[m]:
                holiday = 1
            elif mode == "share" and facts.holiday[m]:
                after = hours[m] + facts.holiday_hours[m] - least
                holiday = 0 if after <= HOLIDAY_TOLERANCE else after
            ranked.append(
                (
                    int(short),
                    int(m not in keep),
                    holiday,
                    counts[m],
                    waited if waited is not None else -(10**9),
                    m,
                )
            )
        chosen = [rank[-1] for rank in sorted(ranked)[: problem.filled(p)]]
        plan[p] = [*chosen, *[None] * (len(problem.roles) - len(chosen))]
        for m in chosen:
            counts[m] += 1
            hours[m] += facts.holiday_hours[m]
            seen[m] = p
    return plan


def _greedy_roles(span: Span, plan: list[list[int | None]]) -> list[list[int | None]]:
    """The members on call in each shift, given roles in one pass: the existing holder
    keeps their role where they are on call, else each role goes to the member who has
    held it least."""
    problem = span.problem
    out: list[list[int | None]] = [list(h) for h in plan]
    counts = [list(c) for c in span.history.counts]
    for p in range(span.first, span.last):
        on = [m for m in plan[p] if m is not None]
        roles: list[int | None] = [None] * len(problem.roles)
        before = _preferred(problem, plan, p) if problem.shifts[p].previous else []
        for r, m in enumerate(before):
            if m in on and m not in roles and r < len(on):
                roles[r] = m
        for r in range(len(on)):
            if roles[r] is not None:
                continue
            left = [m for m in on if m not in roles]
            # The member who has held this role least, against their other roles.
            share = {m: (counts[m][r] - sum(counts[m]), m) for m in left}
            roles[r] = min(left, key=share.__getitem__)
        for r, m in enumerate(roles):
            if m is not None:
                counts[m][r] += 1
        out[p] = roles
    return out


# --- after a window ---------------------------------------------------------------------


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
