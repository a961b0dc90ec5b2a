"""The CP-SAT model of one window of a rotation: variables, one method per rule kept,
and the objective expressions, most important first.

Two shapes of one model. The *on-call* shape (`roles=False`) decides only who is on
call in each shift, a boolean `y[p, m]` per (shift, member): holidays, burden, rest and
time off depend on nothing else, and it is a tenth of the size. The *role* shape
(`roles=True`) has a boolean `x[p, r, m]` per (shift, role, member) as well, with
`y[p, m]` their sum; it settles who holds which role, either over the members the
on-call shape chose (the split, a tiny model) or over everyone free (the full model, for
small windows the split cannot settle). A member who may not take a shift (away, not yet
joined, left) has no variable: that is how time off, `joined` and `left` are kept.

Rules, one method each:

* `fill_each_role_once`: each of a shift's first `filled` roles goes to exactly one
  member (`filled` is the number of roles, or of members free, whichever is fewer; the
  others stay empty and are reported); in the role shape nobody holds two roles;
* `rest_between_shifts`: a shift taken less than `min_rest` shifts after the member's
  previous one (history included) is a counted break; the fewest breaks is the first
  objective, so rest holds wherever the team can keep it;
* `end_balance`: at the window's end each member's count, history and a newcomer's
  allowance included, lies within [level, level + 1 + excess] per role. The on-call
  shape has no roles: each member's shifts are split into per-role parts that add up
  to them, each part in that band (every real plan has such parts, so it is a
  relaxation); with `tight`, each member's total within one instead. The summed excess
  is an objective;
* `taking_turns` (built when first needed): at the end of every turn (a block of as
  many shifts as members) inside the window, each member's on-call count within the
  number of roles of everyone else's, so nobody does a year's share in its first
  months; the summed excess is minimised after the objectives DESIGN.md names, as the
  first tie-break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from opsbook.schedule.solver.problem import History, Problem

CEILING = 10**9
HOLIDAY_TOLERANCE = 24
"""Own-holiday hours members may lie apart under `share`: one day."""


@dataclass
class WindowModel:
    """The model of shifts [first, last) of a problem, after `history`."""

    problem: Problem
    first: int
    last: int
    history: History
    roles: bool = False
    """The role shape: a boolean per (shift, role, member); else one per (shift, member)."""
    tight: bool = False
    """The on-call shape with each member's shifts, all roles together, within one of
    each other's: not a relaxation, but any such plan splits into roles within one."""
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    y: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    """Whether member m is on call in shift p, in any role."""
    breaks: list[cp_model.LinearExprT] = field(default_factory=list)
    excess: list[cp_model.IntVar] = field(default_factory=list)
    turns: list[cp_model.IntVar] | None = None

    def build(self) -> WindowModel:
        self.declare()
        self.fill_each_role_once()
        self.rest_between_shifts()
        self.excess = self.end_balance()
        return self

    # --- variables ----------------------------------------------------------------------

    def positions(self) -> range:
        return range(self.first, self.last)

    def declare(self) -> None:
        for p in self.positions():
            facts = self.problem.shifts[p]
            filled = self.problem.filled(p)
            if not filled:
                continue
            for m in facts.free:
                if not self.roles:
                    self.y[(p, m)] = self.model.NewBoolVar(f"y_{p}_{m}")
                    continue
                held = [self.model.NewBoolVar(f"x_{p}_{r}_{m}") for r in range(filled)]
                for r, var in enumerate(held):
                    self.x[(p, r, m)] = var
                on = self.model.NewBoolVar(f"y_{p}_{m}")
                # At most one role each: the sum is itself a boolean.
                self.model.Add(on == sum(held))
                self.y[(p, m)] = on

    # --- hard rules ---------------------------------------------------------------------

    def fill_each_role_once(self) -> None:
        for p in self.positions():
            filled = self.problem.filled(p)
            if not filled:
                continue
            free = self.problem.shifts[p].free
            if self.roles:
                for r in range(filled):
                    self.model.AddExactlyOne(self.x[(p, r, m)] for m in free)
            else:
                self.model.Add(sum(self.y[(p, m)] for m in free) == filled)

    def rest_between_shifts(self) -> None:
        rest = self.problem.min_rest
        if rest <= 0:
            return
        for m in range(len(self.problem.members)):
            last = self.history.last[m]
            shorts: dict[int, cp_model.IntVar] = {}
            for p in self.positions():
                on = self.y.get((p, m))
                if on is None:
                    continue
                # Too soon after the member's last shift in the history: a break.
                if last is not None and p - last - 1 < rest:
                    self.breaks.append(on)
                    shorts[p] = on
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
                shorts[p] = short
            # Redundant, for the bound: of the k shifts a member takes in any `rest + 1`
            # in a row, all but the first are short. The clauses above imply it, but
            # only this linear form lets the solver prove the fewest breaks of a team
            # too small to rest (5 members, 3 roles, `min_rest: 2`: from minutes to
            # a fraction of a second).
            for start in range(self.first, self.last - rest):
                span = range(start, start + rest + 1)
                taken = [self.y[(p, m)] for p in span if (p, m) in self.y]
                if len(taken) > 1:
                    self.model.Add(sum(shorts[p] for p in span if p in shorts) >= sum(taken) - 1)

    # --- balance of counts --------------------------------------------------------------

    def count_ceiling(self) -> int:
        """The most shifts anyone can have counted by the window's end."""
        return max((sum(c) for c in self.history.counts), default=0) + (self.last - self.first)

    def band(
        self, counts: Sequence[cp_model.LinearExprT], team: Sequence[int], slack: int, name: str
    ) -> cp_model.IntVar | None:
        """The excess over `slack` of the spread of `counts` over `team`, as a variable."""
        if len(team) < 2:
            return None
        bound = self.count_ceiling()
        level = self.model.NewIntVar(0, bound, f"level_{name}")
        over = self.model.NewIntVar(0, bound, f"excess_{name}")
        for m in team:
            self.model.Add(counts[m] >= level)
            self.model.Add(counts[m] <= level + slack + over)
        return over

    def end_balance(self) -> list[cp_model.IntVar]:
        """Per role, the counts at the window's end, history included, within one of
        each other (beyond: the excess).

        The on-call shape has no roles, so each member's shifts in the window are split
        into per-role counts `c[m, r]` that add up to them: any plan's real role counts
        are such a split, so this is a relaxation, and a tight one: the role split
        afterwards nearly always finds roles that match it."""
        team = self.end_team()
        width = len(self.problem.roles)
        size = len(self.problem.members)
        if self.roles:
            counts = [
                [
                    self.history.counts[m][r]
                    + sum(self.x[(p, r, m)] for p in self.positions() if (p, r, m) in self.x)
                    for m in range(size)
                ]
                for r in range(width)
            ]
        elif self.tight:
            totals = [
                sum(self.history.counts[m])
                + sum(self.y[(p, m)] for p in self.positions() if (p, m) in self.y)
                for m in range(size)
            ]
            over = self.band(totals, team, 1, "end")
            return [over] if over is not None else []
        else:
            counts = [[0] * size for _ in range(width)]
            for m in range(size):
                held = [self.y[(p, m)] for p in self.positions() if (p, m) in self.y]
                parts = [self.model.NewIntVar(0, len(held), f"part_{m}_{r}") for r in range(width)]
                self.model.Add(sum(parts) == sum(held))
                for r in range(width):
                    counts[r][m] = self.history.counts[m][r] + parts[r]
        out = []
        for r in range(width):
            over = self.band(counts[r], team, 1, f"end_{r}")
            if over is not None:
                out.append(over)
        return out

    def taking_turns(self) -> list[cp_model.IntVar]:
        """The band at the end of every turn inside the window (a block of as many shifts
        as there are members), on who is on call: each member's shifts, all roles
        together and history included, within the number of roles of each other's.
        Built on first use, then the same variables."""
        if self.turns is None:
            self.turns = self._taking_turns()
        return self.turns

    def _taking_turns(self) -> list[cp_model.IntVar]:
        problem = self.problem
        block = max(1, len(problem.members))
        counts: list[cp_model.LinearExprT] = [sum(c) for c in self.history.counts]
        begin = self.first
        out: list[cp_model.IntVar] = []
        for end in range(self.first + block, self.last, block):
            for m in range(len(problem.members)):
                held = [self.y[(p, m)] for p in range(begin, end) if (p, m) in self.y]
                if held:
                    running = self.model.NewIntVar(0, CEILING, f"c_{end}_{m}")
                    self.model.Add(running == counts[m] + sum(held))
                    counts[m] = running
            begin = end
            team = problem.shifts[end - 1].on_team
            over = self.band(counts, team, len(problem.roles), f"turn_{end}")
            if over is not None:
                out.append(over)
        return out

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
        values = []
        for m, total in totals.items():
            var = self.model.NewIntVar(-CEILING, CEILING, f"{name}_{m}")
            self.model.Add(var == total)
            values.append(var)
        width = self.model.NewIntVar(0, 2 * CEILING, f"{name}_spread")
        if not values:
            self.model.Add(width == 0)
            return width
        top = self.model.NewIntVar(-CEILING, CEILING, f"{name}_max")
        low = self.model.NewIntVar(-CEILING, CEILING, f"{name}_min")
        self.model.AddMaxEquality(top, values)
        self.model.AddMinEquality(low, values)
        self.model.Add(width == top - low)
        return width

    def holiday_hours_apart(self) -> cp_model.IntVar:
        """Under `share`: how far the members' own-holiday hours (history included) lie
        apart beyond one day. A holiday cannot be split, so a day apart is as even as
        sharing gets; asking for less would trade every other objective for hours."""
        spread = self.spread(self.totals(self.history.holiday_hours, "holiday_hours"), "holiday")
        over = self.model.NewIntVar(0, 2 * CEILING, "holiday_over")
        self.model.Add(over >= spread - HOLIDAY_TOLERANCE)
        return over

    def burden_spread(self) -> cp_model.IntVar:
        return self.spread(self.totals(self.history.burden, "points"), "burden")

    def has_previous(self) -> bool:
        return any(self.problem.shifts[p].previous for p in self.positions())

    def changes(self) -> cp_model.LinearExprT:
        """Assignments that differ from the existing lock. In the on-call shape a member
        who stays on call in the same shift counts as kept (the split then keeps their
        role where it can); a holder who may no longer take the shift is a change every
        plan makes, a constant."""
        roles, index = self.problem.roles, {m: i for i, m in enumerate(self.problem.ids)}
        kept: list[cp_model.IntVar] = []
        possible = 0
        for p in self.positions():
            before = self.problem.shifts[p].previous
            if before is None:
                continue
            for r, role in enumerate(roles):
                holder = before.get(role)
                if holder is None:
                    continue
                possible += 1
                m = index.get(holder)
                var = None
                if m is not None:
                    var = self.x.get((p, r, m)) if self.roles else self.y.get((p, m))
                if var is not None:
                    kept.append(var)
        return possible - sum(kept)
