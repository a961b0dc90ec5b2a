"""Ownership grouped by team, as the spread and fairness rules count it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from opsbook.lint.context import LintContext
from opsbook.models.ownership import OwnershipMatrix, PipelineOwnership


@dataclass(frozen=True)
class OwnedPipeline:
    """One ownership entry and where it is written."""

    matrix: OwnershipMatrix
    index: int
    entry: PipelineOwnership


def entries_by_team(ctx: LintContext) -> dict[str, list[OwnedPipeline]]:
    """The first entry of each existing runbook, per team, in file order.

    Duplicate entries (OB112) and unknown runbooks (the loader) would count twice or
    count nothing; both are reported elsewhere.
    """
    ws = ctx.workspace
    seen: set[str] = set()
    out: dict[str, list[OwnedPipeline]] = defaultdict(list)
    for matrix in ws.ownership.values():
        if matrix.spec.team not in ws.teams:
            continue
        for index, entry in enumerate(matrix.spec.pipelines):
            if entry.runbook in seen or entry.runbook not in ws.runbooks:
                continue
            seen.add(entry.runbook)
            out[matrix.spec.team].append(OwnedPipeline(matrix, index, entry))
    return dict(out)


def current_member_count(ctx: LintContext, team_name: str) -> int:
    """Members of the team on the team as of `now`, each judged in their own zone."""
    team = ctx.workspace.teams[team_name]
    return sum(1 for m in team.spec.members if m.is_current(ctx.today_in(team.zone_of(m))))


def primaries_over(
    entries: list[OwnedPipeline], limit: int
) -> Iterator[tuple[str, list[OwnedPipeline], OwnedPipeline]]:
    """Each primary owner of more than `limit` of `entries`: what they own, and the
    first entry past the limit (where the finding goes)."""
    by_primary: dict[str, list[OwnedPipeline]] = defaultdict(list)
    for entry in entries:
        by_primary[entry.entry.primary].append(entry)
    for primary, owned in by_primary.items():
        if len(owned) > limit:
            yield primary, owned, owned[limit]
