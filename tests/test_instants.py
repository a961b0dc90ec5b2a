"""`opsbook.instants`: the one reader of `--at`."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from opsbook import instants

LONDON = ZoneInfo("Europe/London")


def test_an_offset_is_kept_and_z_is_utc() -> None:
    assert instants.resolve("2026-12-24T03:00Z", LONDON) == (
        datetime(2026, 12, 24, 3, tzinfo=UTC),
        None,
    )
    at, _ = instants.resolve("2026-07-01T09:00+02:00", LONDON)
    assert at.astimezone(UTC) == datetime(2026, 7, 1, 7, tzinfo=UTC)


def test_a_naive_time_is_wall_clock_time_in_the_zone_given() -> None:
    at, note = instants.resolve("2026-07-01T09:00", LONDON)
    assert (at.astimezone(UTC), note) == (datetime(2026, 7, 1, 8, tzinfo=UTC), None)


def test_a_time_the_clocks_skip_moves_forward_with_a_note() -> None:
    at, note = instants.resolve("2027-03-28T01:30", LONDON)
    assert at.astimezone(UTC) == datetime(2027, 3, 28, 1, tzinfo=UTC)  # 02:00 BST
    assert note == (
        "2027-03-28T01:30 does not exist in Europe/London (the clocks skip it); read as "
        "2027-03-28T02:00+01:00, the first valid time after it"
    )


def test_a_repeated_time_is_its_first_occurrence() -> None:
    at, note = instants.resolve("2026-10-25T01:30", LONDON)
    assert (at.astimezone(UTC), note) == (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), None)


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00Z", "0001-01-01T00:00", "9999-12-31T23:59+14:00", "1899-12-31T00:00Z"],
)
def test_instants_outside_the_range_are_refused(value: str) -> None:
    with pytest.raises(instants.AtError) as caught:
        instants.resolve(value, LONDON)
    assert str(caught.value) == (
        f"--at: expected an instant between 1900-01-01 and 8999-12-31; found {value!r}"
    )


def test_unreadable_text_says_what_was_expected() -> None:
    with pytest.raises(instants.AtError) as caught:
        instants.read_text("next tuesday", "OPSBOOK_AT")
    assert str(caught.value) == (
        "OPSBOOK_AT: expected an ISO 8601 instant like 2026-12-24T03:00+00:00; found 'next tuesday'"
    )


def test_the_reader_zone_is_the_option_then_tz_then_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    assert instants.reader_zone_name(None, "Europe/London") == "Europe/London"
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert instants.reader_zone_name(None, "Europe/London") == "Asia/Kolkata"
    assert instants.reader_zone_name("UTC", "Europe/London") == "UTC"
    monkeypatch.setenv("TZ", "not/a zone")
    assert instants.reader_zone_name(None, "Europe/London") == "Europe/London"


def test_the_home_zone_is_the_first_rotations() -> None:
    assert instants.home_zone({"b": "Asia/Kolkata", "a": "Europe/London"}) == "Europe/London"
    assert instants.home_zone({}) == "UTC"
