"""Acceptance of the iCal feeds, read back with the independent `ical` parser.

The workspace: two weekly rotations handing off on Sunday at 01:30, one in London and
one in New York, from October 2026 to April 2027, so both cross both DST changes (and
London's handoff falls into the repeated hour in October and the missing hour in March).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ical.calendar import Calendar as ParsedCalendar
from ical.event import Event as ParsedEvent
from ical.timezone import IcsTimezoneInfo

from opsbook.ical import Feed, build_feeds
from opsbook.loader.workspace import Workspace
from opsbook.schedule.effective import EffectiveShift, effective_schedule

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
DOMAIN = "oncall.example.org"

Load = Callable[[Path], Workspace]
Parse = Callable[[bytes], ParsedCalendar]
UseOverrides = Callable[[Path, str | None], None]
RecordPlan = Callable[[Path, str], None]


def feeds_of(
    ws: Workspace, at: datetime = AT, start: datetime | None = None, end: datetime | None = None
) -> dict[str, Feed]:
    return {feed.path: feed for feed in build_feeds(ws, at, start, end)}


def x(event: ParsedEvent, name: str) -> str | None:
    found = [p.value for p in event.extras if p.name == name.lower()]
    assert len(found) <= 1
    return found[0] if found else None


def by_uid(calendar: ParsedCalendar) -> dict[str, ParsedEvent]:
    events = {e.uid: e for e in calendar.events}
    assert len(events) == len(calendar.events), "UIDs must be unique in a feed"
    return events


def uid(rotation: str, role: str, shift_start: str, piece_start: str | None = None) -> str:
    tail = f".{piece_start}" if piece_start else ""
    return f"{rotation}.{role}.{shift_start}{tail}@{DOMAIN}"


def same_instant(a: object, b: datetime) -> bool:
    # Compared in UTC: Python never finds a time in a repeated hour equal to a time in
    # another zone (PEP 495), even when they are the same instant.
    assert isinstance(a, datetime)
    return a.astimezone(UTC) == b.astimezone(UTC)


def status(event: ParsedEvent) -> str:
    return str(event.status.value) if event.status else ""


def start_of(event: ParsedEvent) -> datetime:
    assert isinstance(event.dtstart, datetime)
    return event.dtstart.astimezone(UTC)


def end_of(event: ParsedEvent) -> datetime:
    assert isinstance(event.dtend, datetime)
    return event.dtend.astimezone(UTC)


def seq(event: ParsedEvent) -> int:
    return event.sequence or 0


def shows(event: ParsedEvent, piece: EffectiveShift) -> bool:
    """Whether the event is this piece of the effective schedule, confirmed."""
    return (
        start_of(event) == piece.start.astimezone(UTC)
        and end_of(event) == piece.end.astimezone(UTC)
        and event.categories == [piece.role]
        and x(event, "X-OPSBOOK-ROTATION") == piece.rotation
        and x(event, "X-OPSBOOK-MEMBER") == piece.member
        and status(event) == "CONFIRMED"
    )


# --- every effective shift, exactly once --------------------------------------------------


def test_every_effective_shift_is_in_its_rotation_feed_and_its_members_feed_once(
    dst_root: Path, load: Load, parse: Parse, use_overrides: UseOverrides
) -> None:
    use_overrides(dst_root, "cover-newyork")
    ws = load(dst_root)
    feeds = feeds_of(ws)
    for name, rotation in ws.rotations.items():
        pieces = effective_schedule(ws, name, AT - timedelta(days=90), AT + rotation.spec.horizon)
        assert len(pieces) > 50
        rotation_events = parse(feeds[f"rotations/{name}.ics"].content).events
        assert len(rotation_events) == len(pieces)
        for piece in pieces:
            assert sum(1 for e in rotation_events if shows(e, piece)) == 1, piece
            if piece.member is None:
                continue
            member_events = parse(feeds[f"members/{piece.member}.ics"].content).events
            assert sum(1 for e in member_events if shows(e, piece)) == 1, piece
    # A member feed holds nothing but that member's stretches.
    for member in ("ann", "ben", "cat", "dan"):
        members = {
            x(e, "X-OPSBOOK-MEMBER") for e in parse(feeds[f"members/{member}.ics"].content).events
        }
        assert members == {member}


def test_uids_are_unique_and_derived_from_rotation_role_and_shift_start(
    dst_root: Path, load: Load, parse: Parse
) -> None:
    feeds = feeds_of(load(dst_root))
    for feed in feeds.values():
        uids = [e.uid for e in parse(feed.content).events]
        assert len(uids) == len(set(uids)), feed.path
    london = by_uid(parse(feeds["rotations/london-oncall.ics"].content))
    # 01:30 BST on 25 October, the first of the two 01:30s, is 00:30 UTC.
    assert uid("london-oncall", "primary", "20261025T003000Z") in london
    assert uid("london-oncall", "secondary", "20261025T003000Z") in london


# --- time zones -----------------------------------------------------------------------------


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.mark.parametrize(
    ("rotation", "shift_uid", "start", "end", "hours"),
    [
        # Fall back: the shift starts at the first 01:30 (BST) and lasts 169 hours.
        ("london-oncall", "20261025T003000Z", "2026-10-25T00:30Z", "2026-11-01T01:30Z", 169),
        # Spring forward: 01:30 on 28 March does not exist; the handoff is at 02:00 BST.
        ("london-oncall", "20270321T013000Z", "2027-03-21T01:30Z", "2027-03-28T01:00Z", 167.5),
        ("london-oncall", "20270328T010000Z", "2027-03-28T01:00Z", "2027-04-04T00:30Z", 167.5),
        # New York: 01:30 on 1 November happens twice; the shift starts at the first (EDT).
        ("newyork-oncall", "20261101T053000Z", "2026-11-01T05:30Z", "2026-11-08T06:30Z", 169),
        ("newyork-oncall", "20270314T063000Z", "2027-03-14T06:30Z", "2027-03-21T05:30Z", 167),
    ],
)
def test_times_are_right_across_dst_changes(
    dst_root: Path,
    load: Load,
    parse: Parse,
    rotation: str,
    shift_uid: str,
    start: str,
    end: str,
    hours: float,
) -> None:
    feed = feeds_of(load(dst_root))[f"rotations/{rotation}.ics"]
    calendar = parse(feed.content)
    event = by_uid(calendar)[uid(rotation, "primary", shift_uid)]
    assert same_instant(event.dtstart, _utc(start))
    assert same_instant(event.dtend, _utc(end))
    assert end_of(event) - start_of(event) == timedelta(hours=hours)
    # The parser resolves TZID through its own zone database; read the same local times
    # through the VTIMEZONE the feed ships, as a client without that database would.
    zone = rotation_zone = {"london-oncall": "Europe/London", "newyork-oncall": "America/New_York"}[
        rotation
    ]
    (vtimezone,) = [tz for tz in calendar.timezones if tz.tz_id == rotation_zone]
    shipped = IcsTimezoneInfo.from_timezone(vtimezone)
    for value, expected in ((event.dtstart, start), (event.dtend, end)):
        assert isinstance(value, datetime)
        assert str(value.tzinfo) == zone
        local = value.replace(tzinfo=None)
        assert local.replace(tzinfo=shipped).astimezone(UTC) == _utc(expected)


def test_dtstart_carries_the_tzid_of_the_handoff_zone(dst_root: Path, load: Load) -> None:
    feeds = feeds_of(load(dst_root))
    london = feeds["rotations/london-oncall.ics"].content.decode()
    assert "DTSTART;TZID=Europe/London:20261025T013000\r\n" in london
    assert "DTSTART;TZID=Europe/London:20270328T020000\r\n" in london
    assert london.count("BEGIN:VTIMEZONE") == 1
    ann = feeds["members/ann.ics"].content.decode()
    assert "TZID:Europe/London\r\n" in ann
    assert "TZID:America/New_York\r\n" in ann
    assert "DTSTART;TZID=America/New_York:" in ann


def test_the_second_of_two_repeated_hours_is_written_in_utc(
    dst_root: Path, load: Load, parse: Parse, use_overrides: UseOverrides
) -> None:
    use_overrides(dst_root, "cover-newyork-repeated-hour")
    feed = feeds_of(load(dst_root))["rotations/newyork-oncall.ics"]
    text = feed.content.decode()
    # 01:30 EST on 1 November: local time would read as the first 01:30 (EDT).
    assert "DTEND:20261101T063000Z\r\n" in text
    assert "DTSTART:20261101T063000Z\r\n" in text
    events = by_uid(parse(feed.content))
    cover = events[uid("newyork-oncall", "primary", "20261101T053000Z")]
    rest = events[uid("newyork-oncall", "primary", "20261101T053000Z", "20261101T063000Z")]
    assert x(cover, "X-OPSBOOK-MEMBER") == "ann"
    assert same_instant(cover.dtstart, _utc("2026-11-01T05:30Z"))
    assert same_instant(cover.dtend, _utc("2026-11-01T06:30Z"))
    assert x(rest, "X-OPSBOOK-MEMBER") == "cat"
    assert same_instant(rest.dtstart, _utc("2026-11-01T06:30Z"))


# --- determinism ------------------------------------------------------------------------------


def test_feeds_are_byte_identical_and_never_read_the_clock(dst_root: Path, load: Load) -> None:
    ws = load(dst_root)
    window = {"start": datetime(2026, 10, 1, tzinfo=UTC), "end": datetime(2027, 5, 1, tzinfo=UTC)}
    first = feeds_of(ws, **window)
    assert first == feeds_of(load(dst_root), **window)
    # Another `at`, same window: nothing (DTSTAMP included) depends on when it runs.
    later = feeds_of(ws, at=AT + timedelta(days=3, hours=5), **window)
    assert {p: f.content for p, f in later.items()} == {p: f.content for p, f in first.items()}
    assert b"DTSTAMP:20261004T000000Z\r\n" in first["members/ann.ics"].content


# --- swaps ------------------------------------------------------------------------------------


def _member_view(feeds: dict[str, Feed], parse: Parse, member: str) -> dict[str, ParsedEvent]:
    return by_uid(parse(feeds[f"members/{member}.ics"].content))


def test_a_swap_updates_events_under_the_same_uids_and_cancels_the_given_away_shift(
    dst_root: Path,
    load: Load,
    parse: Parse,
    use_overrides: UseOverrides,
    record_plan: RecordPlan,
) -> None:
    before = feeds_of(load(dst_root))
    use_overrides(dst_root, "swap-london")
    after = feeds_of(load(dst_root))
    rotation_before = by_uid(parse(before["rotations/london-oncall.ics"].content))
    rotation_after = by_uid(parse(after["rotations/london-oncall.ics"].content))
    assert rotation_after.keys() == rotation_before.keys()

    dec06 = uid("london-oncall", "primary", "20261206T013000Z")
    dec20 = uid("london-oncall", "primary", "20261220T013000Z")
    for key, old, new in ((dec06, "ben", "dan"), (dec20, "dan", "ben")):
        assert x(rotation_before[key], "X-OPSBOOK-MEMBER") == old
        assert x(rotation_after[key], "X-OPSBOOK-MEMBER") == new
        assert seq(rotation_after[key]) > seq(rotation_before[key])
        assert (rotation_after[key].summary or "").endswith(f"(swap with {old})")
        assert x(rotation_after[key], "X-OPSBOOK-SOURCE") == "swap"
    unchanged = set(rotation_after) - {dec06, dec20}
    assert all(rotation_after[k].sequence == rotation_before[k].sequence for k in unchanged)
    # Events of other shifts are untouched; the secondaries of the two swapped shifts only
    # name their new primary.
    other_shifts = {k for k in unchanged if "20261206" not in k and "20261220" not in k}
    assert all(rotation_after[k] == rotation_before[k] for k in other_shifts)

    ben, dan = _member_view(after, parse, "ben"), _member_view(after, parse, "dan")
    assert status(ben[dec06]) == "CANCELLED"
    assert ben[dec06].sequence == rotation_after[dec06].sequence
    assert status(ben[dec20]) == "CONFIRMED"
    assert ben[dec20].summary == "london-oncall: primary (swap with dan)"
    assert status(dan[dec20]) == "CANCELLED"
    assert status(dan[dec06]) == "CONFIRMED"
    assert dan[dec06].summary == "london-oncall: primary (swap with ben)"
    # Ann, secondary under Dan on 20 December, keeps her events: she only reads that
    # Ben is her primary now.
    ann_before = _member_view(before, parse, "ann")
    ann_after = _member_view(after, parse, "ann")
    assert {k: e.sequence for k, e in ann_after.items()} == {
        k: e.sequence for k, e in ann_before.items()
    }
    ann_dec20 = ann_after[uid("london-oncall", "secondary", "20261220T013000Z")]
    assert "Primary: Ben Brooks" in (ann_dec20.description or "")

    # `opsbook plan` records the swap in the lock; the feeds stay byte for byte the same.
    record_plan(dst_root, "london-oncall")
    assert load(dst_root).locks["london-oncall"].spec.revisions
    assert feeds_of(load(dst_root)) == after


def test_sequence_keeps_rising_through_later_changes_and_an_undo(
    dst_root: Path,
    load: Load,
    parse: Parse,
    use_overrides: UseOverrides,
    record_plan: RecordPlan,
) -> None:
    dec20 = uid("london-oncall", "primary", "20261220T013000Z")
    seen: list[int] = []
    holders: list[str | None] = []
    for overrides in (None, "swap-london", "swap-and-cover-london", None):
        use_overrides(dst_root, overrides)
        feed = feeds_of(load(dst_root))["rotations/london-oncall.ics"]
        event = by_uid(parse(feed.content))[dec20]
        seen.append(event.sequence or 0)
        holders.append(x(event, "X-OPSBOOK-MEMBER"))
        record_plan(dst_root, "london-oncall")
    assert seen == [0, 1, 2, 3]
    assert holders == ["dan", "ben", "ben", "dan"]
    # Undone: Dan holds it again, with a SEQUENCE above the cancellation he was sent.
    feeds = feeds_of(load(dst_root))
    dan = _member_view(feeds, parse, "dan")
    assert status(dan[dec20]) == "CONFIRMED"
    assert dan[dec20].sequence == 3
    ben = _member_view(feeds, parse, "ben")
    assert status(ben[dec20]) == "CANCELLED"
    # Cat's day of cover is gone: cancelled in her feed and in the rotation's.
    cover = uid("london-oncall", "primary", "20261220T013000Z", "20261222T090000Z")
    assert status(_member_view(feeds, parse, "cat")[cover]) == "CANCELLED"
    rotation = by_uid(parse(feeds["rotations/london-oncall.ics"].content))
    assert status(rotation[cover]) == "CANCELLED"


# --- covers -----------------------------------------------------------------------------------


def test_a_cover_keeps_the_shift_uid_and_adds_one_per_new_stretch(
    dst_root: Path, load: Load, parse: Parse, use_overrides: UseOverrides
) -> None:
    before = by_uid(parse(feeds_of(load(dst_root))["rotations/newyork-oncall.ics"].content))
    use_overrides(dst_root, "cover-newyork")
    feeds = feeds_of(load(dst_root))
    after = by_uid(parse(feeds["rotations/newyork-oncall.ics"].content))
    shift = uid("newyork-oncall", "primary", "20261206T063000Z")
    cover = uid("newyork-oncall", "primary", "20261206T063000Z", "20261209T140000Z")
    rest = uid("newyork-oncall", "primary", "20261206T063000Z", "20261210T140000Z")
    assert set(after) - set(before) == {cover, rest}
    assert set(before) <= set(after)
    assert after[shift].dtend == _utc("2026-12-09T14:00Z")
    assert after[shift].sequence == 1
    assert after[cover].summary == "newyork-oncall: primary – Ben Brooks (covering dan)"
    assert x(after[cover], "X-OPSBOOK-COVERING") == "dan"
    assert x(after[rest], "X-OPSBOOK-MEMBER") == "dan"
    dan = _member_view(feeds, parse, "dan")
    assert {shift, rest} <= set(dan)
    assert "Covered by Ben Brooks" in (dan[shift].description or "")
    ben = _member_view(feeds, parse, "ben")
    assert ben[cover].summary == "newyork-oncall: primary (covering dan)"


# --- windows ----------------------------------------------------------------------------------


def test_a_cancelled_shift_stays_until_cancelled_days_after_it_would_have_ended(
    dst_root: Path, load: Load, parse: Parse, use_overrides: UseOverrides
) -> None:
    use_overrides(dst_root, "swap-london")
    ws = load(dst_root)
    dec06 = uid("london-oncall", "primary", "20261206T013000Z")
    ended = datetime(2026, 12, 13, 1, 30, tzinfo=UTC)
    for days, shown in ((29, True), (31, False)):
        feeds = feeds_of(ws, at=ended + timedelta(days=days))
        assert (dec06 in _member_view(feeds, parse, "ben")) is shown
        # Dan's confirmed copy stays for the 90 days of past shifts.
        assert dec06 in _member_view(feeds, parse, "dan")


def test_past_shifts_are_kept_for_past_days_and_future_ones_to_the_horizon(
    dst_root: Path, load: Load, parse: Parse
) -> None:
    at = datetime(2027, 1, 10, tzinfo=UTC)
    events = parse(feeds_of(load(dst_root), at=at)["rotations/london-oncall.ics"].content).events
    assert min(end_of(e) for e in events) > at - timedelta(days=90)
    assert min(start_of(e) for e in events) <= at - timedelta(days=90)
    # The horizon (30 weeks) reaches past the lock's last shift: every locked shift shows.
    assert max(start_of(e) for e in events) == _utc("2027-04-25T00:30Z")
    narrow = feeds_of(
        load(dst_root),
        at=at,
        start=datetime(2027, 1, 1, tzinfo=UTC),
        end=datetime(2027, 1, 15, tzinfo=UTC),
    )
    assert len(parse(narrow["rotations/london-oncall.ics"].content).events) == 3 * 2


# --- what the events say --------------------------------------------------------------------


def test_events_name_the_role_the_other_holder_the_escalation_contact_and_the_site(
    dst_root: Path, load: Load, parse: Parse
) -> None:
    feeds = feeds_of(load(dst_root))
    event = by_uid(parse(feeds["members/dan.ics"].content))[
        uid("london-oncall", "primary", "20261025T003000Z")
    ]
    assert event.summary == "london-oncall: primary"
    assert event.categories == ["primary"]
    description = event.description or ""
    assert "Secondary: Ann Archer (ann@example.org)" in description
    assert "Escalation: Mia Moss, Operations Manager (mia@example.org)" in description
    assert "https://oncall.example.org/" in description
    assert str(event.url) == "https://oncall.example.org/"
    unfilled = by_uid(parse(feeds["rotations/newyork-oncall.ics"].content))[
        uid("newyork-oncall", "secondary", "20261227T063000Z")
    ]
    assert unfilled.summary == "newyork-oncall: secondary – unfilled"
    assert x(unfilled, "X-OPSBOOK-MEMBER") is None


def test_feeds_carry_names_zones_and_refresh_hints(dst_root: Path, load: Load) -> None:
    feeds = feeds_of(load(dst_root))
    rotation = feeds["rotations/newyork-oncall.ics"].content.decode()
    for line in (
        "X-WR-CALNAME:On call: New York on-call",
        "X-WR-TIMEZONE:America/New_York",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert f"\r\n{line}\r\n" in rotation
    member = feeds["members/ben.ics"].content.decode()
    assert "\r\nX-WR-CALNAME:On call: Ben Brooks\r\n" in member
    assert "\r\nX-WR-TIMEZONE:America/New_York\r\n" in member


def test_reminders_only_in_member_feeds_of_rotations_that_ask_for_them(
    dst_root: Path, load: Load, parse: Parse
) -> None:
    feeds = feeds_of(load(dst_root))
    ann = parse(feeds["members/ann.ics"].content).events
    alarms = Counter(
        (x(e, "X-OPSBOOK-ROTATION"), e.alarm[0].trigger if e.alarm else None) for e in ann
    )
    assert alarms[("london-oncall", timedelta(hours=-1))] > 0
    assert alarms[("london-oncall", None)] == 0
    assert alarms[("newyork-oncall", None)] > 0
    assert all(not e.alarm for e in parse(feeds["rotations/london-oncall.ics"].content).events)


def test_alarms_of_a_rotation_are_valarms_in_its_members_feeds_only(
    dst_root: Path, load: Load, parse: Parse
) -> None:
    path = dst_root / "rotation" / "newyork.yaml"
    before = feeds_of(load(dst_root))
    path.write_text(
        path.read_text().replace("  freeze: 1w\n", "  freeze: 1w\n  alarms: [15m, 1d, 15m]\n")
    )
    after = feeds_of(load(dst_root))
    events = [
        e
        for e in parse(after["members/ann.ics"].content).events
        if x(e, "X-OPSBOOK-ROTATION") == "newyork-oncall"
    ]
    confirmed = [e for e in events if x(e, "X-OPSBOOK-SOURCE") != "cancelled"]
    assert confirmed
    for event in confirmed:
        # Each alarm once, in the order written (the repeated 15m is dropped).
        assert [a.trigger for a in event.alarm] == [timedelta(minutes=-15), timedelta(days=-1)]
    assert all(not e.alarm for e in events if x(e, "X-OPSBOOK-SOURCE") == "cancelled")
    assert (
        after["rotations/newyork-oncall.ics"].content
        == before["rotations/newyork-oncall.ics"].content
    )
    # Off by default: before `alarms` was written, no newyork-oncall event had one.
    newyork_before = [
        e
        for e in parse(before["members/ann.ics"].content).events
        if x(e, "X-OPSBOOK-ROTATION") == "newyork-oncall"
    ]
    assert all(not e.alarm for e in newyork_before)


def test_alarms_leave_the_plan_inputs_and_so_the_lock_alone(dst_root: Path, load: Load) -> None:
    from opsbook.schedule.inputs import inputs_digest

    path = dst_root / "rotation" / "newyork.yaml"
    before = inputs_digest(load(dst_root), load(dst_root).rotations["newyork-oncall"])
    path.write_text(path.read_text().replace("  freeze: 1w\n", "  freeze: 1w\n  alarms: [15m]\n"))
    ws = load(dst_root)
    assert inputs_digest(ws, ws.rotations["newyork-oncall"]) == before
