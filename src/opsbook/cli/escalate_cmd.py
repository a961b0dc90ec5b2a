"""`opsbook escalate`: whom to page for a runbook's incident, step by step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from opsbook.cli.common import (
    at_option,
    format_option,
    home_zone,
    load_despite_errors,
    parse_at,
    root_option,
    tz_option,
)
from opsbook.terminal import sanitize, sanitize_json

if TYPE_CHECKING:
    from opsbook.escalation import Escalation


@click.command()
@root_option
@at_option
@click.argument("runbook")
@click.option(
    "--investor-impact",
    is_flag=True,
    help="Investor-facing numbers are affected: include `when: investor-impact` steps.",
)
@click.option(
    "--flag",
    "flags",
    multiple=True,
    metavar="CONDITION",
    help="Set another `when:` condition of the policy (repeatable).",
)
@format_option("text", "json")
@tz_option("$TZ, else the handoff zone of the first rotation", "zone")
def escalate(
    root: Path,
    at: str | None,
    runbook: str,
    investor_impact: bool,
    flags: tuple[str, ...],
    output_format: str,
    zone: str | None,
) -> int:
    """Resolve RUNBOOK's escalation policy to people for an incident starting --at.

    Each step is listed with its time and the people behind each target, who is
    unavailable and why, and who covers instead. Exit 0 with an answer, 1 when nobody
    in the policy can be reached (the output says so), 2 on usage errors.
    """
    import json

    from opsbook.escalation.text import format_escalation

    conditions = frozenset(flags) | ({"investor-impact"} if investor_impact else set())
    escalation, reader_zone = _resolve(root, runbook, at, zone, conditions)
    if output_format == "json":
        click.echo(sanitize_json(json.dumps(escalation.to_json(), indent=2, ensure_ascii=False)))
    else:
        click.echo(sanitize(format_escalation(escalation, reader_zone)), nl=False)
    return 0 if escalation.reaches_anyone else 1


def answer_first_step(
    root: Path, runbook: str, at: str | None, output_format: str, zone: str | None
) -> int:
    """`opsbook who --runbook RUNBOOK`: the people of the first step of its escalation,
    with whoever covers for them. Exit 0 when someone answers, 1 when nobody does."""
    import json

    from opsbook.escalation.text import format_first_step

    escalation, reader_zone = _resolve(root, runbook, at, zone, frozenset())
    first = escalation.steps[0] if escalation.steps else None
    if output_format == "json":
        document = {
            "runbook": escalation.runbook,
            "policy": escalation.policy,
            "at": escalation.to_json()["at"],
            "step": first.to_json() if first else None,
            "warnings": list(escalation.warnings),
        }
        click.echo(sanitize_json(json.dumps(document, indent=2, ensure_ascii=False)))
    else:
        click.echo(sanitize(format_first_step(escalation, reader_zone)), nl=False)
    return 0 if first is not None and first.reaches_anyone else 1


def _resolve(
    root: Path, runbook: str, at: str | None, zone: str | None, conditions: frozenset[str]
) -> tuple[Escalation, str]:
    from opsbook.escalation import resolve_escalation
    from opsbook.instants import reader_zone_name

    # Answer even when an unrelated file is broken: the pager cannot wait for a fix.
    ws = load_despite_errors(root).workspace
    home = home_zone(ws)
    reader_zone = reader_zone_name(zone, home)
    incident = parse_at(at, zone=home, tz=zone)
    if at is None:
        incident = incident.replace(microsecond=0)  # "now", to the second
    return resolve_escalation(ws, runbook, incident, conditions), reader_zone
