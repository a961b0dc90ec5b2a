"""The `opsbook` mkdocs plugin: the workspace's pages as virtual files, at build time.

    plugins:
      - search
      - tags
      - opsbook:
          root: .            # the workspace: opsbook.yaml, runbooks/, rotation/
          prefix: ""         # folder of the site the pages go into, e.g. ops/
          weeks: 12          # weeks of the on-call schedule to show
          calendars: true    # publish the iCal feeds under calendars/
          templates: site_templates   # the team's own templates, if any
          nav_runbooks: 100  # runbooks listed one by one in the nav, up to this many
          checks: build/checks.json   # results of `opsbook check --out`, shown per runbook
          # at: 2026-11-23T12:00Z     # "now" for the pages; default: the build's clock

"Now" is, in order: the `OPSBOOK_AT` environment variable, the `at` option, the clock.
A build is the one place besides the CLI that reads the clock, and only here.

A workspace that does not load stops the build with every located problem
(`path:line:col: message`), so `mkdocs build --strict` fails in CI like `opsbook
validate` does. Nothing is ever written into `docs_dir`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from opsbook.checks.results_file import read_check_results
from opsbook.diagnostics import Severity
from opsbook.errors import OpsbookError
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.site.live import SCRIPT, STYLESHEET
from opsbook.site.pages import (
    DEFAULT_TEMPLATES,
    NAV_RUNBOOKS,
    SiteContent,
    SiteOptions,
    site_pages,
)

log = get_plugin_logger(__name__)

AT_VARIABLE = "OPSBOOK_AT"

# Markdown extensions the generated pages are written for; added when mkdocs.yml lacks
# them, so adopting the plugin needs no list of extensions.
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "tables": {},
    "attr_list": {},
    "admonition": {},
    "pymdownx.highlight": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}


# mkdocs' Config.__init_subclass__ carries no annotations; the class itself is typed.
class OpsbookConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml."""

    root = c.Type(str, default=".")
    """The workspace folder, relative to mkdocs.yml."""
    at = c.Optional(c.Type(str))
    """ISO 8601 instant the pages are generated for; OPSBOOK_AT overrides it."""
    templates = c.Type(str, default=DEFAULT_TEMPLATES)
    """The team's template folder, relative to the workspace; its templates win."""
    prefix = c.Type(str, default="")
    """Folder of the site the generated pages go into; empty: the site's root."""
    weeks = c.Type(int, default=12)
    """Weeks of the on-call schedule to show."""
    calendars = c.Type(bool, default=True)
    """Publish the iCal feeds under calendars/ and link them."""
    nav = c.Type(bool, default=True)
    """Add the generated pages to the navigation (all of it when mkdocs.yml has no nav)."""
    nav_runbooks = c.Type(int, default=NAV_RUNBOOKS)
    """List each runbook in the navigation when there are at most this many; above, the
    table of all runbooks leads to them (the theme copies the nav into every page)."""
    checks = c.Optional(c.Type(str))
    """Results file of `opsbook check --out`, relative to the workspace; default:
    `site.checks` of opsbook.yaml. Each runbook page shows its checks' last status."""


