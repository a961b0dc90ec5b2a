"""Escaping for the Markdown the site's templates write.

Every string in a page comes from someone's YAML, and Markdown treats a lot of
punctuation as syntax (emphasis, links, tables, headings, admonitions…) and passes raw
HTML through. So the Markdown template environment escapes *every* `{{ value }}` with
`escape_inline` unless the value is already `Markdown` (built by the filters below), the
way an HTML template engine autoescapes. The result renders as the literal text with any
Markdown extension set a team might enable:

* `<`, `>`, `&` become entities, so no tag or entity from YAML reaches the HTML;
* Python-Markdown's own escapable punctuation gets a backslash;
* brackets (links, and `\\[` math), and punctuation that only extensions give meaning
  to (`|` tables, `~` `^` `=` `$` emphasis-like extensions, `:name:` emoji) become
  numeric entities, which no extension reads as syntax;
* line breaks collapse to spaces in inline text, and what would start a block (a list
  marker, `???`, `///`) at the start of a line is neutralized.

SQL never goes through this: it is written inside a fenced code block whose fence is
longer than any run of backticks in the SQL, so nothing in it can close the block.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, urlsplit

from markupsafe import Markup

__all__ = [
    "Markdown",
    "code_span",
    "escape_block",
    "escape_inline",
    "fenced_code",
    "join",
    "link",
    "link_target",
    "yaml_list",
]


class Markdown(Markup):
    """Text that already is safe Markdown and is written as is.

    A `Markup` so jinja2 treats it, and the output of macros and `{% set %}` blocks,
    as trusted; every other value is escaped (see `opsbook.site.render`).
    """

    __slots__ = ()


# Characters Python-Markdown itself unescapes after a backslash (its ESCAPED_CHARS, less
# `>` `-` `.` handled below, and less brackets and parentheses: `\[` and `\(` open math
# in pymdownx.arithmatex). Parentheses mean nothing without a bracket before them.
_BACKSLASHED = frozenset("\\`*_{}#+!")
# Characters only extensions read, or HTML: numeric or named entities are inert everywhere.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "[": "&#91;",
    "]": "&#93;",
    "|": "&#124;",
    "~": "&#126;",
    "^": "&#94;",
    "=": "&#61;",
    "$": "&#36;",
}
# An emoji shortcode (`:smile:`) or an attribute list opener starts with a colon glued
# to a word; a colon in "09:00" or "risk: high" is left alone.
_EMOJI_COLON = re.compile(r":(?=[A-Za-z_+\-])")
# Markers that open a block when they start a line: lists (`- `, `1. `), definition
# lists (`: `), details (`???`), pymdownx blocks (`///`).
_LEADING_LIST_NUMBER = re.compile(r"^(\d+)\.")
_LEADING_BLOCK = {"-": "\\-", ":": "&#58;", "?": "&#63;", "/": "&#47;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


# One table for str.translate: every character of every page title and cell goes
# through it, and a per-character loop in Python showed in the site's build time.
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _BACKSLASHED}, **_ENTITIES})


def _escape_chars(text: str) -> str:
    return text.translate(_ESCAPES)


def escape_inline(value: object) -> Markdown:
    """`value` as literal Markdown text on one line (table cells, list items, headings)."""
    if value is None:
        return Markdown("")
    if isinstance(value, Markup):
        return Markdown(value)
    return Markdown(_escape_text(str(value)))


# Pure, and a site repeats its values (names, tiers, severities) on a thousand pages.
@lru_cache(maxsize=8192)
def _escape_text(value: str) -> str:
    text = " ".join(_CONTROL.sub("", value).split())
    if not text:
        return ""
    number = _LEADING_LIST_NUMBER.match(text)
    head = ""
    if number:
        head, text = number.group(1) + "\\.", text[number.end() :]
    elif text[0] in _LEADING_BLOCK:
        head, text = _LEADING_BLOCK[text[0]], text[1:]
    escaped = _escape_chars(text)
    return head + _EMOJI_COLON.sub("&#58;", escaped)


def escape_block(value: object) -> Markdown:
    """Literal text that may hold paragraphs: blank lines separate them, other line
    breaks fold like YAML's `>` style."""
    if value is None:
        return Markdown("")
    if isinstance(value, Markup):
        return Markdown(value)
    paragraphs = _BLANK_LINE.split(str(value).replace("\r\n", "\n").strip())
    return Markdown("\n\n".join(escape_inline(p) for p in paragraphs if p.strip()))


def code_span(value: object) -> Markdown:
    """`value` as an inline code span (identifiers: tables, columns, file paths)."""
    text = " ".join(_CONTROL.sub("", str(value)).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # A span that starts or ends with a backtick needs a space so the fence stays apart.
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markdown(f"{fence}{pad}{text}{pad}{fence}")


def fenced_code(code: str, language: str = "", indent: int = 0) -> Markdown:
    """A fenced code block holding `code` verbatim, its fence longer than any backtick
    run inside, every line indented by `indent` spaces (for blocks inside list items)."""
    body = _CONTROL.sub("", code.replace("\r\n", "\n")).rstrip("\n")
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    pad = " " * indent
    lines = [f"{fence}{_language(language)}", *body.split("\n"), fence]
    return Markdown("\n".join(pad + line if line.strip() else "" for line in lines))


def _language(name: str) -> str:
    # The info string names the highlighter's lexer; only a plain identifier is allowed
    # so it cannot smuggle attributes into the fence.
    return name if re.fullmatch(r"[A-Za-z0-9_+-]*", name) else ""


# What a browser drops from a URL before it reads the scheme: tabs and newlines anywhere,
# C0 controls and spaces around it. Dropping them everywhere judges no less strictly.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def _opened_scheme(url: str) -> str:
    """The scheme a browser opens for `url` written into an `href`: character references
    decoded (`javascript&#58;` is `javascript:` to it), ignored characters dropped."""
    return urlsplit(_URL_IGNORED.sub("", html.unescape(url))).scheme


def link_target(url: str) -> str:
    """`url` as a Markdown link target that reaches the `href` as itself.

    Everything that could end the target early or inject markup is percent-encoded, and
    `&` is written `&amp;`: Python-Markdown keeps character references in a target as
    they are, so a bare `&` could form one the browser decodes (`&#58;` into `:`).
    """
    return quote(url, safe="/:#?=&%.-_~+@,;").replace("&", "&amp;")


def link(text: object, url: str) -> Markdown:
    """A Markdown link with literal `text` to a page of this site or an http(s) URL.

    Other schemes (`javascript:`, `data:`), however spelled, are dropped and only the
    text is kept.
    """
    label = escape_inline(text)
    if _opened_scheme(url) not in ("", "http", "https"):
        return label
    return Markdown(f"[{label}]({link_target(url)})")


def join(values: Iterable[object], separator: str = ", ") -> Markdown:
    """Escaped values joined by a literal separator (which is trusted template text)."""
    return Markdown(separator.join(escape_inline(v) for v in values))


def yaml_list(values: Iterable[object]) -> Markdown:
    """A YAML flow list of double-quoted strings for front matter (JSON is valid YAML).

    HTML is escaped inside the strings too: mkdocs-material writes front-matter tags
    into pages without escaping them.
    """
    return Markdown(json.dumps([html.escape(" ".join(str(v).split())) for v in values]))
