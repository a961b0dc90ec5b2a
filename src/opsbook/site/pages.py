"""Every generated page of the site, rendered from the workspace as of one instant.

Pure: the same workspace, instant and templates give the same bytes. The mkdocs plugin
turns the result into virtual files; tests compare it with snapshot files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from opsbook.checks.command import check_command
from opsbook.lint import RuleDoc, rule_docs
from opsbook.loader.workspace import Workspace
from opsbook.models.check_results import CheckResults
from opsbook.models.runbook import Runbook
from opsbook.postmortems.check_names import check_names
from opsbook.site.calendar_links import FeedLink, feeds_base_url, webcal_url
from opsbook.site.check_status import checks_view
from opsbook.site.escalation_view import ChainResolver, policy_views
from opsbook.site.escape import Markdown
from opsbook.site.incidents_view import incident_views, incidents_index
from opsbook.site.instants import format_at
from opsbook.site.links import edit_url_of, source_path
from opsbook.site.live import SCRIPT, STYLESHEET, LiveSchedule, live_schedule
from opsbook.site.ownership_view import is_investor_facing, ownership_view
from opsbook.site.people import name_of, person
from opsbook.site.render import markdown_environment
from opsbook.site.review import review_status
from opsbook.site.schedule_view import DEFAULT_WEEKS, schedules
from opsbook.site.team_view import team_views, upcoming_absences

ASSETS = Path(__file__).resolve().parent / "assets"
"""The script and stylesheet shipped with the plugin."""
DEFAULT_TEMPLATES = "site_templates"
"""The workspace folder whose templates override the shipped ones."""
NAV_RUNBOOKS = 100
"""Runbooks listed one by one in the navigation up to this many. mkdocs-material writes
the whole navigation into every page: a thousand runbooks made each page 350 kB of
links and the build 2.5 times longer; above it, the table of all runbooks leads to them."""


@dataclass(frozen=True)
class Page:
    """A generated Markdown page."""

    src_uri: str
    """Path inside the site's docs, e.g. `runbooks/profit-aggregate.md`."""
    content: str
    edit_url: str | None = None
    """Where the YAML behind the page is edited, for the theme's edit button."""
    in_nav: bool = True
    """False for pages reached only through links (one per lint rule)."""


@dataclass(frozen=True)
class Asset:
    """A generated file that is not a page (calendar feeds)."""

    src_uri: str
    content: bytes


@dataclass(frozen=True)
class SiteContent:
    pages: tuple[Page, ...]
    assets: tuple[Asset, ...] = ()
    nav: tuple[Any, ...] = field(default=())
    """The generated pages as an mkdocs `nav` list, sections first."""


@dataclass(frozen=True)
class SiteOptions:
    """How the pages are generated."""

    templates: Path | None = None
    """The team's template folder, whose templates replace the shipped ones; default:
    `site_templates/` in the workspace."""
    prefix: str = ""
    """Folder of the site the pages go into, e.g. `ops/`; empty for the site's root."""
    weeks: int = DEFAULT_WEEKS
    """How many weeks of the schedule to show."""
    calendars: bool = True
    """Publish the iCal feeds and link them."""
    nav_runbooks: int = NAV_RUNBOOKS
    """List each runbook in the navigation when there are at most this many."""
    checks: CheckResults | None = None
    """The last results of `opsbook check --out`, shown on the runbook pages."""
    checks_source: str | None = None
    """Where those results were read from, as the home page names it."""


