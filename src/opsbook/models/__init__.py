"""The models of every YAML kind, by apiVersion. Plain immutable values."""

from opsbook.models.common import Document, Metadata
from opsbook.models.escalation import EscalationPolicy, EscalationStep
from opsbook.models.overrides import Cover, Overrides, Swap
from opsbook.models.ownership import OwnershipMatrix, PipelineOwnership
from opsbook.models.rotation import Rotation
from opsbook.models.runbook import Runbook, ValidationQuery
from opsbook.models.team import Contact, Member, Team
from opsbook.models.time_off import TimeOff, TimeOffEntry
from opsbook.models.workspace import WorkspaceSettings

__all__ = [
    "Contact",
    "Cover",
    "Document",
    "EscalationPolicy",
    "EscalationStep",
    "Member",
    "Metadata",
    "Overrides",
    "OwnershipMatrix",
    "PipelineOwnership",
    "Rotation",
    "Runbook",
    "Swap",
    "Team",
    "TimeOff",
    "TimeOffEntry",
    "ValidationQuery",
    "WorkspaceSettings",
]
