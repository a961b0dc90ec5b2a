"""The handoff note as text (a terminal, a log), Markdown (a pull request, a chat that
renders it) or a Slack Block Kit message (`{"text": …, "blocks": […]}`, what an incoming
webhook takes)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from opsbook.handoff.note import CheckAttention, HandoffNote, OverrideInShift, Person
from opsbook.schedule.availability import Away
from opsbook.schedule.effective import describe_instant
from opsbook.schedule.shifts import zone

_STATE_WORD = {
    "error": "ERROR",
    "fail": "FAIL",
    "warn": "WARN",
    "stale": "STALE",
    "never": "NEVER RUN",
}
_STATE_EMOJI = {
    "error": ":x:",
    "fail": ":x:",
    "warn": ":warning:",
    "stale": ":hourglass:",
    "never": ":grey_question:",
}
# Slack's documented limits: a header's text, a section's text, fields per section.
HEADER_MAX = 150
SECTION_MAX = 3000
FIELDS_MAX = 10


def _name(p: Person | None) -> str:
    return p.name if p is not None else "nobody"


def _when(note: HandoffNote, instant: datetime) -> str:
    return describe_instant(instant, zone(note.zone))


def _span(a: Away) -> str:
    return f"{a.start}" if a.start == a.end else f"{a.start} to {a.end}"


def _away_text(a: Away) -> str:
    return f"{a.member.name}: {'public holiday, ' if a.holiday else ''}{a.what}"


def _override_text(note: HandoffNote, o: OverrideInShift) -> str:
    span = f"{_when(note, o.start)} to {_when(note, o.end)}"
    reason = f" ({o.reason})" if o.reason else ""
    if o.source == "swap":
        return f"{o.role}: {_name(o.member)} swapped with {_name(o.planned)}, {span}{reason}"
    return f"{o.role}: {_name(o.member)} covers {_name(o.planned)}, {span}{reason}"


def _check_text(c: CheckAttention, when: Callable[[datetime], str]) -> str:
    reason = f": {c.reason}" if c.reason else ""
    ran = f" (last run {when(c.ran_at)})" if c.ran_at is not None else ""
    return f"{c.runbook} / {c.check}{reason}{ran}"


def _utc_of(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _attention(note: HandoffNote) -> list[CheckAttention | tuple[str, list[str]]]:
    """The checks to list: each failing, warned or stale check on its own line, the
    never-run ones as one line per runbook (a runbook whose checks never ran at all
    would otherwise bury the failures)."""
    assert note.checks is not None
    out: list[CheckAttention | tuple[str, list[str]]] = []
    never: dict[str, list[str]] = {}
    for c in note.checks:
        if c.state == "never":
            never.setdefault(c.runbook, []).append(c.check)
        else:
            out.append(c)
    out.extend(never.items())
    return out


def _never_text(runbook: str, checks: list[str]) -> str:
    count = f"{len(checks)} check{'s' if len(checks) != 1 else ''}"
    return f"{runbook}: {count} never run ({', '.join(checks)})"


def _checks_heading(note: HandoffNote) -> str:
    runbooks = ", ".join(note.runbooks) or "none"
    return f"Checks of its runbooks ({runbooks})"


def render_text(note: HandoffNote) -> str:
    lines = [
        f"Handoff: {note.title}, shift {note.shift}",
        f"{_when(note, note.start)} to {_when(note, note.end)} ({note.zone})",
        "",
        "Roles (outgoing -> incoming):",
        *(f"  {r.role}: {_name(r.outgoing)} -> {_name(r.incoming)}" for r in note.roles),
        "",
        "Swaps and covers in this shift:",
        *([f"  {_override_text(note, o)}" for o in note.overrides] or ["  none"]),
        "",
        "Away during the shift:",
        *([f"  {_span(a)}  {_away_text(a)}" for a in note.away] or ["  nobody"]),
        "",
    ]
    if note.checks is None:
        lines.append(f"{_checks_heading(note)}: no results given (--results FILE)")
    else:
        assert note.results_at is not None
        lines.append(f"{_checks_heading(note)}, results of {_utc_of(note.results_at)}:")
        for item in _attention(note):
            if isinstance(item, CheckAttention):
                lines.append(f"  {_STATE_WORD[item.state]:<9} {_check_text(item, _utc_of)}")
                lines.append(f"            {item.command}")
            else:
                lines.append(f"  {'NEVER RUN':<9} {_never_text(*item)}")
                lines.append(f"            opsbook check {item[0]}")
        if not note.checks:
            lines.append("  all passing and fresh")
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")


def _md(text: str) -> str:
    """Literal text in Markdown: punctuation that means something gets a backslash."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(note: HandoffNote) -> str:
    lines = [
        f"## Handoff: {_md(note.title)}, shift {note.shift}",
        "",
        f"{_when(note, note.start)} to {_when(note, note.end)} ({note.zone})",
        "",
        "| Role | Outgoing | Incoming |",
        "|---|---|---|",
        *(
            f"| {_md(r.role)} | {_md(_name(r.outgoing))} | **{_md(_name(r.incoming))}** |"
            for r in note.roles
        ),
        "",
        "### Swaps and covers in this shift",
        "",
        *([f"- {_md(_override_text(note, o))}" for o in note.overrides] or ["None."]),
        "",
        "### Away during the shift",
        "",
        *([f"- {_span(a)}: {_md(_away_text(a))}" for a in note.away] or ["Nobody."]),
        "",
        f"### {_md(_checks_heading(note))}",
        "",
    ]
    if note.checks is None:
        lines.append("No check results given (`--results FILE`).")
    else:
        assert note.results_at is not None
        lines.append(f"From the results of {_utc_of(note.results_at)}:")
        lines.append("")
        for item in _attention(note):
            if isinstance(item, CheckAttention):
                text, command = _check_text(item, _utc_of), item.command
                word = _STATE_WORD[item.state]
            else:
                text, command, word = _never_text(*item), f"opsbook check {item[0]}", "NEVER RUN"
            lines.append(f"- **{word}** {_md(text)}: `{command}`")
        if not note.checks:
            lines.append("All passing and fresh.")
    return "\n".join(lines) + "\n"


