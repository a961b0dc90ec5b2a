"""Calendar links on the pages: the plain `.ics` file and, where the feeds' public URL is
known, a `webcal://` subscribe button that opens the reader's calendar application."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from opsbook.loader.workspace import Workspace
from opsbook.site.escape import Markdown, escape_inline, link_target


@dataclass(frozen=True)
class FeedLink:
    """One published feed."""

    path: str
    """Inside the site, e.g. `calendars/members/alice.ics`."""
    content: bytes
    title: str
    webcal: str | None
    """`webcal://…` of the published feed; None without a base URL."""

    @property
    def subscribe(self) -> Markdown:
        """A "Subscribe" button (mkdocs-material's `md-button`), or nothing."""
        if self.webcal is None:
            return Markdown("")
        label = escape_inline(f"Subscribe to {self.title}")
        return Markdown(f"[{label}]({link_target(self.webcal)}){{ .md-button }}")


def feeds_base_url(ws: Workspace, prefix: str) -> str | None:
    """Where the site's calendars/ folder is published: `calendars.url`, else
    `calendars/` under `site.url` (and the pages' prefix); None when neither is set or
    the URL is not http(s)."""
    base = ws.spec.calendars.url
    if not base and ws.spec.site.url:
        base = ws.spec.site.url.rstrip("/") + "/" + prefix + "calendars/"
    if not base or urlsplit(base).scheme not in ("http", "https"):
        return None
    return base if base.endswith("/") else base + "/"


def webcal_url(base: str | None, feed_path: str) -> str | None:
    """`webcal://host/…/feed_path` of a feed published under `base` (http or https)."""
    if base is None:
        return None
    parts = urlsplit(base)
    return "webcal://" + base[len(parts.scheme) + 3 :] + feed_path
