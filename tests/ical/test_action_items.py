"""Postmortem action items in their owner's member feed, read back with the independent
`ical` parser: all-day on the due date, stable UIDs, cancelled once done or dropped."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ical.calendar import Calendar as ParsedCalendar
from ical.event import Event as ParsedEvent
from ical.event import EventStatus
from tests.ical.test_differential import assert_same_feeds

from opsbook.cli.entry import main
from opsbook.ical import Feed, build_feeds
from opsbook.loader.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
WORKSPACE = REPO / "tests" / "fixtures" / "postmortems" / "workspace"
POSTMORTEM = "runbooks/postmortems/2026-11-10-events-stale.yaml"
AT = datetime(2026, 11, 28, 12, tzinfo=UTC)

Load = Callable[[Path], Workspace]
Parse = Callable[[bytes], ParsedCalendar]


def feeds_of(ws: Workspace, at: datetime = AT) -> dict[str, Feed]:
    return {feed.path: feed for feed in build_feeds(ws, at)}


def actions(calendar: ParsedCalendar) -> dict[str, ParsedEvent]:
    return {e.uid: e for e in calendar.events if e.uid and e.uid.startswith("postmortem.")}


def x(event: ParsedEvent, name: str) -> str | None:
    found = [p.value for p in event.extras if p.name == name.lower()]
    return found[0] if found else None


def copy(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    return root


def test_an_open_item_is_an_all_day_event_in_its_owners_feed(
    tmp_path: Path, load: Load, parse: Parse
) -> None:
    feeds = feeds_of(load(copy(tmp_path)))
    bob = actions(parse(feeds["members/bob.ics"].content))
    uid = "postmortem.2026-11-10-events-stale.review-gate@ops.example.com"
    assert list(bob) == [uid]
    event = bob[uid]
    assert event.dtstart == dt.date(2026, 12, 1)
    assert event.dtend == dt.date(2026, 12, 2)
    assert event.status == EventStatus.CONFIRMED
    assert event.sequence == 40  # due 20 days after the detection, twice, while open
    assert event.summary == "Action due: Review every change to the dbt command <script>"
    assert event.description is not None
    assert "Link: https://tickets.example.com/OPS-12" in event.description
    assert "Postmortem: https://ops.example.com/incidents/2026-11-10-events-stale/" in (
        event.description
    )
    assert event.categories == ["postmortem", "prevention"]
    # DTSTAMP comes from the postmortem (its detection), never from the clock.
    assert event.dtstamp == datetime(2026, 11, 11, 10, tzinfo=UTC)
    assert x(event, "X-OPSBOOK-POSTMORTEM") == "2026-11-10-events-stale"
    assert x(event, "X-OPSBOOK-ACTION-ITEM") == "review-gate"
    # Only the owner's feed carries it; the rotation feed is about shifts.
    assert actions(parse(feeds["rotations/oncall.ics"].content)) == {}
    assert uid not in actions(parse(feeds["members/alice.ics"].content))


def test_done_and_dropped_items_are_cancelled_while_recent(
    tmp_path: Path, load: Load, parse: Parse
) -> None:
    feeds = feeds_of(load(copy(tmp_path)))
    alice = actions(parse(feeds["members/alice.ics"].content))
    carol = actions(parse(feeds["members/carol.ics"].content))
    (done,) = alice.values()
    (dropped,) = carol.values()
    assert done.uid == "postmortem.2026-11-10-events-stale.freshness-check@ops.example.com"
    assert done.status == EventStatus.CANCELLED
    assert done.sequence == 5  # due 2 days after the detection: 2 × 2, plus 1 as closed
    assert done.summary == "Action due: Check the mart's age hourly (done)"
    assert dropped.status == EventStatus.CANCELLED
    # Thirty days after their due dates (calendars.cancelled_days) they are gone.
    later = feeds_of(load(copy(tmp_path / "later")), datetime(2026, 12, 21, tzinfo=UTC))
    assert actions(parse(later["members/carol.ics"].content)) == {}
    assert list(actions(parse(later["members/alice.ics"].content))) == []
    # An open item stays in view after its due date, until it is closed.
    assert list(actions(parse(later["members/bob.ics"].content))) == [
        "postmortem.2026-11-10-events-stale.review-gate@ops.example.com"
    ]


def test_closing_an_item_cancels_the_same_event(tmp_path: Path, load: Load, parse: Parse) -> None:
    root = copy(tmp_path)
    before = actions(parse(feeds_of(load(root))["members/bob.ics"].content))
    path = root / POSTMORTEM
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "owner: bob, due: 2026-12-01, status: open", "owner: bob, due: 2026-12-01, status: done"
        ),
        encoding="utf-8",
    )
    after = actions(parse(feeds_of(load(root))["members/bob.ics"].content))
    assert list(after) == list(before)
    (event,) = after.values()
    assert event.status == EventStatus.CANCELLED
    assert event.sequence == 41


def test_pushing_a_due_date_back_revises_the_same_event(
    tmp_path: Path, load: Load, parse: Parse
) -> None:
    # What OB170 advises for an overdue item; DTSTART changes, so SEQUENCE must go up
    # (RFC 5545 3.8.7.4), or clients keep the old date. Above the closed state too.
    root = copy(tmp_path)
    (before,) = actions(parse(feeds_of(load(root))["members/bob.ics"].content)).values()
    path = root / POSTMORTEM
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("due: 2026-12-01, status: open", "due: 2026-12-02, status: open"))
    (after,) = actions(parse(feeds_of(load(root))["members/bob.ics"].content)).values()
    assert after.uid == before.uid
    assert after.dtstart == dt.date(2026, 12, 2)
    assert before.sequence is not None
    assert after.sequence is not None
    assert after.sequence > before.sequence + 1  # above "closed on the old date" too


def test_contacts_have_no_feed_and_the_bytes_are_stable(tmp_path: Path, load: Load) -> None:
    ws = load(copy(tmp_path))
    feeds = feeds_of(ws)
    # Dana's item (a contact) goes nowhere: contacts get no member feed.
    assert "members/dana.ics" not in feeds
    assert feeds == feeds_of(ws)
    assert_same_feeds(ws, AT)


def test_the_example_feeds_show_the_open_item(load: Load, parse: Parse) -> None:
    ws = load(REPO)
    feeds = feeds_of(ws, datetime(2026, 12, 6, tzinfo=UTC))
    postmortem = next(iter(ws.postmortems.values()))
    open_items = [i for i in postmortem.spec.action_items if i.status == "open"]
    members = [i for i in open_items if ws.member(i.owner) is not None]
    assert members, "the example keeps an open action item owned by a member"
    for item in members:
        shown = actions(parse(feeds[f"members/{item.owner}.ics"].content))
        event = next(e for e in shown.values() if x(e, "X-OPSBOOK-ACTION-ITEM") == item.id)
        assert event.dtstart == item.due
        assert event.status == EventStatus.CONFIRMED


def test_opsbook_ical_writes_the_items_into_the_member_feeds(
    tmp_path: Path, parse: Parse, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy(tmp_path)
    out = tmp_path / "calendars"
    assert main(["ical", "--root", str(root), "--out", str(out), "--at", "2026-11-28T12:00Z"]) == 0
    capsys.readouterr()
    written = {
        path.name: list(actions(parse(path.read_bytes())))
        for path in sorted((out / "members").glob("*.ics"))
    }
    assert written == {
        "alice.ics": ["postmortem.2026-11-10-events-stale.freshness-check@ops.example.com"],
        "bob.ics": ["postmortem.2026-11-10-events-stale.review-gate@ops.example.com"],
        "carol.ics": ["postmortem.2026-11-10-events-stale.coverage-ci@ops.example.com"],
        "dave.ics": ["postmortem.2026-11-10-events-stale.duration-alert@ops.example.com"],
    }
