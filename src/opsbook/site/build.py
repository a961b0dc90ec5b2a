"""Building and serving the site with mkdocs, for `opsbook site build` and `serve`.

A workspace with its own mkdocs.yml is built with it. One without gets the default
configuration below (mkdocs-material, search, tags, the opsbook plugin), so a team can
publish its runbooks before it learns mkdocs.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from opsbook.errors import InputError, OpsbookError


class SiteBuildError(OpsbookError):
    """The site did not build: the workspace has problems, or strict mode saw warnings."""

    exit_code = 1


def default_config(root: Path, docs_dir: Path) -> str:
    """The mkdocs.yml used for a workspace that has none (JSON is valid YAML)."""
    config = {
        "site_name": _site_name(root),
        "docs_dir": str(docs_dir),
        "use_directory_urls": False,
        "theme": {
            "name": "material",
            "font": False,  # offline: no web fonts
            "features": [
                "navigation.sections",
                "content.code.copy",
                "content.action.edit",
                "search.highlight",
            ],
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)",
                    "scheme": "default",
                    "toggle": {"icon": "material/weather-night", "name": "Dark mode"},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "toggle": {"icon": "material/weather-sunny", "name": "Light mode"},
                },
            ],
        },
        "plugins": ["search", "tags", {"opsbook": {"root": str(root)}}],
    }
    return json.dumps(config, indent=2) + "\n"


def _site_name(root: Path) -> str:
    """The workspace's title (see `site_title`), else "<folder> operations"."""
    from opsbook.loader import load_workspace
    from opsbook.site.pages import site_title

    try:
        loaded = load_workspace(root, kinds=frozenset({"Team", "Workspace"}))
    except OpsbookError:
        loaded = None
    title = site_title(loaded.workspace) if loaded is not None else None
    return title or f"{root.resolve().name} operations"


@contextmanager
def site_config(root: Path, config_file: Path | None = None) -> Iterator[Path]:
    """The mkdocs.yml to build `root` with: `config_file`, else root/mkdocs.yml, else a
    temporary default one (removed on exit)."""
    if config_file is not None:
        if not config_file.is_file():
            raise InputError(f"no such mkdocs configuration: {config_file}")
        yield config_file
        return
    own = root / "mkdocs.yml"
    if own.is_file():
        yield own
        return
    if not root.is_dir():
        raise InputError(f"no such workspace folder: {root}")
    with tempfile.TemporaryDirectory(prefix="opsbook-site-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        path = Path(tmp) / "mkdocs.yml"
        path.write_text(default_config(root.resolve(), docs), encoding="utf-8")
        yield path


def build_site(
    root: Path, site_dir: Path, config_file: Path | None = None, strict: bool = True
) -> Path:
    """Build the site of the workspace at `root` into `site_dir`; return `site_dir`.

    `site_dir` is checked before anything is built or deleted (see `site_dir.check`):
    never the workspace, its docs or its YAML, and an existing folder only when an
    earlier opsbook build made it. The site is built beside it and swapped in whole.

    Raises SiteBuildError when the build fails (workspace problems, warnings in strict
    mode), InputError when the configuration cannot be read, UsageError when
    `site_dir` is refused.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from opsbook.site import site_dir as target

    with site_config(root, config_file) as config_path, target.staging(site_dir) as built:
        try:
            config = load_config(config_file=str(config_path), site_dir=str(built), strict=strict)
        except ConfigurationError as exc:
            raise InputError(f"{config_path}: {exc}") from None
        target.check(site_dir, root, Path(config["docs_dir"]), _workspace_files(root))
        try:
            build(config)
        except ConfigurationError as exc:
            raise InputError(f"{config_path}: {exc}") from None
        except (BuildError, Abort) as exc:
            raise SiteBuildError(str(exc)) from None
        target.publish(built, site_dir)
    return site_dir


def _workspace_files(root: Path) -> list[Path]:
    """The workspace's own files a site folder must never hold: its YAML, opsbook.yaml
    and mkdocs.yml."""
    from opsbook.loader import discover_files

    own = [root / "opsbook.yaml", root / "mkdocs.yml"]
    try:
        found = discover_files(root)
    except InputError:
        found = []
    return [p for p in own if p.exists()] + found


def serve_site(root: Path, dev_addr: str, config_file: Path | None = None) -> None:
    """Serve the site with live reload until interrupted; the opsbook plugin watches the
    workspace's YAML, so editing a runbook rebuilds its page."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    with site_config(root, config_file) as config_path:
        try:
            serve(config_file=str(config_path), dev_addr=dev_addr, livereload=True)
        except ConfigurationError as exc:
            raise InputError(f"{config_path}: {exc}") from None
        except (BuildError, Abort) as exc:
            raise SiteBuildError(str(exc)) from None
