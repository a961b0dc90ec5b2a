"""iCal feeds of the on-call schedule: one per rotation, one per member.

`build_feeds(ws, at)` returns the feeds as bytes; `write_feeds(out, feeds)` writes them.
"""

from __future__ import annotations

from opsbook.ical.feeds import build_feeds, write_feeds
from opsbook.ical.vcalendar import Feed

__all__ = ["Feed", "build_feeds", "write_feeds"]
