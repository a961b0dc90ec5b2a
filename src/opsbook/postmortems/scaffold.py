"""`opsbook postmortem new`: a postmortem file with what the workspace already knows.

Who held each role at the incident's instants comes from the effective schedule (lock,
swaps and covers), the escalation chain at detection from the escalation resolver, and
the failure modes and checks to pick from from the runbook. What only people know (the
cause, the timeline, the actions) is left empty for them, with hints as comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsbook.durations import format_duration
from opsbook.errors import UsageError
from opsbook.escalation.resolver import find_runbook, resolve_escalation
from opsbook.escalation.result import Escalation
from opsbook.loader.workspace import Workspace
from opsbook.models.runbook import Runbook
from opsbook.postmortems.check_names import check_names
from opsbook.schedule.effective import on_call_at
from opsbook.terminal import sanitize, sanitize_json

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/postmortem.schema.json"

SEVERITY_BY_TIER = {"investor": "sev2", "experiment": "sev3", "internal": "sev3"}
"""A first guess the humans adjust: investor numbers going wrong is rarely minor."""


@dataclass(frozen=True)
class Holder:
    """Who held one role of one rotation at one of the incident's instants."""

    instant: str
    rotation: str
    role: str
    member: str | None


@dataclass(frozen=True)
class PostmortemScaffold:
    """The scaffold's name, the facts it was built from, and its YAML text."""

    name: str
    runbook: str
    started: datetime
    detected: datetime
    resolved: datetime | None
    holders: tuple[Holder, ...]
    escalation: Escalation | None
    text: str

    @property
    def time_to_detect(self) -> timedelta:
        return self.detected - self.started

    @property
    def time_to_resolve(self) -> timedelta | None:
        return None if self.resolved is None else self.resolved - self.detected


def scaffold_postmortem(
    ws: Workspace,
    runbook_name: str,
    *,
    started: datetime,
    detected: datetime,
    resolved: datetime | None = None,
    how: str = "person",
) -> PostmortemScaffold:
    """The scaffold for an incident of `runbook_name`. Raises UsageError for an unknown
    runbook, a time without an offset, or instants out of order."""
    runbook = find_runbook(ws, runbook_name)
    instants = {"started": started, "detected": detected}
    if resolved is not None:
        instants["resolved"] = resolved
    for label, value in instants.items():
        if value.tzinfo is None or value.utcoffset() is None:
            raise UsageError(f"--{label} must carry a time zone; found {value.isoformat()}")
    if detected < started:
        raise UsageError(
            f"--detected ({_iso(detected)}) is before --started ({_iso(started)}); "
            "expected detection at or after the start"
        )
    if resolved is not None and resolved < detected:
        raise UsageError(
            f"--resolved ({_iso(resolved)}) is before --detected ({_iso(detected)}); "
            "expected resolution at or after detection"
        )
    holders = tuple(
        Holder(label, rotation, piece.role, piece.member)
        for label, instant in instants.items()
        for rotation in _rotations_of(ws, runbook)
        for piece in on_call_at(ws, rotation, instant)
    )
    escalation = _escalation(ws, runbook, detected)
    name = f"{started.astimezone(UTC):%Y-%m-%d}-{runbook.name}"
    scaffold = PostmortemScaffold(
        name=name,
        runbook=runbook.name,
        started=started,
        detected=detected,
        resolved=resolved,
        holders=holders,
        escalation=escalation,
        text="",
    )
    text = _render(ws, runbook, scaffold, how)
    return PostmortemScaffold(**{**scaffold.__dict__, "text": text})


def _rotations_of(ws: Workspace, runbook: Runbook) -> list[str]:
    """The rotations the runbook's policy pages; every rotation when it pages none."""
    policy = ws.policies.get(runbook.spec.escalation or "")
    named: list[str] = []
    for step in policy.spec.steps if policy else ():
        for target in step.notify:
            kind, _, ref = target.partition(":")
            rotation = ref.partition("/")[0]
            if kind == "oncall" and rotation in ws.rotations and rotation not in named:
                named.append(rotation)
    return named or sorted(ws.rotations)


def _escalation(ws: Workspace, runbook: Runbook, detected: datetime) -> Escalation | None:
    if runbook.spec.escalation not in ws.policies:
        return None
    # An investor runbook's incident is what `when: investor-impact` steps are for.
    flags = frozenset({"investor-impact"}) if runbook.spec.tier == "investor" else frozenset()
    return resolve_escalation(ws, runbook.name, detected, flags)


def _iso(instant: datetime) -> str:
    """UTC, to the second, `Z`: how instants are written in the scaffold."""
    return instant.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, and escapes what needs it;
    # sanitize_json escapes the controls json.dumps leaves raw (DEL, C1, bidi).
    return sanitize_json(json.dumps(text, ensure_ascii=False))


