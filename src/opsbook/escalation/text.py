"""The escalation chain as text: a numbered list, times in the reader's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from opsbook.durations import format_duration
from opsbook.escalation.result import Escalation, ResolvedTarget
from opsbook.instants import their_clock


def format_escalation(escalation: Escalation, zone: str) -> str:
    """Render `escalation` for a person reading in `zone` (an IANA name)."""
    tz = ZoneInfo(zone)
    lines = [
        f"{escalation.runbook}: escalation policy {escalation.policy}",
        f"incident at {_when(escalation.at, tz)} (times in {zone})"
        + (f"; flags: {', '.join(sorted(escalation.flags))}" if escalation.flags else ""),
        "",
    ]
    width = max((len(t.ref) for s in escalation.steps for t in s.targets), default=0)
    number_width = len(str(len(escalation.steps)))
    for step in escalation.steps:
        label = f"{step.index}.".ljust(number_width + 1)
        after = f"+{format_duration(step.after)}".ljust(8)
        notes = [f"repeat {step.repeat}"] if step.repeat else []
        if step.when:
            notes.append(f"when {step.when}")
        suffix = f"  ({', '.join(notes)})" if notes else ""
        lines.append(f"{label} {after}{_when(step.at, tz)}{suffix}")
        indent = " " * (number_width + 2)
        lines.extend(
            f"{indent}{target.ref.ljust(width)}  {_who(target, step.at, tz)}"
            for target in step.targets
        )
    if escalation.skipped:
        lines.append("")
        lines.extend(
            f"not paged: policy step {s.policy_step} (+{format_duration(s.after)}, "
            f"{', '.join(s.notify)}) applies only when {s.when} is set"
            for s in escalation.skipped
        )
    if escalation.warnings:
        lines.append("")
        lines.extend(f"warning: {warning}" for warning in escalation.warnings)
    return "\n".join(lines) + "\n"


def format_first_step(escalation: Escalation, zone: str) -> str:
    """Who to page first (`opsbook who --runbook`): the first step's people, with
    covers, in the reader's `zone`."""
    tz = ZoneInfo(zone)
    head = f"{escalation.runbook}: page first (policy {escalation.policy})"
    if not escalation.steps:
        lines = [head, "  nobody: no step of the policy applies"]
    else:
        first = escalation.steps[0]
        width = max(len(t.ref) for t in first.targets)
        lines = [f"{head} at {_when(first.at, tz)}"]
        lines.extend(f"  {t.ref.ljust(width)}  {_who(t, first.at, tz)}" for t in first.targets)
        if len(escalation.steps) > 1:
            following = escalation.steps[1]
            lines.append(
                f"then at +{format_duration(following.after)}: "
                f"{', '.join(t.ref for t in following.targets)} "
                f"(opsbook escalate {escalation.runbook} for the whole chain)"
            )
    lines.extend(f"warning: {warning}" for warning in escalation.warnings)
    return "\n".join(lines) + "\n"


def _when(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z")


def _who(target: ResolvedTarget, at: datetime, reader: ZoneInfo) -> str:
    person = target.name or target.member or "nobody"
    contact = " ".join(part for part in (_angle(target.email), target.phone) if part)
    if target.available:
        note = f" ({target.note})" if target.note else ""
        return f"{person} {contact}".rstrip() + their_clock(at, target.zone, reader) + note
    cover = (
        f"covered by {target.covered_by_name or target.covered_by}"
        + their_clock(at, target.covered_by_zone, reader)
        + (f" ({target.covered_as})" if target.covered_as else "")
        if target.covered_by
        else "nobody can cover"
    )
    if target.member is None:
        return f"nobody, {target.reason} -> {cover}"
    return f"UNAVAILABLE {person}, {target.reason} -> {cover}"


def _angle(email: str | None) -> str | None:
    return f"<{email}>" if email else None
