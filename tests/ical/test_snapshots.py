"""The example workspace's feeds, byte for byte, at the instant its lock was planned.

Regenerate after a reviewed change with `OPSBOOK_UPDATE_SNAPSHOTS=1` (or `make
snapshots`); a change to the example lock file changes them too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from ical.calendar import Calendar as ParsedCalendar

from opsbook.cli.entry import main
from opsbook.loader import load_workspace

if TYPE_CHECKING:
    from tests.conftest import Snapshot

AT = "2026-11-23T09:00:00+00:00"
FEEDS = [
    "rotations/data-eng-oncall.ics",
    "members/alice.ics",
    "members/bob.ics",
    "members/carol.ics",
    "members/dave.ics",
]


@pytest.fixture(scope="module")
def example_feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calendars")
    repo = Path(__file__).resolve().parents[2]
    assert main(["ical", "--root", str(repo), "--out", str(out), "--at", AT]) == 0
    return out


@pytest.mark.parametrize("feed", FEEDS)
def test_example_feed(
    example_feeds: Path,
    feed: str,
    snapshot: Snapshot,
    parse: Callable[[bytes], ParsedCalendar],
) -> None:
    content = (example_feeds / feed).read_bytes()
    assert len(parse(content).events) > 15
    snapshot(f"example/{feed}", content)


def test_example_swap_as_bob_sees_it(
    example_copy: Path,
    tmp_path: Path,
    snapshot: Snapshot,
    parse: Callable[[bytes], ParsedCalendar],
) -> None:
    """`opsbook swap`, then the feeds, then `opsbook plan`, then the feeds again: the
    same bytes before and after the plan records the swap in the lock."""
    root = ["--root", str(example_copy)]
    # The first weeks after the freeze where bob and then carol are primary, read from
    # the lock (the planner chooses them), and the first such pair the swap accepts.
    lock_doc = load_workspace(example_copy).workspace.locks["data-eng-oncall"]
    primary = [(str(s.shift), s.roles["primary"]) for s in lock_doc.spec.shifts]
    bobs = [d for d, m in primary if m == "bob" and d >= "2026-12-07"]
    carols = [d for d, m in primary if m == "carol" and d >= "2026-12-07"]
    for first, second in ((b, c) for b in bobs for c in carols if c > b):
        swap = ["swap", "data-eng-oncall", first, second, "--role", "primary"]
        swap += ["--allow-short-rest"]  # four people, two roles: rest is not the point here
        if main([*swap, "--members", "bob", "carol", "--reason", "family visit", *root]) == 0:
            break
    else:
        raise AssertionError("no swap of a bob week for a carol week is valid")
    before_plan, after_plan = tmp_path / "before", tmp_path / "after"
    assert main(["ical", *root, "--out", str(before_plan), "--at", AT]) == 0
    assert main(["plan", *root, "--at", AT]) == 0
    lock = (example_copy / "rotation" / "data-eng-oncall.lock.yaml").read_text()
    assert f"    - {{shift: {first}, role: primary, sequence: " in lock
    assert main(["ical", *root, "--out", str(after_plan), "--at", AT]) == 0
    for feed in FEEDS:
        assert (before_plan / feed).read_bytes() == (after_plan / feed).read_bytes(), feed
    bob = (after_plan / "members" / "bob.ics").read_bytes()
    statuses = {e.uid: str(e.status.value) for e in parse(bob).events if e.status}
    uid = "data-eng-oncall.primary.{}T090000Z@ops.example.com"
    assert statuses[uid.format(first.replace("-", ""))] == "CANCELLED"
    assert statuses[uid.format(second.replace("-", ""))] == "CONFIRMED"
    snapshot("example/swapped/members/bob.ics", bob)
