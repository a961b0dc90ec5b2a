"""Where a document lives: its path in the workspace and its edit page in the repository."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlsplit

from opsbook.loader.workspace import Workspace
from opsbook.models.common import Document


def source_path(ws: Workspace, doc: Document) -> str | None:
    """The document's file relative to the workspace root, with `/` separators."""
    source = ws.source(doc)
    if source is None:
        return None
    path = Path(source.path)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return Path(os.path.relpath(absolute.resolve(), ws.root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def edit_url(ws: Workspace, doc: Document) -> str | None:
    """The repository page that edits the document's YAML, from `spec.site.repo_url` and
    `edit_uri` of opsbook.yaml; None without a repository or for a non-http(s) URL."""
    return edit_url_of(ws, source_path(ws, doc))


def edit_url_of(ws: Workspace, rel: str | None) -> str | None:
    """`edit_url` of the document whose `source_path` is `rel` (a site asks both of a
    thousand runbooks, and each path costs a walk of the file system to resolve)."""
    site = ws.spec.site
    if not site.repo_url or rel is None or rel.startswith("../"):
        return None
    if urlsplit(site.repo_url).scheme not in ("http", "https"):
        return None
    edit_uri = site.edit_uri.strip("/")
    base = site.repo_url.rstrip("/")
    url = f"{base}/{edit_uri}/{rel}" if edit_uri else f"{base}/{rel}"
    # Themes print the URL into an attribute unescaped: quotes, brackets and spaces
    # are percent-encoded so it stays one attribute value.
    return quote(url, safe=":/?#@!$&'()*+,;=%~")