def site_pages(ws: Workspace, at: datetime, options: SiteOptions | None = None) -> SiteContent:
    """Render every page of the site for the workspace as of `at`."""
    options = options or SiteOptions()
    env = markdown_environment(options.templates or ws.root / DEFAULT_TEMPLATES)
    prefix = _clean_prefix(options.prefix)
    today = at.astimezone(UTC).date()
    rotation_schedules = schedules(ws, at, options.weeks)
    feeds = _calendars(ws, at, prefix) if options.calendars else ()
    live = live_schedule(ws, at)
    common: dict[str, Any] = {
        "ws": ws,
        "at": format_at(at),
        "today": today,
        "site_title": site_title(ws) or "Operations",
        "dialect": ws.spec.dialect,
        "schedules": rotation_schedules,
        "calendars": feeds,
        "member_feeds": {
            f.path.removeprefix("calendars/members/").removesuffix(".ics"): f
            for f in feeds
            if f.path.startswith("calendars/members/")
        },
        "weeks": options.weeks,
    }
    runbooks = sorted(ws.runbooks.values(), key=lambda rb: (rb.metadata.display.lower(), rb.name))
    reviews = {rb.name: review_status(rb, today) for rb in runbooks}
    owners = {rb.name: ws.owners(rb.name) for rb in runbooks}
    checks = checks_view(runbooks, options.checks, options.checks_source, at)
    rows = [
        {
            "runbook": rb,
            "owners": owners[rb.name],
            "primary": _name(ws, owners[rb.name], "primary"),
            "secondary": _name(ws, owners[rb.name], "secondary"),
            "investor": is_investor_facing(rb),
            "review": reviews[rb.name],
            "checks": checks.of(rb),
        }
        for rb in runbooks
    ]
    chains = ChainResolver(ws, at)
    incidents = incident_views(ws, today)
    all_rotations = live.data_for(ws.rotations)

    pages: list[Page] = []

    def render(uri: str, template: str, in_nav: bool = True, **context: Any) -> None:
        content = _render(env, template, {**common, **context})
        pages.append(Page(prefix + uri, content, context.get("edit_url"), in_nav))

    render(
        "index.md",
        "home.md.j2",
        runbooks=rows,
        checks=checks,
        oncall_data=all_rotations,
        absences=upcoming_absences(ws, today),
    )
    render("runbooks/index.md", "runbooks.md.j2", runbooks=rows)
    listed = len(runbooks) <= options.nav_runbooks
    for rb in runbooks:
        source = source_path(ws, rb)
        render(
            f"runbooks/{rb.name}.md",
            "runbook.md.j2",
            in_nav=listed,
            edit_url=edit_url_of(ws, source),
            **_runbook_context(ws, rb, source, owners[rb.name], chains, live),
            review=reviews[rb.name],
            incidents=[v for v in incidents if rb.name in v.postmortem.spec.runbooks],
            checks=checks,
            rb_checks=checks.of(rb),
        )
    render("ownership.md", "ownership.md.j2", ownership=ownership_view(ws))
    render("escalation.md", "escalation.md.j2", policies=policy_views(ws))
    render("team.md", "team.md.j2", teams=team_views(ws, today))
    render("schedule.md", "schedule.md.j2", oncall_data=all_rotations)
    render("incidents/index.md", "incidents.md.j2", index=incidents_index(incidents))
    for view in incidents:
        source = source_path(ws, view.postmortem)
        render(
            f"incidents/{view.name}/index.md",
            "postmortem.md.j2",
            in_nav=False,
            edit_url=edit_url_of(ws, source),
            v=view,
            source=source or view.name,
        )
    docs = rule_docs(ws.spec.site.url)
    # A rule's documentation is Markdown its author wrote in opsbook's own code, not
    # YAML from the workspace: the one text the site renders as Markdown.
    rules = [_RuleView(doc, Markdown(doc.summary), Markdown(doc.markdown)) for doc in docs]
    render("rules/index.md", "rules.md.j2", rules=rules)
    for rule in rules:
        render(f"rules/{rule.doc.code}/index.md", "rule.md.j2", in_nav=False, rule=rule)
    assets = tuple(Asset(prefix + feed.path, feed.content) for feed in feeds) + _scripts(prefix)
    return SiteContent(tuple(pages), assets, tuple(_nav(prefix, runbooks if listed else [])))


