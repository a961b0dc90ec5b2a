"""`opsbook schema`: write the JSON Schema of every kind."""

from __future__ import annotations

from pathlib import Path

import click

from opsbook.cli.common import path_option


@click.command()
@path_option(
    "--out", "Folder to write <kind>.schema.json files into.", folder=True, default=Path("schemas")
)
@click.option("--check", is_flag=True, help="Exit 1 if the files on disk are out of date.")
def schema(out: Path, check: bool) -> int:
    """Write one draft-07 JSON Schema per kind, for yaml-language-server and CI.

    Start each YAML file with `# yaml-language-server: $schema=../schemas/<kind>.schema.json`
    to get completion and validation in editors.
    """
    from opsbook.files.atomic import write_atomic
    from opsbook.models.json_schema import all_schemas

    stale = []
    for name, text in all_schemas().items():
        target = out / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not check:
            write_atomic(target, text)
    if check and stale:
        click.echo(f"out of date in {out}: {', '.join(stale)} (run `opsbook schema`)", err=True)
        return 1
    click.echo(f"{'checked' if check else 'wrote'} schemas in {out}", err=True)
    return 0
