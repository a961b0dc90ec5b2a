"""One-tap contact: a person's phone, email and chat handle as `tel:`, `mailto:` and chat
links, for the pages (Markdown) and the live on-call block (plain URLs in its data).

Every URL is built here from the raw YAML value, so nothing but a `tel:` of digits, a
percent-encoded `mailto:` and an http(s) chat address reaches an `href`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from opsbook.site.escape import Markdown, escape_inline, link_target

_DIALABLE = re.compile(r"[^0-9+*#]")


@dataclass(frozen=True)
class ContactLink:
    """One way to reach someone: what the page shows and the URL a tap opens."""

    kind: str
    """phone, chat or email."""
    text: str
    url: str | None
    """None when the value cannot be turned into a safe link (shown as text)."""


def tel_url(phone: str) -> str | None:
    """`tel:+442079460000` from `+44 20 7946 0000`; None without a digit to dial."""
    digits = _DIALABLE.sub("", phone)
    # A "+" only leads a number; elsewhere it would not dial.
    digits = digits[:1] + digits[1:].replace("+", "")
    return f"tel:{digits}" if any(c.isdigit() for c in digits) else None


def mailto_url(email: str) -> str | None:
    """`mailto:` of one address; None for something that is not one."""
    address = email.strip()
    if address.count("@") != 1 or any(c.isspace() for c in address):
        return None
    return "mailto:" + quote(address, safe="@.+-_~")


def chat_url(handle: str, template: str | None) -> str | None:
    """The workspace's chat URL (`site.chat_url`, `{handle}` in it) for a handle such as
    `@alice`; None without a template or when the template is not http(s)."""
    if not template or "{handle}" not in template:
        return None
    if urlsplit(template).scheme not in ("http", "https"):
        return None
    bare = handle.strip().lstrip("@")
    if not bare:
        return None
    return template.replace("{handle}", quote(bare, safe=""))


def contact_links(
    phone: str | None, email: str | None, slack: str | None, chat_template: str | None
) -> tuple[ContactLink, ...]:
    """Ways to reach someone, most direct first: phone, chat, email."""
    links = []
    if phone:
        links.append(ContactLink("phone", phone, tel_url(phone)))
    if slack:
        links.append(ContactLink("chat", slack, chat_url(slack, chat_template)))
    if email:
        links.append(ContactLink("email", email, mailto_url(email)))
    return tuple(links)


def contact_markdown(links: tuple[ContactLink, ...], separator: str = " · ") -> Markdown:
    """The links as Markdown: the escaped value as the text, the URL as a link target
    that reaches the `href` as itself."""
    parts = []
    for item in links:
        label = escape_inline(item.text)
        if item.url is None:
            parts.append(str(label))
        else:
            parts.append(f"[{label}]({link_target(item.url)})")
    return Markdown(separator.join(parts))


def contact_html(links: tuple[ContactLink, ...], separator: str = " · ") -> Markdown:
    """The links as HTML (for blocks of raw HTML in a page): escaped text, the URL
    percent-encoded and escaped for its attribute."""
    parts = []
    for item in links:
        label = html.escape(" ".join(item.text.split()))
        if item.url is None:
            parts.append(label)
        else:
            target = html.escape(quote(item.url, safe="/:#?=&%.-_~+@,;"), quote=True)
            parts.append(f'<a href="{target}">{label}</a>')
    return Markdown(separator.join(parts))