def _runbook_context(
    ws: Workspace,
    rb: Runbook,
    source: str | None,
    owners: Any,
    chains: ChainResolver,
    live: LiveSchedule,
) -> dict[str, Any]:
    chain = chains.chain(rb)
    paged = {t.rotation for step in chain.steps for t in step.targets} if chain else set()
    return {
        "rb": rb,
        "investor": is_investor_facing(rb),
        "owners": _owners(ws, owners) if owners else None,
        "chain": chain,
        "oncall_data": live.data_for(r for r in paged if r),
        "source": source or rb.name,
        "query_names": {q.name for q in rb.spec.validation},
        "commands": {name: check_command(rb.name, name) for name in check_names(rb)},
    }


@dataclass(frozen=True)
class _RuleView:
    doc: RuleDoc
    summary: Markdown
    body: Markdown


@dataclass(frozen=True)
class _Owners:
    primary: Any
    secondary: Any
    stakeholders: tuple[str, ...]


def _owners(ws: Workspace, owners: Any) -> _Owners:
    return _Owners(
        person(ws, owners.primary) or owners.primary,
        person(ws, owners.secondary) or owners.secondary,
        owners.stakeholders,
    )


def _name(ws: Workspace, owners: Any, role: str) -> str | None:
    return None if owners is None else name_of(ws, getattr(owners, role))


def site_title(ws: Workspace) -> str | None:
    """The site's name: `site.title` of opsbook.yaml, else the workspace's title, else
    the team's title (the first team's by name when there are several); None when the
    workspace names none of them."""
    if ws.spec.site.title:
        return ws.spec.site.title
    settings = ws.settings
    if settings is not None and settings.metadata.title:
        return settings.metadata.title
    for name in sorted(ws.teams):
        return ws.teams[name].metadata.display
    return None


def _calendars(ws: Workspace, at: datetime, prefix: str) -> tuple[FeedLink, ...]:
    """Every iCal feed, with its path in the site and its subscribe URL."""
    from opsbook.ical.feeds import build_feeds

    base = feeds_base_url(ws, prefix)
    return tuple(
        FeedLink(f"calendars/{feed.path}", feed.content, feed.title, webcal_url(base, feed.path))
        for feed in build_feeds(ws, at)
    )


def _scripts(prefix: str) -> tuple[Asset, ...]:
    """The live on-call script and the stylesheet, shipped inside the wheel."""
    return tuple(
        Asset(prefix + uri, (ASSETS / Path(uri).name).read_bytes()) for uri in (SCRIPT, STYLESHEET)
    )


def _render(env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
    text = env.get_template(template).render(context)
    return "\n".join(_tidy(text.strip("\n").split("\n"))) + "\n"


def _tidy(lines: list[str]) -> Iterator[str]:
    """Stable bytes for snapshots and diffs: no trailing spaces, no runs of blank lines
    (templates leave them around optional sections); code blocks are kept verbatim."""
    blank = False
    fence: str | None = None
    for line in lines:
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped == fence else fence
            yield line
            continue
        if stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
        if not stripped:
            if not blank:
                yield ""
            blank = True
            continue
        blank = False
        yield line.rstrip()


def _clean_prefix(prefix: str) -> str:
    cleaned = prefix.strip().strip("/")
    return f"{cleaned}/" if cleaned else ""


def _nav(prefix: str, listed: list[Runbook]) -> list[Any]:
    return [
        {"Home": f"{prefix}index.md"},
        {
            "On call": [
                {"Schedule": f"{prefix}schedule.md"},
                {"Escalation policies": f"{prefix}escalation.md"},
                {"Team": f"{prefix}team.md"},
            ]
        },
        {
            "Runbooks": [
                {"All runbooks": f"{prefix}runbooks/index.md"},
                # No titles: mkdocs takes each page's title from its escaped heading.
                *(f"{prefix}runbooks/{rb.name}.md" for rb in listed),
            ]
        },
        {"Ownership": f"{prefix}ownership.md"},
        # One entry, as for the rules: each postmortem is reached from the incidents
        # table and from its runbooks' pages.
        {"Incidents": f"{prefix}incidents/index.md"},
        # One entry: the rule pages are reached from the table of rules and from
        # each finding's link, and thirty of them would bury the runbooks.
        {"Lint rules": f"{prefix}rules/index.md"},
    ]
