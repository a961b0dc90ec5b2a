"""The CP-SAT model of one window of a rotation: variables, one method per rule kept,
and the objective expressions, most important first.

Variables: a boolean `x[p, r, m]` per (shift, role, member) where the member may take
the shift at all (on the team, not away); a member who may not has no variable, which
is how time off, `joined` and `left` are kept. Rules:

* `fill_each_role_once`: each of a shift's first `filled` roles goes to exactly one
  member (`filled` is the number of roles, or of members free, whichever is fewer;
  the others stay empty and are reported);
* `one_role_at_a_time`: nobody holds two roles of one shift;
* `rest_between_shifts`: at most one shift per member in any `min_rest + 1`
  consecutive shifts, history included; each excess is a counted break, and the
  fewest breaks is the first objective, so rest holds wherever the team can keep it;
* `count_levels`: per role and after every shift, each member's count (history and
  a newcomer's allowance included) lies within [level, level + 1 + excess], and the
  summed excess is the second objective: 0 means every role goes round in turns.

Objectives after those: own-holiday role-shifts (`avoid`) or the spread of holiday
hours (`share`); then the assignments that differ from the existing lock (`changes`);
then the spread of burden points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from opsbook.schedule.solver.problem import History, Problem


@dataclass
class WindowModel:
    """The model of shifts [first, last) of a problem, after `history`."""

    problem: Problem
    first: int
    last: int
    history: History
    reduced: bool = True
    """Decide only who is on call (a boolean per shift and member); roles are split
    afterwards. Counts are then balanced in total, within `slack`."""
    slack: int = 0
    """How far total shift counts may differ in the reduced model; 0 means the number of
    roles, which every plan keeping the per-role rule also keeps (a relaxation)."""
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    y: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """Whether member m is on call in shift p, in any role."""
    breaks: list[cp_model.LinearExprT] = field(default_factory=list)
    excess: list[cp_model.IntVar] = field(default_factory=list)

    def build(self) -> WindowModel:
        self.declare()
        self.fill_each_role_once()
        self.one_role_at_a_time()
        self.rest_between_shifts()
        self.count_levels()
        return self

    # --- variables ----------------------------------------------------------------------

    def positions(self) -> range:
        return range(self.first, self.last)

    def declare(self) -> None:
        for p in self.positions():
            facts = self.problem.shifts[p]
            if self.reduced:
                if self.problem.filled(p):
                    for m in facts.free:
                        self.y[(p, m)] = self.model.NewBoolVar(f"y_{p}_{m}")
                continue
            for r in range(self.problem.filled(p)):
                for m in facts.free:
                    self.x[(p, r, m)] = self.model.NewBoolVar(f"x_{p}_{r}_{m}")
            for m in facts.free:
                held = self.on_call(p, m)
                if held:
                    on = self.model.NewBoolVar(f"y_{p}_{m}")
                    self.model.Add(on == sum(held))
                    self.y[(p, m)] = on

    def on_call(self, p: int, m: int) -> list[cp_model.IntVar]:
        return [self.x[(p, r, m)] for r in range(self.problem.filled(p)) if (p, r, m) in self.x]

    # --- hard rules ---------------------------------------------------------------------

    def fill_each_role_once(self) -> None:
        for p in self.positions():
            if self.reduced:
                on = [self.y[(p, m)] for m in self.problem.shifts[p].free if (p, m) in self.y]
                if on:
                    self.model.Add(sum(on) == self.problem.filled(p))
                continue
            for r in range(self.problem.filled(p)):
                self.model.AddExactlyOne(self.x[(p, r, m)] for m in self.problem.shifts[p].free)

    def one_role_at_a_time(self) -> None:
        if self.reduced:
            return  # one boolean per member and shift: one role at most by construction
        for p in self.positions():
            for m in self.problem.shifts[p].free:
                held = self.on_call(p, m)
                if len(held) > 1:
                    self.model.AddAtMostOne(held)

    def rest_between_shifts(self) -> None:
        rest = self.problem.min_rest
        if rest <= 0:
            return
        for m in range(len(self.problem.members)):
            last = self.history.last[m]
            for p in self.positions():
                on = self.y.get((p, m))
                if on is None:
                    continue
                # Too soon after the member's last shift in the history: a break.
                if last is not None and p - last - 1 < rest:
                    self.breaks.append(on)
                    continue
                earlier = [
                    self.y[(q, m)] for q in range(max(self.first, p - rest), p) if (q, m) in self.y
                ]
                if not earlier:
                    continue
                short = self.model.NewBoolVar(f"break_{p}_{m}")
                for before in earlier:
                    self.model.AddBoolOr([before.Not(), on.Not(), short])
                self.model.AddImplication(short, on)
                self.breaks.append(short)

    def count_levels(self) -> None:
        """Per role, at the end of every turn (a block of as many shifts as there are
        members), everyone's count within one of the others', or the excess counted.

        With everyone available this is exactly taking turns: in each block every member
        holds each role once, so the counts never differ by more than one in between
        either. Counting per block, not per shift, keeps the model small."""
        problem = self.problem
        block = max(1, len(problem.members))
        ends = list(range(self.first + block, self.last, block))
        if not ends or ends[-1] != self.last:
            ends.append(self.last)
        width = len(problem.roles)
        # Reduced: one group of all roles, within `width`; full: each role, within one.
        groups = [tuple(range(width))] if self.reduced else [(r,) for r in range(width)]
        slack = (self.slack or width) if self.reduced else 1
        for r, group in enumerate(groups):
            counts: list[cp_model.LinearExprT] = [
                sum(c[g] for g in group) for c in self.history.counts
            ]
            bound = max((int(sum(c)) for c in self.history.counts), default=0)
            bound += width * (self.last - self.first)
            begin = self.first
            for end in ends:
                for m in range(len(problem.members)):
                    held = [
                        self.y[(p, m)] if self.reduced else self.x[(p, r, m)]
                        for p in range(begin, end)
                        if ((p, m) in self.y if self.reduced else (p, r, m) in self.x)
                    ]
                    if held:
                        running = self.model.NewIntVar(0, bound, f"c_{end}_{r}_{m}")
                        self.model.Add(running == counts[m] + sum(held))
                        counts[m] = running
                team = problem.shifts[end - 1].on_team
                begin = end
                if len(team) < 2:
                    continue
                level = self.model.NewIntVar(0, bound, f"level_{end}_{r}")
                over = self.model.NewIntVar(0, bound, f"excess_{end}_{r}")
                for m in team:
                    self.model.Add(counts[m] >= level)
                    self.model.Add(counts[m] <= level + slack + over)
                self.excess.append(over)

    # --- objectives ---------------------------------------------------------------------

    def end_team(self) -> tuple[int, ...]:
        """The members whose totals are compared: those on the team at the window's end."""
        return self.problem.shifts[self.last - 1].on_team

    def own_holiday_shifts(self) -> cp_model.LinearExprT:
        return sum(var for (p, m), var in self.y.items() if self.problem.shifts[p].holiday[m])

    def totals(self, base: list[int], per_shift: str) -> dict[int, cp_model.LinearExprT]:
        out: dict[int, cp_model.LinearExprT] = {}
        for m in self.end_team():
            terms = [
                getattr(self.problem.shifts[p], per_shift)[m] * var
                for (p, who), var in self.y.items()
                if who == m
            ]
            out[m] = base[m] + sum(terms)
        return out

    def spread(self, totals: dict[int, cp_model.LinearExprT], name: str) -> cp_model.IntVar:
        """max − min of `totals` as a variable the objective can minimise (exact, so
        even a plan found but not proven reports its true spread)."""
        ceiling = 10**9
        values = []
        for m, total in totals.items():
            var = self.model.NewIntVar(-ceiling, ceiling, f"{name}_{m}")
            self.model.Add(var == total)
            values.append(var)
        width = self.model.NewIntVar(0, 2 * ceiling, f"{name}_spread")
        if not values:
            self.model.Add(width == 0)
            return width
        top = self.model.NewIntVar(-ceiling, ceiling, f"{name}_max")
        low = self.model.NewIntVar(-ceiling, ceiling, f"{name}_min")
        self.model.AddMaxEquality(top, values)
        self.model.AddMinEquality(low, values)
        self.model.Add(width == top - low)
        return width

    def holiday_hours_spread(self) -> cp_model.IntVar:
        return self.spread(self.totals(self.history.holiday_hours, "holiday_hours"), "holiday")

    def burden_spread(self) -> cp_model.IntVar:
        return self.spread(self.totals(self.history.burden, "points"), "burden")

    def has_previous(self) -> bool:
        return any(self.problem.shifts[p].previous for p in self.positions())

    def changes(self) -> tuple[cp_model.LinearExprT, int]:
        """Assignments that differ from the existing lock, where its holder could stay;
        and how many differ because the holder no longer can (forced)."""
        roles, index = self.problem.roles, {m: i for i, m in enumerate(self.problem.ids)}
        kept: list[cp_model.IntVar] = []
        possible = forced = 0
        for p in self.positions():
            before = self.problem.shifts[p].previous
            if before is None:
                continue
            for r, role in enumerate(roles):
                holder = before.get(role)
                if holder is None:
                    continue
                if holder not in index:
                    var = None
                elif self.reduced:
                    var = self.y.get((p, index[holder]))
                else:
                    var = self.x.get((p, r, index[holder]))
                if var is None:
                    forced += 1
                else:
                    kept.append(var)
                    possible += 1
        return possible - sum(kept), forced
