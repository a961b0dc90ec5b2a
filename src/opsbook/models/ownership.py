"""OwnershipMatrix: which engineer owns which pipeline, and who backs them up."""

from __future__ import annotations

from typing import Literal

from opsbook.models.common import Document, Model, Name


class PipelineOwnership(Model):
    """Owners of one pipeline, named by its runbook."""

    runbook: Name
    """The Runbook describing the pipeline."""
    primary: Name
    """Member responsible first: design, improvements, first response."""
    secondary: Name
    """Member who backs the primary up and reviews their changes."""
    stakeholders: tuple[str, ...] = ()
    """People or groups who read the pipeline's output, e.g. CFO, Investor Relations."""


class OwnershipMatrixSpec(Model):
    """Ownership of every pipeline of a team."""

    team: Name
    """The Team whose members own the pipelines."""
    pipelines: tuple[PipelineOwnership, ...] = ()
    """One entry per pipeline."""


class OwnershipMatrix(Document):
    """Pipeline ownership."""

    kind: Literal["OwnershipMatrix"]
    """Always `OwnershipMatrix`."""
    spec: OwnershipMatrixSpec
    """The matrix."""
