"""What a rule is given: the workspace, the instant to judge it at, and a way to report.

Rules never read the clock: `now` comes from the caller (the CLI's `--at`, default now),
so the same workspace and the same `now` always give the same findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from opsbook.diagnostics import Diagnostic, Severity, Span, format_key_path, value_at
from opsbook.lint.rule import Rule
from opsbook.lint.sql import SqlAnalysis, SqlPosition, analyse_sql
from opsbook.lint.sql_blocks import SqlBlock, sql_blocks
from opsbook.loader.workspace import Workspace
from opsbook.models.common import Document
from opsbook.models.postmortem import ActionItem, Postmortem
from opsbook.yamlio.document import KeyPath, YamlDocument

DEFAULT_SITE_URL = "https://opsbook.dev/"
"""Where rule pages live when `opsbook.yaml` names no site of its own."""


def rule_url(site_url: str | None, code: str) -> str:
    """`<site>/rules/<CODE>/`: the page the site renders from the rule's docstring."""
    base = site_url or DEFAULT_SITE_URL
    return f"{base.rstrip('/')}/rules/{code}/"


@dataclass(frozen=True)
class LintContext:
    """The workspace under lint and the instant it is judged at."""

    workspace: Workspace
    now: datetime
    """Timezone-aware instant; staleness and membership are judged as of it."""
    sql: dict[tuple[str, str], SqlAnalysis] = field(default_factory=dict, compare=False)
    """Analyses by (sql, dialect), made up front for every block (`sql_batch`)."""

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("lint needs a timezone-aware `now`")

    @property
    def today(self) -> date:
        """The date of `now`, in the zone `now` was given in."""
        return self.now.date()

    def today_in(self, zone: str) -> date:
        """The date of `now` in an IANA zone (a member's own day)."""
        return self.now.astimezone(ZoneInfo(zone)).date()

    @property
    def site_url(self) -> str | None:
        return self.workspace.spec.site.url

    def url_for(self, code: str) -> str:
        return rule_url(self.site_url, code)

    def analysis(self, block: SqlBlock) -> SqlAnalysis | None:
        """The block's analysis, or None when its dialect is unknown (reported by OB130).

        Made once per (sql, dialect) and shared by every rule that asks.
        """
        if not block.dialect_known:
            return None
        key = (block.sql, block.dialect)
        found = self.sql.get(key)
        if found is None:  # not analysed up front (a rule run on its own)
            found = self.sql[key] = analyse_sql(*key)
        return found


@dataclass(frozen=True)
class RuleContext:
    """A `LintContext` bound to one rule, so its findings carry the rule's code and URL."""

    lint: LintContext
    rule: Rule

    @property
    def workspace(self) -> Workspace:
        return self.lint.workspace

    @property
    def now(self) -> datetime:
        return self.lint.now

    @property
    def today(self) -> date:
        return self.lint.today

    def source(self, document: Document) -> YamlDocument | None:
        return self.workspace.source(document)

    def analysis(self, block: SqlBlock) -> SqlAnalysis | None:
        """The block's analysis (see `LintContext.analysis`)."""
        return self.lint.analysis(block)

    def action_items(self, status: str) -> Iterator[tuple[Postmortem, KeyPath, ActionItem]]:
        """Every action item with this status, its postmortem and its key path."""
        for postmortem in self.workspace.postmortems.values():
            for index, item in enumerate(postmortem.spec.action_items):
                if item.status == status:
                    yield postmortem, ("spec", "action_items", index), item

    def parsed_blocks(self, section: str | None = None) -> Iterator[tuple[SqlBlock, SqlAnalysis]]:
        """Every SQL block (of `section` when given) that parses in a known dialect, with
        its analysis; the others are OB130's to report."""
        for block in sql_blocks(self.workspace):
            if section is not None and block.section != section:
                continue
            analysis = self.analysis(block)
            if analysis is not None and analysis.error is None:
                yield block, analysis

    def report_sql(self, block: SqlBlock, position: SqlPosition, message: str) -> Diagnostic:
        """A finding at `position` of `block`'s SQL text, inside the YAML block scalar."""
        span = block.span(self.source(block.runbook), position)
        return self.report(block.runbook, block.path, message, span=span)

    def written(self, document: Document, path: KeyPath, default: str = "") -> str:
        """The value at `path` as the file spells it (`90d`, not `12w6d`), for messages."""
        source = self.source(document)
        value = value_at(source.data, path) if source is not None else None
        return str(value) if isinstance(value, (str, int, float)) else default

    def report(
        self,
        document: Document,
        path: KeyPath,
        message: str,
        *,
        key: bool = False,
        severity: Severity | None = None,
        span: Span | None = None,
    ) -> Diagnostic:
        """A finding at `path` of `document` (its key when `key`), or at `span` if given."""
        source = self.source(document)
        if span is None:
            span = source.locate(path, key=key) if source is not None else Span.point(1, 1)
        return Diagnostic(
            path=source.path if source is not None else "<workspace>",
            span=span,
            code=self.rule.code,
            message=message,
            severity=severity or self.rule.severity,
            key_path=format_key_path(path),
            rule=self.rule.name,
            url=self.lint.url_for(self.rule.code),
        )
