"""The ownership page's figures: pipelines by owner and the load each engineer carries."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.loader.workspace import Workspace
from opsbook.models.runbook import Runbook
from opsbook.site.people import PersonView, person

INVESTOR_TAG = "investor-facing"


def is_investor_facing(runbook: Runbook | None) -> bool:
    """Investor tier, or tagged investor-facing: its numbers reach investors."""
    if runbook is None:
        return False
    return runbook.spec.tier == "investor" or INVESTOR_TAG in runbook.metadata.tags


@dataclass(frozen=True)
class PipelineRow:
    """One pipeline of an ownership matrix."""

    runbook: str
    title: str
    tier: str | None
    """None when the matrix names a runbook that does not exist."""
    investor: bool
    primary: str
    secondary: str
    primary_name: str
    secondary_name: str
    stakeholders: tuple[str, ...]


@dataclass(frozen=True)
class OwnerLoad:
    """What one engineer owns."""

    member: PersonView
    primary: tuple[PipelineRow, ...]
    secondary: tuple[PipelineRow, ...]

    @property
    def investor(self) -> int:
        """Investor-facing pipelines among those the engineer owns in either role."""
        return sum(1 for row in (*self.primary, *self.secondary) if row.investor)

    @property
    def total(self) -> int:
        return len(self.primary) + len(self.secondary)


@dataclass(frozen=True)
class OwnershipView:
    pipelines: tuple[PipelineRow, ...]
    """Every pipeline, in the order of the matrices."""
    owners: tuple[OwnerLoad, ...]
    """Every team member, those owning nothing included (they show as zero)."""
    unowned: tuple[str, ...]
    """Runbooks that no matrix names."""


def ownership_view(ws: Workspace) -> OwnershipView:
    """Pipelines by owner and load per engineer."""
    rows: list[PipelineRow] = []
    for matrix in ws.ownership.values():
        for entry in matrix.spec.pipelines:
            runbook = ws.runbooks.get(entry.runbook)
            primary, secondary = person(ws, entry.primary), person(ws, entry.secondary)
            rows.append(
                PipelineRow(
                    runbook=entry.runbook,
                    title=runbook.metadata.display if runbook else entry.runbook,
                    tier=runbook.spec.tier if runbook else None,
                    investor=is_investor_facing(runbook),
                    primary=entry.primary,
                    secondary=entry.secondary,
                    primary_name=primary.name if primary else entry.primary,
                    secondary_name=secondary.name if secondary else entry.secondary,
                    stakeholders=entry.stakeholders,
                )
            )
    member_ids: list[str] = []
    for team in ws.teams.values():
        member_ids.extend(m.id for m in team.spec.members)
    for row in rows:  # owners outside every team still count
        for owner in (row.primary, row.secondary):
            if owner not in member_ids:
                member_ids.append(owner)
    owners = []
    for member_id in member_ids:
        shown = person(ws, member_id) or PersonView(member_id, member_id, True)
        owners.append(
            OwnerLoad(
                shown,
                tuple(r for r in rows if r.primary == member_id),
                tuple(r for r in rows if r.secondary == member_id),
            )
        )
    named = {r.runbook for r in rows}
    return OwnershipView(
        pipelines=tuple(rows),
        owners=tuple(owners),
        unowned=tuple(name for name in ws.runbooks if name not in named),
    )
