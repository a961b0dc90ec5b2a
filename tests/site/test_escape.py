"""Escaping: any string from YAML renders as its literal text, whatever Markdown
extensions the site enables."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsbook.site.escape import (
    Markdown,
    code_span,
    escape_block,
    escape_inline,
    fenced_code,
    link,
    yaml_list,
)

# Every extension mkdocs-material documents that gives punctuation a meaning, except
# those that rewrite plain text on purpose (smartsymbols, magiclink, fancylists).
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.details",
]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(source: str) -> tuple[list[str], str]:
    """Tags and text of the HTML Python-Markdown makes of `source`."""
    html = markdown.markdown(
        source,
        extensions=EXTENSIONS,
        extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
    )
    collector = _Collector()
    collector.feed(html)
    return collector.tags, "".join(collector.text)


def collapsed(text: str) -> str:
    """What the escaped text must show: control characters dropped, whitespace folded."""
    kept = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    return " ".join(kept.split())


HOSTILE = [
    "<script>alert(1)</script>",
    "</div>",
    "*_[x](javascript:alert(1))|",
    '{: onclick="alert(2)" }',
    "# heading",
    "- item",
    "1. item",
    "2026. a year",
    "!!! danger",
    "??? details",
    "=== tab",
    "/// admonition",
    ": definition",
    '--8<-- "/etc/passwd"',
    "![img](http://x/y.png)",
    "<!-- comment -->",
    "&amp; &lt; &#42;",
    ":smile: ==mark== ~~del~~ ^^ins^^ ++ctrl+c++ $x$",
    "{++ added ++} {-- gone --}",
    "[^1] *[HTML]: abbr",
    "a | b | c",
    "`code` ``more``",
    "\\*not emphasis\\*",
    "[ ] task",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_render_as_their_own_text(text: str) -> None:
    tags, shown = render(escape_inline(text))
    assert tags == ["p"]
    assert shown == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from([*string.printable, "é", "–", "\u00a0", "→"]), max_size=40))
def test_any_text_renders_literally(text: str) -> None:
    tags, shown = render(escape_inline(text))
    expected = collapsed(text)
    assert shown == expected
    assert tags == (["p"] if expected else [])


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from([*string.printable, "é"]), max_size=40))
def test_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    source = f"| a | b |\n|---|---|\n| {escape_inline(text)} | end |\n"
    tags, shown = render(source)
    assert tags.count("td") == 2
    assert tags.count("tr") == 2
    assert set(tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert f"{collapsed(text)}\nend" in shown


def test_blocks_keep_paragraphs_and_fold_lines() -> None:
    text = "First line\nsame paragraph <b>.\n\n# second\n"
    tags, shown = render(escape_block(text))
    assert tags == ["p", "p"]
    assert shown == "First line same paragraph <b>.\n# second"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "SELECT '```' AS fence",
        "SELECT '````' || '```' AS longer\n-- </code></pre><script>alert(1)</script>",
        "SELECT 1\n\n\nFROM t  -- blank lines inside",
    ],
)
def test_fenced_code_holds_any_sql_verbatim(sql: str) -> None:
    html = markdown.markdown(fenced_code(sql, "sql"), extensions=["pymdownx.superfences"])
    collector = _Collector()
    collector.feed(html)
    assert "script" not in collector.tags
    assert collector.tags[:2] == ["pre", "code"] or "code" in collector.tags
    assert "".join(collector.text).strip("\n") == sql


def test_fenced_code_indents_for_list_items() -> None:
    block = fenced_code("SELECT 1\n\nFROM t", "sql", indent=4)
    assert block == "    ```sql\n    SELECT 1\n\n    FROM t\n    ```"


def test_fence_language_cannot_carry_attributes() -> None:
    assert fenced_code("x", 'sql {onclick="a"}').startswith("```\n")


def test_code_span_survives_backticks_and_pipes() -> None:
    tags, shown = render(code_span("a`b | `c`"))
    assert tags == ["p", "code"]
    assert shown == "a`b | `c`"


def test_links_drop_dangerous_schemes_and_encode_targets() -> None:
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", "data:text/html,<b>") == "x"
    assert link("a <b>", "https://h/p a(b)") == "[a &lt;b&gt;](https://h/p%20a%28b%29)"
    assert link("rel", "../escalation.md#policy-x") == "[rel](../escalation.md#policy-x)"


class _Hrefs(HTMLParser):
    """The `href` of every link, its character references decoded as a browser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if tag == "a" and name == "href"]


def browser_scheme(href: str) -> str:
    """The scheme a browser reads from a decoded `href`: it drops tabs and newlines
    anywhere and C0 controls and spaces around the URL first (WHATWG URL parser)."""
    url = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme.group(1).lower() if scheme else ""


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "javascript&#58;alert(document.domain)",
        "javascript&#58alert(document.domain)",
        "javascript&colon;alert(1)",
        "jav&#x61;script:alert(1)",
        "&#106;avascript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java&#9;script:alert(1)",
        "&#32;javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "d&#97;ta:text/html,x",
        "vbscript:msgbox(1)",
        "vbscript&#x3A;msgbox(1)",
    ],
)
def test_no_link_opens_a_script_scheme_once_the_browser_decodes_it(url: str) -> None:
    html = markdown.markdown(link("x", url), extensions=EXTENSIONS)
    hrefs = _Hrefs()
    hrefs.feed(html)
    # Dropped to its text, or a link within the site: never a scheme that runs code.
    assert {browser_scheme(h) for h in hrefs.hrefs} <= {""}


def test_an_ampersand_in_a_link_reaches_the_browser_as_itself() -> None:
    # A query string keeps its `&`, and text that looks like a character reference stays
    # that text instead of becoming the character it names.
    html = markdown.markdown(link("x", "https://h/p?a=1&b=2&c=&#58;"), extensions=EXTENSIONS)
    hrefs = _Hrefs()
    hrefs.feed(html)
    assert hrefs.hrefs == ["https://h/p?a=1&b=2&c=&#58;"]


def test_front_matter_list_is_yaml_with_html_escaped() -> None:
    assert yaml_list(["a", '<b>"x"</b>']) == '["a", "&lt;b&gt;&quot;x&quot;&lt;/b&gt;"]'


def test_markdown_values_pass_unchanged() -> None:
    trusted = Markdown("**bold**")
    assert escape_inline(trusted) == "**bold**"
    assert escape_inline(None) == ""
    assert escape_inline("**bold**") == "\\*\\*bold\\*\\*"
