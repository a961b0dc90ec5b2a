"""Workspace settings: the optional `opsbook.yaml` at the root of a workspace."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from opsbook.models.common import Document, Model

DEFAULT_TIER_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "investor": (
        "purpose",
        "sla",
        "freshness",
        "sources",
        "flow",
        "failure_modes",
        "monitoring",
        "troubleshooting",
        "recovery",
        "escalation",
        "validation",
        "ownership",
        "review",
    ),
    "experiment": ("purpose", "sources", "failure_modes", "recovery", "escalation", "ownership"),
    "internal": ("purpose", "ownership"),
}
"""Sections each tier must fill; `opsbook.yaml` may change them per tier."""


class LintSettings(Model):
    """Which lint rules run."""

    select: tuple[str, ...] = ()
    """Only these rule codes or names; empty means all."""
    ignore: tuple[str, ...] = ()
    """Rule codes or names never run."""


class SiteSettings(Model):
    """Where the site is published and edited."""

    url: str | None = None
    """Public URL of the site; links in calendars point here."""
    repo_url: str | None = None
    """Repository URL, for edit links."""
    edit_uri: str = "edit/main/"
    """Path from repo_url to a file's edit page."""
    title: str | None = None
    """The site's name, in its header and on its home page; default: the workspace's
    `metadata.title`, else the team's title."""
    chat_url: str | None = None
    """Chat address of a person from their `slack` handle, `{handle}` standing for it,
    e.g. `https://chat.example.com/u/{handle}`; without it a handle is shown as text."""
    checks: str | None = None
    """Results file of `opsbook check --out` (relative to opsbook.yaml) the site shows
    on each runbook page; the plugin's `checks` option overrides it."""


class CalendarSettings(Model):
    """What the iCal feeds keep."""

    past_days: int = 90
    """Days of past shifts kept in feeds."""
    cancelled_days: int = 30
    """Days a shift a member no longer has stays in their feed as cancelled."""
    url: str | None = None
    """URL the feeds are published at (`opsbook ical --out` folder), for `webcal://`
    subscribe buttons on the site; default: `calendars/` under `site.url`."""


class WorkspaceSpec(Model):
    """Workspace-wide settings; all optional."""

    paths: tuple[str, ...] = ("runbooks", "rotation")
    """Folders (relative to opsbook.yaml) searched for YAML files."""
    dialect: str = "duckdb"
    """Default SQL dialect of runbook SQL (any sqlglot dialect)."""
    tiers: dict[Literal["investor", "experiment", "internal"], tuple[str, ...]] = Field(
        default_factory=dict
    )
    """Sections required per tier; a tier absent here keeps its defaults."""
    lint: LintSettings = LintSettings()
    """Lint selection."""
    site: SiteSettings = SiteSettings()
    """Site publishing."""
    calendars: CalendarSettings = CalendarSettings()
    """Calendar feed windows."""
    warehouse: str | None = None
    """URL of the warehouse `opsbook check` runs on: duckdb:///path.duckdb,
    postgresql://user@host/db, or any SQLAlchemy URL; `${VAR}` is read from the
    environment, so no password is committed. `opsbook check --db` overrides it."""

    def required_sections(self, tier: str) -> tuple[str, ...]:
        for known, sections in self.tiers.items():
            if known == tier:
                return sections
        return DEFAULT_TIER_REQUIREMENTS.get(tier, ())


class WorkspaceSettings(Document):
    """The optional workspace file, `opsbook.yaml`."""

    kind: Literal["Workspace"]
    """Always `Workspace`."""
    spec: WorkspaceSpec = WorkspaceSpec()
    """Settings."""