class OpsbookPlugin(BasePlugin[OpsbookConfig]):  # type: ignore[no-untyped-call]
    """Generates the runbook site's pages from the workspace."""

    def __init__(self) -> None:
        self.root = Path(".")
        self.at = datetime.now(UTC)
        self.content: SiteContent | None = None
        self.edit_urls: dict[str, str | None] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path).resolve().parent
        self.root = (base_dir / self.config.root).resolve()
        self.at = self._instant()
        for name, options in REQUIRED_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                if options:
                    config.mdx_configs[name] = dict(options)
        # The live on-call script and the check-status styles, from the generated
        # pages' folder: mkdocs links them from every page, relative to it.
        prefix = self.config.prefix.strip().strip("/")
        for uri, bucket in ((SCRIPT, config.extra_javascript), (STYLESHEET, config.extra_css)):
            path = f"{prefix}/{uri}" if prefix else uri
            if path not in bucket:
                bucket.append(path)
        return config

    def _instant(self) -> datetime:
        """The instant as written (naive: placed in the home zone once the workspace is
        loaded, `_place`); read by `opsbook.instants`, as every command reads --at."""
        from opsbook import instants

        raw = os.environ.get(AT_VARIABLE) or self.config.at
        source = AT_VARIABLE if os.environ.get(AT_VARIABLE) else "plugins.opsbook.at"
        if not raw:
            return datetime.now(UTC)  # the build's own clock: "now" is when it runs
        try:
            return instants.read_text(str(raw), source)
        except instants.AtError as exc:
            raise PluginError(str(exc)) from None

    def _place(self, ws: Workspace) -> None:
        """A naive instant is wall-clock time in the reader's zone ($TZ, else the
        workspace's home zone), as for every command's --at."""
        if self.at.tzinfo is not None:
            return
        from zoneinfo import ZoneInfo

        from opsbook import instants

        home = instants.home_zone(
            {name: rot.spec.shift.handoff.timezone for name, rot in ws.rotations.items()}
        )
        self.at, note = instants.place(self.at, ZoneInfo(instants.reader_zone_name(None, home)))
        if note:
            log.info(f"{AT_VARIABLE}: {note}")

    def _load(self) -> Workspace:
        try:
            result = load_workspace(self.root)
        except OpsbookError as exc:
            raise PluginError(f"opsbook: {exc}") from None
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        if errors:
            lines = "\n".join(d.format() for d in errors)
            raise PluginError(
                f"opsbook: the workspace at {self.root} has {len(errors)} "
                f"problem{'s' if len(errors) != 1 else ''}:\n{lines}"
            )
        for diagnostic in result.diagnostics:
            if diagnostic.severity is Severity.WARNING:
                log.warning(diagnostic.format())
        return result.workspace

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        ws = self._load()
        self._place(ws)
        if ws.spec.site.title:
            # The workspace names its site: the header and the browser tab say so.
            config.site_name = ws.spec.site.title
        checks_file = self.config.checks or ws.spec.site.checks
        results = None
        if checks_file:
            try:
                results = read_check_results(self.root / checks_file)
            except OpsbookError as exc:
                raise PluginError(f"opsbook: {exc}") from None
        options = SiteOptions(
            templates=self.root / self.config.templates,
            prefix=self.config.prefix,
            weeks=self.config.weeks,
            calendars=self.config.calendars,
            nav_runbooks=self.config.nav_runbooks,
            checks=results,
            checks_source=checks_file,
        )
        try:
            content = site_pages(ws, self.at, options)
        except jinja2.TemplateError as exc:
            where = (
                f"{exc.filename}:{exc.lineno}: "
                if isinstance(exc, jinja2.TemplateSyntaxError)
                else ""
            )
            raise PluginError(f"opsbook: template error: {where}{exc}") from None
        generated: list[tuple[str, str | bytes, InclusionLevel]] = [
            *((p.src_uri, p.content, _inclusion(p.in_nav)) for p in content.pages),
            *((a.src_uri, a.content, InclusionLevel.UNDEFINED) for a in content.assets),
        ]
        for uri, data, inclusion in generated:
            clash = files.get_file_from_path(uri)
            if clash is not None:
                raise PluginError(
                    f"opsbook: {Path(config.docs_dir, uri)} exists, but the opsbook plugin "
                    "generates that page; remove the file or set the plugin's `prefix` "
                    "option to put the generated pages in a folder of their own"
                )
            files.append(File.generated(config, uri, content=data, inclusion=inclusion))
        self.content = content
        self.edit_urls = {p.src_uri: p.edit_url for p in content.pages}
        if self.config.nav:
            config.nav = _with_generated_nav(config.nav, content, files)
        return files

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        # Page titles are HTML text (`&lt;` for a "<" in a runbook title). Themes print
        # `page.title | striptags` unescaped, and jinja's striptags turns entities back
        # into characters, so a title could close <title> and open a script. Escaping
        # its result again keeps every title text.
        env.filters["striptags"] = _striptags_as_text
        return env

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.src_uri in self.edit_urls:
            # Generated pages have no file in docs_dir: the theme's edit button opens
            # the YAML they come from, or disappears.
            page.edit_url = self.edit_urls[page.file.src_uri]
        return context

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for path in self._watched():
            server.watch(str(path))
        return server

    def _watched(self) -> list[Path]:
        """The workspace's YAML folders, opsbook.yaml and the team's templates."""
        folders = ["runbooks", "rotation"]
        try:
            ws = load_workspace(self.root).workspace
            folders = list(ws.spec.paths)
        except OpsbookError:
            pass
        candidates = [
            *(self.root / f for f in folders),
            self.root / "opsbook.yaml",
            self.root / self.config.templates,
        ]
        return [p for p in candidates if p.exists()]


def _inclusion(in_nav: bool) -> InclusionLevel:
    # NOT_IN_NAV: built and linked, without mkdocs listing it as missing from the nav.
    return InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV


def _striptags_as_text(value: object) -> Markup:
    return escape(Markup(str(value)).striptags())


def _with_generated_nav(nav: list[Any] | None, content: SiteContent, files: Files) -> list[Any]:
    """The generated sections, then the hand-written pages, when mkdocs.yml has no nav;
    otherwise the team's nav with the generated pages it does not mention appended."""
    generated = {p.src_uri for p in content.pages}
    if nav is None:
        written = sorted(
            f.src_uri for f in files.documentation_pages() if f.src_uri not in generated
        )
        return [*content.nav, *written]
    mentioned = set(_nav_paths(nav))
    extra = [_without(entry, mentioned) for entry in content.nav]
    return [*nav, *(e for e in extra if e is not None)]


def _nav_paths(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [p for item in entry for p in _nav_paths(item)]
    if isinstance(entry, dict):
        return [p for value in entry.values() for p in _nav_paths(value)]
    return []


def _without(entry: Any, mentioned: set[str]) -> Any:
    if isinstance(entry, str):
        return None if entry in mentioned else entry
    if isinstance(entry, dict):
        (title, value), *_ = entry.items()
        kept = _without(value, mentioned)
        return {title: kept} if kept else None
    if isinstance(entry, list):
        kept_items = [k for k in (_without(item, mentioned) for item in entry) if k is not None]
        return kept_items or None
    return entry
