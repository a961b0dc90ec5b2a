"""The jinja2 environment that renders the site's Markdown pages.

Templates are looked up in the team's own folder first (`site_templates/` beside
`opsbook.yaml`), then in the templates shipped with opsbook. A team's template may
replace a shipped one outright, or extend it under the `opsbook/` prefix and override
only a block:

    {% extends "opsbook/home.md.j2" %}
    {% block intro %}Start here during an incident.{% endblock %}

Every `{{ value }}` is escaped as literal Markdown text unless a filter below already
made it Markdown: forgetting to escape is not possible (see `opsbook.site.escape`).
"""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import jinja2

from opsbook.durations import format_duration
from opsbook.site.contact import contact_html, contact_markdown
from opsbook.site.escape import (
    Markdown,
    code_span,
    escape_block,
    escape_inline,
    fenced_code,
    join,
    link,
    yaml_list,
)

PACKAGED_TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The templates shipped inside the wheel."""


def markdown_environment(overrides: Path | None = None) -> jinja2.Environment:
    """The environment pages are rendered with; `overrides` is the team's template folder."""
    packaged = jinja2.FileSystemLoader(PACKAGED_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and overrides.is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides))
    loaders.append(jinja2.PrefixLoader({"opsbook": packaged}))
    loaders.append(packaged)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # finalize escapes every value as Markdown text; autoescape then only marks what
        # macros, blocks and filters build as trusted (Markdown is a Markup).
        autoescape=True,
        finalize=escape_inline,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=escape_inline,
        md_block=escape_block,
        code=code_span,
        fenced=fenced_code,
        link=link,
        join=join,  # the built-in join would only HTML-escape
        yaml_list=yaml_list,
        duration=display_duration,
        elapsed=elapsed,
        contact=contact_markdown,
        contact_html=contact_html,
        attr=html_attribute,
    )
    return env


def html_attribute(value: object) -> Markdown:
    """`value` inside a double-quoted HTML attribute of raw HTML in a page."""
    return Markdown(html.escape(" ".join(str(value).split()), quote=True))


def display_duration(value: timedelta) -> str:
    """A duration in the one unit people would write it in: 90d, 26h, 30m, 2w."""
    seconds = int(value.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return format_duration(value)


def elapsed(value: timedelta) -> str:
    """How long something took, to the minute, for people: `2 d 12 h 35 min`."""
    minutes = round(value.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    words = [f"{days} d"] if days else []
    words += [f"{hours} h"] if hours else []
    words += [f"{mins} min"] if mins or not words else []
    return " ".join(words)