def _slack(text: str) -> str:
    """Text in Slack mrkdwn: the three characters Slack asks to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, SECTION_MAX)}}


def slack_message(note: HandoffNote) -> dict[str, Any]:
    """The note as a Block Kit message for `chat.postMessage` or an incoming webhook."""
    heading = f"Handoff: {note.title}, shift {note.shift}"
    fields = [
        {
            "type": "mrkdwn",
            "text": _slack(f"*{r.role}*\n{_name(r.outgoing)} → ")
            + f"*{_slack(_name(r.incoming))}*",
        }
        for r in note.roles
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(heading, HEADER_MAX)}},
        _section(_slack(f"{_when(note, note.start)} to {_when(note, note.end)} ({note.zone})")),
    ]
    for i in range(0, len(fields), FIELDS_MAX):
        blocks.append({"type": "section", "fields": fields[i : i + FIELDS_MAX]})
    blocks.append({"type": "divider"})
    overrides = [f"• {_slack(_override_text(note, o))}" for o in note.overrides] or ["None."]
    blocks.append(_section("*Swaps and covers in this shift*\n" + "\n".join(overrides)))
    away = [f"• {_span(a)}: {_slack(_away_text(a))}" for a in note.away] or ["Nobody."]
    blocks.append(_section("*Away during the shift*\n" + "\n".join(away)))
    if note.checks is None:
        checks = ["No check results given."]
    else:
        checks = []
        for item in _attention(note):
            if isinstance(item, CheckAttention):
                state, text, command = item.state, _check_text(item, _utc_of), item.command
            else:
                state, text, command = "never", _never_text(*item), f"opsbook check {item[0]}"
            checks.append(
                f"{_STATE_EMOJI[state]} *{_STATE_WORD[state]}* {_slack(text)}\n`{_slack(command)}`"
            )
        checks = checks or ["All passing and fresh."]
    blocks.append(_section(f"*{_slack(_checks_heading(note))}*\n" + "\n".join(checks)))
    context = f"opsbook handoff {note.rotation}"
    if note.results_at is not None:
        context += f" · check results of {_utc_of(note.results_at)}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": _slack(context)}]})
    # `text` is what notifications and clients without blocks show.
    summary = "; ".join(f"{r.role} {_name(r.incoming)}" for r in note.roles)
    return {"text": _slack(f"{heading}: {summary}"), "blocks": blocks}


def render_json(note: HandoffNote) -> str:
    return json.dumps(slack_message(note), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[HandoffNote], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
