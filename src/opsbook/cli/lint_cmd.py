"""`opsbook lint`: the loader's diagnostics and every rule's findings, in a CI format."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from opsbook.cli.common import at_option, home_zone, jobs_option, parse_at, root_option

FORMATS = ("text", "json", "github", "sarif")
SEVERITIES = ("error", "warning", "info")


@click.command()
@root_option
@at_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: github under GitHub Actions, else text].",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules: codes, code prefixes or names, comma-separated; repeatable.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Never report these rules (added to opsbook.yaml's spec.lint.ignore); repeatable.",
)
@click.option(
    "--color/--no-color", default=None, help="Colour text output [default: on a terminal]."
)
@jobs_option("Processes that parse SQL blocks at once; small workspaces use one")
def lint(
    root: Path,
    at: str | None,
    paths: tuple[Path, ...],
    output_format: str | None,
    fail_on: str,
    exit_zero: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    color: bool | None,
    jobs: int | None,
) -> int:
    """Check the workspace: schema, completeness, ownership, references, SQL, time.

    With PATHS, the whole workspace is still read (rules look across files) but only
    findings in PATHS are reported. Exit 0 clean, 1 findings at or above --fail-on,
    2 usage or unreadable input. Suppress one finding with a YAML comment
    `# opsbook: disable=CODE` on its line or on its own line above the block.
    SQL analyses are remembered in <root>/.opsbook-cache/ (OPSBOOK_CACHE=0: never).
    """
    from opsbook.diagnostics import Severity
    from opsbook.lint import get_reporter, lint_workspace
    from opsbook.lint.reporters.text import summary_line
    from opsbook.loader import load_workspace
    from opsbook.workers import default_workers

    if paths:
        result = load_workspace(root, [*_workspace_context(root, paths), *paths])
    else:
        result = load_workspace(root)
    now = parse_at(at, zone=home_zone(result.workspace))
    from opsbook import cache_dir
    from opsbook.files.cache_store import caching_enabled

    report = lint_workspace(
        result,
        now=now,
        select=select,
        ignore=ignore,
        only=list(paths),
        jobs=jobs or default_workers(),
        cache_dir=root / cache_dir.NAME if caching_enabled() else None,
    )
    name = output_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if color is None:
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(get_reporter(name, color=color).render(report), nl=False, color=color)
    if name == "text":
        click.echo(summary_line(report), err=True)
    if exit_zero:
        return 0
    return 1 if report.fails(Severity(fail_on)) else 0


def _workspace_context(root: Path, paths: tuple[Path, ...]) -> list[Path]:
    """The workspace's files when PATHS are part of it, else nothing.

    Files of the workspace are judged with all of it (ownership, policies and rotations
    live in other files); files from elsewhere are judged on their own.
    """
    from opsbook.errors import InputError
    from opsbook.loader import discover_files
    from opsbook.yamlio.read import iter_yaml_paths

    try:
        workspace = discover_files(root)
    except InputError:
        return []
    known = {p.resolve() for p in workspace}
    given = [p.resolve() for p in iter_yaml_paths([p for p in paths if p.exists()])]
    return workspace if given and all(p in known for p in given) else []
