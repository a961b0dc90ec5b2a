"""`opsbook validate`: the loader alone, every problem located."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import echo_diagnostics, root_option


@click.command()
@root_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(root: Path, paths: tuple[Path, ...]) -> int:
    """Load the workspace (or PATHS) and report every schema and reference problem.

    Prints `path:line:col: key.path: message` per problem. Exit 0 when valid, 1 when
    there are problems, 2 when nothing could be read.
    """
    from opsbook.loader import load_workspace

    result = load_workspace(root, list(paths) or None)
    echo_diagnostics(result.diagnostics)
    errors = sum(1 for d in result.diagnostics if d.severity.value == "error")
    files = len(result.workspace.files)
    docs = sum(1 for _ in result.workspace.documents())
    if errors:
        click.echo(f"{errors} problem{'s' if errors != 1 else ''} in {files} files", err=True)
        return 1
    click.echo(f"ok: {docs} documents in {files} files", err=True)
    return 0
