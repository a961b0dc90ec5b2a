"""The one way pages print an instant."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from opsbook.site.instants import format_at


def test_an_instant_is_printed_in_utc_to_the_minute() -> None:
    # 01:30:59 at UTC+2 is 23:30 the day before in UTC; seconds are not shown.
    at = datetime(2026, 4, 6, 1, 30, 59, tzinfo=timezone(timedelta(hours=2)))
    assert format_at(at) == "2026-04-05 23:30 UTC"
