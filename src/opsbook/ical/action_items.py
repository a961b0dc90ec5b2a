"""Postmortem action items as all-day events in their owner's member feed.

An open item's due date is an all-day event; once the item is done or dropped the
same event (same UID) comes back as STATUS:CANCELLED with a higher SEQUENCE, so a
subscribed calendar removes it instead of keeping a reminder for finished work. Pushing
the due date back (what OB170 advises for an overdue item) raises SEQUENCE too, as RFC
5545 asks when DTSTART changes; see `action_sequence`.

UIDs: ``postmortem.<postmortem>.<item id>@<domain>``; both ids are stable names
written in the file, so renaming neither a title nor an action churns the calendar.
DTSTAMP is the incident's detection instant (an input that never changes). Items owned
by a contact have no feed to go in: contacts get no member feed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from opsbook.ical.contentlines import date_time, escape_text, folded, verbatim
from opsbook.ical.events import uid_domain
from opsbook.ical.rotation_parts import MemberEvent
from opsbook.loader.workspace import Workspace
from opsbook.models.postmortem import ActionItem, Postmortem


def action_sequence(postmortem: Postmortem, item: ActionItem) -> int:
    """SEQUENCE from the inputs alone (the feed keeps no history): twice the days from
    the incident's detection to the due date, plus one once the item is closed. So
    closing the item and each day its due date is pushed back raise it. Moving a due
    date earlier, or reopening an item, lowers it; clients that reload the whole feed,
    as subscriptions do, still show the new date."""
    detected = postmortem.spec.detected.at.astimezone(UTC).date()
    return 2 * max(0, (item.due - detected).days) + (item.status != "open")


def action_uid(postmortem: Postmortem, item: ActionItem, domain: str) -> str:
    return f"postmortem.{postmortem.name}.{item.id}@{domain}"


def action_events(ws: Workspace, at: datetime) -> list[MemberEvent]:
    """The action-item events of every member feed as of `at`.

    Open items are shown whatever their due date (an overdue item stays in view until
    it is closed); done and dropped ones, as cancelled events, while their due date is
    less than `calendars.cancelled_days` in the past, long enough for clients to see
    the cancellation."""
    domain = uid_domain(ws)
    keep_cancelled = at.astimezone(UTC).date() - timedelta(days=ws.spec.calendars.cancelled_days)
    events: list[MemberEvent] = []
    for postmortem in ws.postmortems.values():
        for item in postmortem.spec.action_items:
            if ws.member(item.owner) is None:
                continue
            cancelled = item.status != "open"
            if cancelled and item.due < keep_cancelled:
                continue
            uid = action_uid(postmortem, item, domain)
            events.append(
                MemberEvent(
                    member=item.owner,
                    order=(datetime.combine(item.due, datetime.min.time(), UTC), "", "", uid),
                    cancelled=cancelled,
                    text=_vevent(ws, postmortem, item, uid),
                )
            )
    return sorted(events, key=lambda e: (e.member, e.order))


def action_summary(item: ActionItem) -> str:
    """The event's SUMMARY."""
    summary = f"Action due: {item.action}"
    return summary if item.status == "open" else f"{summary} ({item.status})"


def postmortem_url(ws: Workspace, postmortem: Postmortem) -> str | None:
    """The postmortem's page, when the workspace names its site. The page is a folder's
    index (`incidents/<name>/index.md`), so this address is right both with and
    without mkdocs' directory URLs."""
    site = ws.spec.site.url
    return f"{site.rstrip('/')}/incidents/{postmortem.name}/" if site else None


def action_description(ws: Workspace, postmortem: Postmortem, item: ActionItem) -> str:
    """The event's DESCRIPTION."""
    lines = [
        f"Action item {item.id} ({item.kind}) of the postmortem "
        f"{postmortem.metadata.display!r} ({postmortem.name}).",
        f"Status: {item.status}.",
    ]
    if item.proof is not None:
        lines.append(f"Proof: check {item.proof.check} of {postmortem.runbook_of(item.proof)}.")
    if item.link:
        lines.append(f"Link: {item.link}")
    url = postmortem_url(ws, postmortem)
    if url:
        lines.append(f"Postmortem: {url}")
    return "\n".join(lines)


def action_stamp(postmortem: Postmortem) -> datetime:
    """DTSTAMP: the incident's detection instant, to the second, in UTC."""
    return postmortem.spec.detected.at.astimezone(UTC).replace(microsecond=0)


def _vevent(ws: Workspace, postmortem: Postmortem, item: ActionItem, uid: str) -> str:
    closed = item.status != "open"
    url = postmortem_url(ws, postmortem)
    # Properties in icalendar's order, as the shift events (see opsbook.ical.render).
    lines = [
        "SUMMARY:" + escape_text(action_summary(item)),
        "DTSTART;VALUE=DATE:" + item.due.strftime("%Y%m%d"),
        "DTEND;VALUE=DATE:" + (item.due + timedelta(days=1)).strftime("%Y%m%d"),
        "DTSTAMP" + date_time(action_stamp(postmortem)),
        "UID:" + escape_text(uid),
        f"SEQUENCE:{action_sequence(postmortem, item)}",
        "CATEGORIES:postmortem," + escape_text(item.kind),
        "DESCRIPTION:" + escape_text(action_description(ws, postmortem, item)),
        "STATUS:" + ("CANCELLED" if closed else "CONFIRMED"),
        # A due date is a reminder, not a meeting: it never makes the owner busy.
        "TRANSP:TRANSPARENT",
    ]
    if url:
        lines.append("URL:" + verbatim(url))
    lines += [
        "X-OPSBOOK-ACTION-ITEM:" + verbatim(item.id),
        "X-OPSBOOK-MEMBER:" + verbatim(item.owner),
        "X-OPSBOOK-POSTMORTEM:" + verbatim(postmortem.name),
    ]
    return "BEGIN:VEVENT\r\n" + folded(lines) + "END:VEVENT\r\n"