def _render(ws: Workspace, runbook: Runbook, scaffold: PostmortemScaffold, how: str) -> str:
    title = f"{runbook.metadata.display} incident of {scaffold.started.astimezone(UTC):%Y-%m-%d}"
    ttd = format_duration(scaffold.time_to_detect)
    ttr = scaffold.time_to_resolve
    lines = [
        SCHEMA_LINE,
        "# Written by `opsbook postmortem new` from the workspace as it stood. Fill in the",
        "# empty sections, pick failure modes and proofs from the lists in comments, and",
        "# delete the hints you no longer need.",
        "apiVersion: opsbook/v1",
        "kind: Postmortem",
        "metadata:",
        f"  name: {scaffold.name}",
        f"  title: {_quoted(title)}",
        "spec:",
        f"  severity: {SEVERITY_BY_TIER.get(runbook.spec.tier, 'sev3')}  # sev1 (worst) to sev4",
        f"  runbooks: [{runbook.name}]",
        f"  started: {_iso(scaffold.started)}",
        "  detected:",
        f"    at: {_iso(scaffold.detected)}",
        f"    how: {how}  # check | alert | person",
        "    reference:  # the check's name, the alert's name, or who noticed",
    ]
    if scaffold.resolved is not None:
        lines.append(f"  resolved: {_iso(scaffold.resolved)}")
    else:
        lines.append("  resolved:  # when the impact ended")
    lines.append(
        f"  # time to detect: {ttd}; time to resolve: "
        + (format_duration(ttr) if ttr is not None else "open")
    )
    lines += [
        "  summary:",
        "  symptom:",
        "  root_cause:",
        "  why_hidden:",
        "  contributing_factors: []",
        "  timeline:",
        f"    - {{at: {_iso(scaffold.started)}, event: Impact began}}",
        f"    - {{at: {_iso(scaffold.detected)}, event: Detected}}",
    ]
    if scaffold.resolved is not None:
        lines.append(f"    - {{at: {_iso(scaffold.resolved)}, event: Resolved}}")
    lines.append("  impact:")
    lines += _on_call_lines(ws, scaffold)
    lines += _escalation_lines(ws, scaffold.escalation)
    lines += [
        "  went_well: []",
        "  could_be_better: []",
        "  # Each item: {id, action, owner (a member or contact), due, status: open,",
        "  #   kind: detection | prevention | mitigation, link, proof: {check: NAME}}",
        "  action_items: []",
    ]
    lines += _check_lines(runbook)
    lines += _failure_mode_lines(runbook)
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """Text for a comment: a line break in a name would end the comment and turn the
    rest into YAML, and any other control character (a name the loader refused, read
    anyway) would make the file unreadable: written as an escape."""
    return sanitize(" ".join(text.split()))


def _person(ws: Workspace, person: str | None) -> str:
    if person is None:
        return "nobody"
    found = ws.member(person) or ws.contact(person)
    return f"{found.name} ({person})" if found is not None else person


def _on_call_lines(ws: Workspace, scaffold: PostmortemScaffold) -> list[str]:
    if not scaffold.holders:
        return ["  on_call: []  # no planned shift covers these instants"]
    lines = ["  on_call:  # from the effective schedule: lock, swaps and covers"]
    for holder in scaffold.holders:
        member = holder.member if holder.member is not None else "null"
        lines.append(
            f"    - {{at: {holder.instant}, rotation: {holder.rotation}, "
            f"role: {holder.role}, member: {member}}}"
        )
    return lines


def _escalation_lines(ws: Workspace, escalation: Escalation | None) -> list[str]:
    if escalation is None:
        return ["  # No escalation policy applies to this runbook."]
    lines = [f"  # Escalation at detection (policy {escalation.policy}):"]
    for step in escalation.steps:
        when = _iso(step.at)
        for target in step.targets:
            who = _person(ws, target.member)
            if not target.available:
                who += f", unavailable ({target.reason})"
                if target.covered_by:
                    who += f", covered by {_person(ws, target.covered_by)}"
            lines.append(
                f"  #   +{format_duration(step.after)} {when} {target.ref}: {_one_line(who)}"
            )
    return lines


def _check_lines(runbook: Runbook) -> list[str]:
    names = check_names(runbook)
    if not names:
        return [f"  # {runbook.name} has no checks yet to name as a proof."]
    lines = [f"  # Checks of {runbook.name} a proof can name:"]
    descriptions = {q.name: q.description for q in runbook.spec.validation}
    for name in names:
        about = _one_line(descriptions.get(name) or "")
        lines.append(f"  #   {name}" + (f": {about}" if about else ""))
    return lines


def _failure_mode_lines(runbook: Runbook) -> list[str]:
    lines = ["  failure_modes: []"]
    if not runbook.spec.failure_modes:
        lines.append(f"  # {runbook.name} lists no failure modes yet; add the one this was.")
        return lines
    lines.append(f"  # Failure modes of {runbook.name} to pick from:")
    lines += [f"  #   - {{failure: {_quoted(m.failure)}}}" for m in runbook.spec.failure_modes]
    return lines
