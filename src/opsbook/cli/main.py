"""The click group, lazy subcommands, and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import io
import os
import sys
from typing import Any

import click

from opsbook import __version__
from opsbook.cli.commands import COMMANDS
from opsbook.errors import OpsbookError
from opsbook.terminal import sanitize, sanitize_line


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when invoked (or listed in --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="opsbook")
def cli() -> None:
    """opsbook: a data team's runbooks, ownership, escalation and on-call, as code.

    Every command reads the workspace in the current folder (opsbook.yaml, runbooks/,
    rotation/) unless told otherwise with --root.
    """


def run(argv: list[str]) -> int:
    """Run the CLI and return its exit code: 0 fine, 1 findings, 2 usage or unreadable."""
    from opsbook.loader.parse_cache import enable

    # The command line remembers parsed files between runs (see loader/parse_cache.py).
    enable()
    try:
        result: Any = cli.main(args=argv, prog_name="opsbook", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except click.ClickException as exc:
        # Click's messages quote the arguments as typed: shown escaped.
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(sanitize(shown.getvalue()), err=True, nl=False)
        return 2
    except OpsbookError as exc:
        click.echo(f"opsbook: {sanitize(str(exc))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except OSError as exc:
        # A folder that cannot be written (`ical --out /proc/x`, a read-only site
        # dir), a disk that is full: the environment's problem, said in one line.
        click.echo(f"opsbook: {os_error_message(exc)}", err=True)
        return 2
    except OverflowError as exc:
        # An instant near year 1 or 9999 that a computation pushes past the calendar.
        click.echo(
            f"opsbook: a date or time is out of range ({sanitize(str(exc))}); expected "
            "instants well inside years 1 to 9999 (check --at, --from and --to)",
            err=True,
        )
        return 2
    return int(result or 0)


def os_error_message(exc: OSError) -> str:
    """`path: what went wrong` for an OSError, the path shown escaped."""
    what = exc.strerror or type(exc).__name__
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    where = " -> ".join(sanitize_line(os.fsdecode(p)) for p in paths)
    return f"{where}: {what}" if where else sanitize(str(exc)) or what
