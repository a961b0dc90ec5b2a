"""apiVersion → kind → model, and the migrations between versions.

The loader only asks this registry; adding `opsbook/v2` means registering its models
and a migration here, without touching the loader. A migration edits ruamel round-trip
documents in place, so `opsbook migrate` keeps comments and key order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from opsbook.models.common import Document
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.lock import RotationLock
from opsbook.models.overrides import Overrides
from opsbook.models.ownership import OwnershipMatrix
from opsbook.models.postmortem import Postmortem
from opsbook.models.rotation import Rotation
from opsbook.models.runbook import Runbook
from opsbook.models.team import Team
from opsbook.models.time_off import TimeOff
from opsbook.models.workspace import WorkspaceSettings
from opsbook.terminal import quoted

Migration = Callable[[Any], None]
"""Upgrades one round-trip document (a ruamel CommentedMap) in place to the next version."""


@dataclass(frozen=True)
class ApiVersion:
    """The models of one apiVersion and how to upgrade its documents to the next."""

    name: str
    kinds: dict[str, type[Document]]
    upgrade_to: str | None = None
    migrations: dict[str, Migration] = field(default_factory=dict)
    """Per kind; a kind without an entry only has its apiVersion rewritten."""


V1 = ApiVersion(
    name="opsbook/v1",
    kinds={
        "Team": Team,
        "Rotation": Rotation,
        "TimeOff": TimeOff,
        "Overrides": Overrides,
        "OwnershipMatrix": OwnershipMatrix,
        "EscalationPolicy": EscalationPolicy,
        "Runbook": Runbook,
        "Workspace": WorkspaceSettings,
        "RotationLock": RotationLock,
        "Postmortem": Postmortem,
    },
)

VERSIONS: dict[str, ApiVersion] = {V1.name: V1}
"""Every supported apiVersion, oldest first."""

LATEST = V1.name

SCHEMA_NAMES: dict[str, str] = {
    "Team": "team",
    "Rotation": "rotation",
    "TimeOff": "time-off",
    "Overrides": "overrides",
    "OwnershipMatrix": "ownership-matrix",
    "EscalationPolicy": "escalation-policy",
    "Runbook": "runbook",
    "Workspace": "workspace",
    "RotationLock": "rotation-lock",
    "Postmortem": "postmortem",
}
"""File stem of each kind's JSON Schema in `schemas/`."""


class UnknownVersion(LookupError):
    def __init__(self, found: object) -> None:
        supported = ", ".join(VERSIONS)
        what = "missing" if found is None else f"{quoted(found)}"
        super().__init__(f"apiVersion is {what}; expected one of: {supported}")


class UnknownKind(LookupError):
    def __init__(self, version: str, found: object) -> None:
        kinds = ", ".join(sorted(VERSIONS[version].kinds))
        what = "missing" if found is None else f"{quoted(found)}"
        super().__init__(f"kind is {what}; expected one of {version}'s kinds: {kinds}")


def model_for(api_version: object, kind: object) -> type[Document]:
    """The model class for a document's apiVersion and kind."""
    if not isinstance(api_version, str) or api_version not in VERSIONS:
        raise UnknownVersion(api_version)
    kinds = VERSIONS[api_version].kinds
    if not isinstance(kind, str) or kind not in kinds:
        raise UnknownKind(api_version, kind)
    return kinds[kind]
