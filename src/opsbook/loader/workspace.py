"""Workspace: every validated document of a folder, indexed, with where it came from.

Immutable once built. Lint rules, the planner, the resolver and the site read it; none
of them re-reads files. Every document keeps its `YamlDocument`, so any later finding
can be located at `path:line:col`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opsbook.models.common import Document
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.lock import RotationLock
from opsbook.models.overrides import Overrides
from opsbook.models.ownership import OwnershipMatrix, PipelineOwnership
from opsbook.models.postmortem import Postmortem
from opsbook.models.rotation import Rotation
from opsbook.models.runbook import Runbook
from opsbook.models.team import Contact, Member, Team
from opsbook.models.time_off import TimeOff, TimeOffEntry
from opsbook.models.workspace import WorkspaceSettings, WorkspaceSpec
from opsbook.yamlio.document import YamlDocument


def _frozen(mapping: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Workspace:
    """The validated contents of a workspace."""

    root: Path
    settings: WorkspaceSettings | None = None
    teams: Mapping[str, Team] = field(default_factory=_frozen)
    rotations: Mapping[str, Rotation] = field(default_factory=_frozen)
    time_off: tuple[TimeOff, ...] = ()
    overrides: Mapping[str, Overrides] = field(default_factory=_frozen)
    ownership: Mapping[str, OwnershipMatrix] = field(default_factory=_frozen)
    policies: Mapping[str, EscalationPolicy] = field(default_factory=_frozen)
    runbooks: Mapping[str, Runbook] = field(default_factory=_frozen)
    locks: Mapping[str, RotationLock] = field(default_factory=_frozen)
    """Lock files by the name of their rotation."""
    postmortems: Mapping[str, Postmortem] = field(default_factory=_frozen)
    """Incident postmortems by name."""
    extra: Mapping[str, Mapping[str, Document]] = field(default_factory=_frozen)
    """Documents of kinds added after v1's core (e.g. lock files), by kind then name."""
    sources: Mapping[int, YamlDocument] = field(default_factory=_frozen)  # type: ignore[arg-type]
    """Where each document came from, keyed by `id()` of the model instance."""
    files: tuple[str, ...] = ()
    """Every file read, relative to root where possible, in order."""

    # --- settings -----------------------------------------------------------------------

    @property
    def spec(self) -> WorkspaceSpec:
        return self.settings.spec if self.settings else WorkspaceSpec()

    # --- sources ------------------------------------------------------------------------

    def source(self, document: Document) -> YamlDocument | None:
        """The YAML document a model was read from (None for built-in defaults)."""
        return self.sources.get(id(document))

    def documents(self) -> Iterator[Document]:
        """Every document, in a stable order: by kind, then by name."""
        if self.settings is not None:
            yield self.settings
        yield from self.teams.values()
        yield from self.rotations.values()
        yield from self.time_off
        yield from self.overrides.values()
        yield from self.ownership.values()
        yield from self.policies.values()
        yield from self.runbooks.values()
        yield from self.locks.values()
        yield from self.postmortems.values()
        for docs in self.extra.values():
            yield from docs.values()

    # --- people -------------------------------------------------------------------------

    def member(self, member_id: str) -> Member | None:
        return next(filter(None, (team.member(member_id) for team in self.teams.values())), None)

    def contact(self, contact_id: str) -> Contact | None:
        return next(filter(None, (team.contact(contact_id) for team in self.teams.values())), None)

    def team_of(self, member_id: str) -> Team | None:
        return next(
            (team for team in self.teams.values() if team.member(member_id) is not None), None
        )

    def member_zone(self, member_id: str) -> str:
        team = self.team_of(member_id)
        member = team.member(member_id) if team else None
        if team is None or member is None:
            return "UTC"
        return team.zone_of(member)

    def time_off_of(self, member_id: str) -> list[TimeOffEntry]:
        return sorted(
            (e for doc in self.time_off for e in doc.spec.entries if e.member == member_id),
            key=lambda e: (e.start, e.end),
        )

    # --- rotations ----------------------------------------------------------------------

    def rotation_members(self, rotation: Rotation) -> tuple[str, ...]:
        """The rotation's member ids: as listed, or every member of its team."""
        if rotation.spec.members is not None:
            return rotation.spec.members
        team = self.teams.get(rotation.spec.team)
        return tuple(m.id for m in team.spec.members) if team else ()

    def overrides_for(self, rotation_name: str) -> list[Overrides]:
        return [o for o in self.overrides.values() if o.spec.rotation == rotation_name]

    # --- runbooks -----------------------------------------------------------------------

    def ownership_of(self, runbook_name: str) -> list[tuple[OwnershipMatrix, PipelineOwnership]]:
        """Every ownership entry naming the runbook (lint wants exactly one)."""
        return list(self._ownership_index.get(runbook_name, ()))

    @cached_property
    def _ownership_index(self) -> dict[str, list[tuple[OwnershipMatrix, PipelineOwnership]]]:
        """Ownership entries by runbook, built on first use: lint asks about every
        runbook several times, and a thousand-runbook table is long to scan each time."""
        index: dict[str, list[tuple[OwnershipMatrix, PipelineOwnership]]] = {}
        for matrix in self.ownership.values():
            for entry in matrix.spec.pipelines:
                index.setdefault(entry.runbook, []).append((matrix, entry))
        return index

    def postmortems_of(self, runbook_name: str) -> list[Postmortem]:
        """The postmortems naming the runbook, oldest incident first."""
        found = [p for p in self.postmortems.values() if runbook_name in p.spec.runbooks]
        return sorted(found, key=lambda p: (p.spec.started, p.name))

    def owners(self, runbook_name: str) -> PipelineOwnership | None:
        found = self.ownership_of(runbook_name)
        return found[0][1] if found else None
