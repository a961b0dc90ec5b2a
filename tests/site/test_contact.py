"""One-tap contact links: only tel: of digits, percent-encoded mailto: and http(s) chat
URLs reach an href, and every shown value stays escaped text."""

from __future__ import annotations

import markdown
import pytest

from opsbook.site.contact import chat_url, contact_links, contact_markdown, mailto_url, tel_url


@pytest.mark.parametrize(
    ("phone", "url"),
    [
        ("+44 20 7946 0103", "tel:+442079460103"),
        ("(415) 555-0102", "tel:4155550102"),
        ("+1 415 555 0102 ext. 12", "tel:+1415555010212"),
        ("1+2", "tel:12"),
        ("call me", None),
        ("javascript:alert(1)", "tel:1"),
    ],
)
def test_tel_keeps_only_what_dials(phone: str, url: str | None) -> None:
    assert tel_url(phone) == url


def test_mailto_is_one_address_percent_encoded() -> None:
    assert mailto_url("alice@example.com") == "mailto:alice@example.com"
    assert mailto_url("a b@example.com") is None
    assert mailto_url("a@b@c") is None
    assert mailto_url("x@y.z?cc=evil") == "mailto:x@y.z%3Fcc%3Devil"


def test_chat_url_needs_an_http_template_and_encodes_the_handle() -> None:
    template = "https://chat.example.com/u/{handle}"
    assert chat_url("@alice", template) == "https://chat.example.com/u/alice"
    assert chat_url("@a/../b", template) == "https://chat.example.com/u/a%2F..%2Fb"
    assert chat_url("@alice", None) is None
    assert chat_url("@alice", "javascript:alert('{handle}')") is None
    assert chat_url("@alice", "https://chat.example.com/") is None


def test_markdown_escapes_the_text_and_keeps_links_whole() -> None:
    links = contact_links("+1 (415) 555", "x)[y](javascript:z)@e.com", "@a]b", "https://c/{handle}")
    text = contact_markdown(links)
    assert text.startswith("[\\+1 (415) 555](tel:+1415555)")
    # The chat handle's bracket is an entity in the text, encoded in the URL.
    assert "[@a&#93;b](https://c/a%5Db)" in text
    # Brackets and parentheses of an odd address: entities in the text, encoded in the URL.
    assert text.endswith(
        "[x)&#91;y&#93;(javascript&#58;z)@e.com](mailto:x%29%5By%5D%28javascript%3Az%29@e.com)"
    )


@pytest.mark.parametrize(
    "template",
    [
        "&#104;ttps://c/{handle}",
        "javascript&#58;alert('{handle}')",
        " javascript:alert('{handle}')",
    ],
)
def test_chat_url_template_must_be_http_as_written(template: str) -> None:
    assert chat_url("@alice", template) is None


def test_a_chat_url_reaches_the_href_as_written() -> None:
    # A character reference in the chat URL's text is not decoded into another URL.
    links = contact_links(None, None, "@a", "https://c/u?team=x&#58;y&user={handle}")
    html = markdown.markdown(contact_markdown(links))
    assert 'href="https://c/u?team=x&amp;#58;y&amp;user=a"' in html
