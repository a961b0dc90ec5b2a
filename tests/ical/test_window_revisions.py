"""An event's SEQUENCE does not depend on the window a feed shows.

A feed built for a window that starts in the middle of a shift must still work out
that shift's revision from all its pieces, including those before the window.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from opsbook.cli.entry import main
from opsbook.ical import build_feeds
from opsbook.loader import load_workspace

AT = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _sequences(content: bytes) -> dict[str, int]:
    text = content.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
    out: dict[str, int] = {}
    for event in text.split("BEGIN:VEVENT")[1:]:
        uid = re.search(r"^UID:(.*)$", event, re.M)
        seq = re.search(r"^SEQUENCE:(\d+)$", event, re.M)
        assert uid is not None
        out[uid.group(1).strip()] = int(seq.group(1)) if seq else 0
    return out


def test_a_window_starting_inside_a_covered_shift_keeps_its_sequence(example_copy: Path) -> None:
    root = ["--root", str(example_copy)]
    # Bob covers the first day of Dave's primary shift of 2026-12-07; plan records it.
    assert (
        main(
            [
                "cover",
                "data-eng-oncall",
                "--role",
                "primary",
                "--from",
                "2026-12-07T09:00",
                "--to",
                "2026-12-08T09:00",
                "--by",
                "bob",
                "--allow-short-rest",  # four people, two roles: nobody free is rested
                *root,
            ]
        )
        == 0
    )
    assert main(["plan", "--at", AT.isoformat(), *root]) == 0
    ws = load_workspace(example_copy).workspace
    full = build_feeds(ws, AT)
    # A window that opens after the cover, inside the same shift.
    late = build_feeds(ws, AT, start=datetime(2026, 12, 9, tzinfo=UTC))
    feed = "rotations/data-eng-oncall.ics"
    whole = _sequences(next(f.content for f in full if f.path == feed))
    part = _sequences(next(f.content for f in late if f.path == feed))
    covered = [uid for uid in part if "20261208T090000Z" in uid]
    assert covered, part  # Dave's stretch after the cover is in the late window
    assert part.items() <= whole.items()
    assert whole[covered[0]] >= 1
