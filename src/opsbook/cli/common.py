"""Options and helpers shared by commands: the workspace root, `--at`, output formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from opsbook.diagnostics import Diagnostic
from opsbook.errors import UsageError
from opsbook.terminal import quoted

F = TypeVar("F", bound=Callable[..., Any])


def root_option(func: F) -> F:
    """`--root DIR`: the workspace folder (default: the current folder)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Workspace folder holding opsbook.yaml, runbooks/ and rotation/.",
    )(func)


def at_option(func: F) -> F:
    """`--at ISO8601`: the instant to answer for (default: now)."""
    return click.option(
        "--at",
        "at",
        default=None,
        metavar="ISO8601",
        help="Answer as of this instant (e.g. 2026-12-24T03:00+00:00); default: now.",
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
    """The only clock read in opsbook: the CLI's default for `--at`."""
    return datetime.now(UTC)


def parse_at(value: str | None, *, default_zone: str = "UTC") -> datetime:
    """Parse `--at`; a value without an offset is read in `default_zone`."""
    if value is None:
        return now_utc()
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--at: expected an ISO 8601 instant like 2026-12-24T03:00+00:00; found {quoted(value)}"
        ) from None
    if parsed.tzinfo is None:
        from zoneinfo import ZoneInfo

        parsed = parsed.replace(tzinfo=ZoneInfo(default_zone))
    return parsed


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


def echo_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=False)
