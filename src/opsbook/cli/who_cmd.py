"""`opsbook who`: who is on call now (or `--at`), from the effective schedule.

The full command: it loads the workspace, answers, and refreshes the who cache that the
fast path (`who_fast`) answers from while nothing changes.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import click

from opsbook.cli.common import at_option, format_option, root_option, tz_option
from opsbook.cli.who_fast import (
    payload_home,
    read_at,
    reader_zone,
    render_who,
    selected,
    terminal_safe,
)
from opsbook.errors import UsageError
from opsbook.terminal import sanitize

CACHE_HISTORY = timedelta(days=31)
"""How far back the cache keeps pieces: `who --at` earlier than this loads the workspace."""


@click.command()
@click.argument("rotations", nargs=-1)
@root_option
@at_option
@format_option("text", "json")
@tz_option("$TZ, else the handoff zone of the first rotation")
@click.option(
    "--runbook",
    default=None,
    metavar="RUNBOOK",
    help="Whom to page first for this runbook: the first step of its escalation policy.",
)
def who(
    rotations: tuple[str, ...],
    root: Path,
    at: str | None,
    output_format: str,
    tz: str | None,
    runbook: str | None,
) -> int:
    """Who is on call in each rotation (default: all), until when, and why.

    Times are shown in your zone: --tz, else $TZ, else the rotation's handoff zone; each
    holder's own local time is shown beside it. An --at without an offset is read in
    that zone too. Exit 1 when a rotation has nobody on call then (not started yet, or
    past the end of its lock), with the reason. With --runbook, whom to page first for
    that runbook instead (`opsbook escalate` shows its whole chain).
    """
    if runbook is not None:
        if rotations:
            raise UsageError("--runbook answers for one runbook; name no rotation with it")
        from opsbook.cli.escalate_cmd import answer_first_step

        return answer_first_step(root, runbook, at, output_format, tz)
    text, problems, code = answer_who(root, list(rotations), at, output_format, tz)
    for line in problems:
        click.echo(sanitize(line), err=True)
    sys.stdout.write(terminal_safe(text, output_format))
    sys.stdout.flush()
    return code


def answer_who(
    root: Path, rotations: list[str], at_text: str | None, output_format: str, tz: str | None
) -> tuple[str, list[str], int]:
    """The answer, the problems to show on stderr, and the exit code; refreshes the cache
    when the workspace loads cleanly."""
    from opsbook import instants
    from opsbook.cli.who_cache import (
        build_payload,
        input_key,
        window,
        write_cache,
    )
    from opsbook.loader import load_workspace
    from opsbook.schedule.effective import override_diagnostics
    from opsbook.workspace_folders import configured_folders

    if at_text is not None:
        try:
            instants.read_text(at_text)
        except instants.AtError as exc:
            raise UsageError(str(exc)) from None
    root_text = os.fspath(root)
    # The key is taken before reading, so a file edited meanwhile makes the cache stale.
    key = input_key(root_text, configured_folders(root_text))
    result = load_workspace(root)
    ws = result.workspace
    unknown = [name for name in rotations if name not in ws.rotations]
    if unknown:
        raise UsageError(_unknown_rotations(unknown, sorted(ws.rotations)))
    problems = [d.format() for d in result.diagnostics]
    problems += [d.format() for d in override_diagnostics(ws)]
    payload = build_payload(ws, key)
    reader = reader_zone(tz, payload_home(payload))
    at, note = read_at(at_text, reader)
    clean = not problems
    if note is not None:
        problems.append(f"note: --at: {note}")
    if clean:
        # The cache serves a month before the instant asked about (usually now) up to
        # the end of the locks; asking about another instant moves the window there.
        write_cache(root_text, window(payload, at - CACHE_HISTORY))
    names = selected(payload, rotations)
    assert names is not None
    answer = render_who(payload, names, at, output_format, reader)
    problems += answer.problems
    return answer.text, problems, answer.code if result.ok else 1


def _unknown_rotations(unknown: list[str], known: list[str]) -> str:
    from opsbook.loader.references import unknown_rotation

    return "; ".join(unknown_rotation(name, known) for name in unknown)
