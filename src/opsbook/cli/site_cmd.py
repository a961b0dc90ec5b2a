"""`opsbook site build` and `opsbook site serve`: the runbook site, without learning mkdocs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from opsbook.cli.common import at_option, path_option, root_option

config_file_option = path_option(
    "--config-file", "mkdocs configuration (default: ROOT/mkdocs.yml, else a built-in one)."
)


class _EchoHandler(logging.Handler):
    """mkdocs' log on stderr, looked up at each record (click and tests swap streams)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def _prepare(at: str | None) -> None:
    """Hand `--at` to the plugin through the variable it reads, and show mkdocs' log.
    Passed as written: the plugin reads a naive one in the workspace's home zone, as
    every command does (`opsbook.instants`)."""
    if at is not None:
        os.environ["OPSBOOK_AT"] = at
    # Material's notice about mkdocs' future is for mkdocs users, not opsbook's.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        handler = _EchoHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


@click.group()
def site() -> None:
    """Build or serve the runbook site (mkdocs-material with the opsbook plugin)."""


@site.command()
@root_option
@at_option
@path_option("--site-dir", "Where the site goes (default: ROOT/site).", folder=True)
@config_file_option
@click.option(
    "--strict/--no-strict",
    default=True,
    show_default=True,
    help="Fail on any warning, as CI should.",
)
def build(
    root: Path, at: str | None, site_dir: Path | None, config_file: Path | None, strict: bool
) -> int:
    """Build the site into a folder of static files. Exit 1 when the workspace has
    problems (printed as path:line:col) or, with --strict, on any warning."""
    from opsbook.files.lock import workspace_lock
    from opsbook.site.build import build_site

    _prepare(at)
    # One build at a time per workspace: each replaces the site whole, and the folders
    # a killed build left behind are cleared safely.
    with workspace_lock(root):
        target = build_site(root, site_dir or root / "site", config_file, strict)
    click.echo(f"site built in {target}; open {target / 'index.html'}")
    return 0


@site.command()
@root_option
@at_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Address to serve on.",
)
@config_file_option
def serve(root: Path, at: str | None, dev_addr: str, config_file: Path | None) -> int:
    """Serve the site with live reload: editing any YAML of the workspace rebuilds it."""
    from opsbook.site.build import serve_site

    _prepare(at)
    serve_site(root, dev_addr, config_file)
    return 0
