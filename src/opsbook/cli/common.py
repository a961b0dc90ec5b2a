"""Options and helpers shared by commands: the workspace root, `--at`, output formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from opsbook.diagnostics import Diagnostic
from opsbook.errors import UsageError
from opsbook.terminal import quoted

if TYPE_CHECKING:
    from rich.console import Console

    from opsbook.loader import LoadResult
    from opsbook.loader.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def path_option(
    name: str, help: str, *, folder: bool = False, default: Path | None = None
) -> Callable[[F], F]:
    """`name PATH`: a file, or with `folder` a folder; `default` (shown), else None."""
    option: Callable[[F], F] = click.option(
        name,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=default,
        show_default=default is not None,
        help=help,
    )
    return option


root_option = path_option(
    "--root",
    "Workspace folder holding opsbook.yaml, runbooks/ and rotation/.",
    folder=True,
    default=Path("."),
)
"""`--root DIR`: the workspace folder (default: the current folder)."""


def at_option(func: F) -> F:
    """`--at ISO8601`: the instant to answer for (default: now). An unreadable or
    out-of-range one is refused (exit 2) as the arguments are read, before any work; the
    command reads it with `parse_at` once the workspace says which zone a naive one is in."""
    return click.option(
        "--at",
        "at",
        default=None,
        metavar="ISO8601",
        callback=_readable_at,
        help="Answer as of this instant (e.g. 2026-12-24T03:00+00:00); default: now. "
        "Without an offset: wall-clock time in --tz, else $TZ, else the handoff zone of "
        "the first rotation (UTC without one).",
    )(func)


def jobs_option(what: str) -> Callable[[F], F]:
    """`--jobs N`/`-j N`: how many processes share the work; `what` says what they do.
    None when not given: the command asks `opsbook.workers.default_workers()`."""

    def decorate(func: F) -> F:
        return click.option(
            "--jobs",
            "-j",
            type=click.IntRange(min=1),
            default=None,
            help=f"{what} (default: one per core).",
        )(func)

    return decorate


def override_options(short_rest: str, suggest: str) -> Callable[[F], F]:
    """`--reason`, `--allow-short-rest` and `--suggest`, as swap and cover record an
    override: `short_rest` names whose rest may be short, `suggest` what is listed."""

    def decorate(func: F) -> F:
        func = click.option("--suggest", is_flag=True, help=f"Write nothing: {suggest}")(func)
        func = click.option(
            "--allow-short-rest",
            is_flag=True,
            help=f"Accept less rest than min_rest for {short_rest}; recorded in the entry.",
        )(func)
        return click.option("--reason", default=None, help="Why, for the reviewer.")(func)

    return decorate


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "output_format",
            type=click.Choice(list(choices)),
            default=default,
            show_default=True,
            help="Output format.",
        )(func)

    return decorate


def now_utc() -> datetime:
    """The only clock read in opsbook: the CLI's default for `--at`, and what `plan`
    counts as already happened in a lock without `planned_at` (`plan_guard`)."""
    return datetime.now(UTC)


def parse_at(
    value: str | None, *, zone: str | None = None, tz: str | None = None, option: str = "--at"
) -> datetime:
    """`--at` as every command reads it (`opsbook.instants`): default now; with an offset,
    that instant; naive, wall-clock time in the reader's zone (`tz`, the command's --tz,
    else $TZ, else `zone`, the workspace's home zone: `home_zone`, UTC when not given).
    A local time the clocks skip is moved forward with a note on stderr. UsageError (exit
    2) when it cannot be read or is out of range."""
    if value is None:
        return now_utc()
    from zoneinfo import ZoneInfo

    from opsbook import instants

    try:
        instant, note = instants.resolve(
            value, ZoneInfo(instants.reader_zone_name(tz, zone or "UTC")), option
        )
    except instants.AtError as exc:
        raise UsageError(str(exc)) from None
    if note:
        click.echo(f"note: {option}: {note}", err=True)
    return instant


def _readable_at(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from opsbook import instants

        try:
            instants.read_text(value)
        except instants.AtError as exc:
            raise UsageError(str(exc)) from None
    return value


def tz_option(shown_by_default: str, dest: str = "tz") -> Callable[[F], F]:
    """`--tz ZONE`: the zone times are shown in, and a naive --at is read in; each
    command says its own default, so that the help never states two different ones. An
    unknown zone is refused as the arguments are read (exit 2)."""
    return click.option(
        "--tz",
        dest,
        default=None,
        metavar="ZONE",
        callback=_known_zone,
        help=f"Show times in this IANA zone (default: {shown_by_default}); when given, an "
        "--at without an offset is read in it too.",
    )


def _known_zone(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from opsbook import instants

    if value is None or instants.is_zone(value):
        return value
    import difflib
    import zoneinfo

    close = difflib.get_close_matches(value, sorted(zoneinfo.available_timezones()), n=1)
    hint = f" (did you mean {quoted(close[0])}?)" if close else ""
    raise UsageError(
        f"--tz: unknown time zone {quoted(value)}; expected an IANA zone like Europe/London{hint}"
    )


def home_zone(ws: Workspace) -> str:
    """The workspace's home zone: the handoff zone of its first rotation by name, UTC
    when it has none. A naive `--at` is read there unless --tz or $TZ says otherwise."""
    from opsbook import instants

    return instants.home_zone(
        {name: rot.spec.shift.handoff.timezone for name, rot in ws.rotations.items()}
    )


def parse_day(value: str | None, what: str) -> date | None:
    """Parse a `--from`/`--to` date; None stays None."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{what}: expected a date like 2026-12-21; found {quoted(value)}"
        ) from None


def echo_diagnostics(diagnostics: Iterable[Diagnostic], *, err: bool = False) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=err)


def workspace_or_none(
    root: Path, refusal: str, *, kinds: frozenset[str] | None = None
) -> Workspace | None:
    """The workspace at `root`, or None once its problems and then `refusal` are printed
    on stderr: a command that writes (a plan, calendars, a note) exits 1 rather than
    write from a broken workspace."""
    from opsbook.loader import load_workspace

    loaded = load_workspace(root, kinds=kinds)
    if loaded.ok:
        return loaded.workspace
    echo_diagnostics(loaded.diagnostics, err=True)
    click.echo(refusal, err=True)
    return None


def load_despite_errors(root: Path) -> LoadResult:
    """The workspace at `root`, its errors printed on stderr (so that JSON on stdout stays
    whole): escalate, fairness and a postmortem answer even when an unrelated file is
    broken, since the pager cannot wait for the fix."""
    from opsbook.loader import load_workspace

    loaded = load_workspace(root)
    echo_diagnostics((d for d in loaded.diagnostics if d.severity.value == "error"), err=True)
    return loaded


UNBOUNDED = 10_000
"""The width given to rich when stdout is not a terminal: wider than any table."""


def table_console() -> Console:
    """A rich console for tables: the terminal's width, or when stdout is not a terminal
    (a pipe, a file, CI's log) no width to fit, so each table takes its natural width
    instead of rich's 80 columns, which cut names over several lines."""
    import sys

    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else UNBOUNDED)
