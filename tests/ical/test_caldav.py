"""A member feed imported into a real CalDAV server (Radicale on loopback), then
imported again after a swap: the server must hold the updated events, no duplicates.

The import is what a client does with a feed it cannot subscribe to: one PUT per
event, at a resource named by the event's UID.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from caldav.calendarobjectresource import Event as DavEvent
from caldav.collection import Calendar as DavCalendar
from caldav.davclient import DAVClient
from icalendar import Calendar

from opsbook.ical import build_feeds
from opsbook.loader.workspace import Workspace

AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
START, END = datetime(2026, 11, 23, tzinfo=UTC), datetime(2027, 1, 4, tzinfo=UTC)
DEC06 = "london-oncall.primary.20261206T013000Z@oncall.example.org"
DEC20 = "london-oncall.primary.20261220T013000Z@oncall.example.org"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale server with no authentication, storing in a temporary folder."""
    port = _free_port()
    log = (tmp_path / "radicale.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config=",  # no /etc/radicale or ~/.config: only these options
            f"--storage-filesystem-folder={tmp_path / 'collections'}",
            "--auth-type=none",
            f"--server-hosts=127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert server.poll() is None, (tmp_path / "radicale.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "Radicale did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _split(feed: bytes) -> dict[str, bytes]:
    """One calendar object per event: the event with the VTIMEZONEs, by UID."""
    calendar = Calendar.from_ical(feed)
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    objects: dict[str, bytes] = {}
    for event in calendar.walk("VEVENT"):
        single = Calendar()
        single.add("PRODID", str(calendar["PRODID"]))
        single.add("VERSION", "2.0")
        for zone in zones:
            single.add_component(zone)
        single.add_component(event)
        objects[str(event["UID"])] = single.to_ical()
    return objects


def _import(calendar: DavCalendar, feed: bytes) -> None:
    assert calendar.url is not None
    for uid, data in _split(feed).items():
        event = DavEvent(
            client=calendar.client,
            url=calendar.url.join(quote(uid, safe="") + ".ics"),
            data=data.decode(),
            parent=calendar,
        )
        # Keep the feed's SEQUENCE: the client must not bump it on its own.
        event.save(increase_seqno=False)


def _held(calendar: DavCalendar) -> list[tuple[str, int, str, str]]:
    out: list[tuple[str, int, str, str]] = []
    resources = calendar.events()
    assert isinstance(resources, list)  # the synchronous client
    for resource in resources:
        parsed = Calendar.from_ical(resource.data)
        (event,) = parsed.walk("VEVENT")
        out.append(
            (
                str(event["UID"]),
                int(event.get("SEQUENCE", 0)),
                str(event["STATUS"]),
                str(event.get("X-OPSBOOK-MEMBER", "")),
            )
        )
    return sorted(out)


def test_reimporting_a_member_feed_after_a_swap_updates_events_without_duplicates(
    radicale: str,
    dst_root: Path,
    load: Callable[[Path], Workspace],
    use_overrides: Callable[[Path, str | None], None],
) -> None:
    def ben_feed() -> bytes:
        # Five weeks around the swap keep the number of PUTs (each one fsynced) small.
        feeds = {f.path: f for f in build_feeds(load(dst_root), AT, start=START, end=END)}
        return feeds["members/ben.ics"].content

    client = DAVClient(url=radicale, username="ben", password="unused")
    principal = client.principal()  # type: ignore[no-untyped-call]
    calendar = principal.make_calendar(name="On call: Ben Brooks", cal_id="oncall")

    before = ben_feed()
    _import(calendar, before)
    first = _held(calendar)
    assert len(first) == len(_split(before)) == 7
    by_uid = {uid: (seq, status, member) for uid, seq, status, member in first}
    assert by_uid[DEC06] == (0, "CONFIRMED", "ben")
    assert DEC20 not in by_uid

    # Ben swaps his week of 6 December for Dan's week of 20 December.
    use_overrides(dst_root, "swap-london")
    after = ben_feed()
    _import(calendar, after)
    held = _held(calendar)
    uids = [uid for uid, *_ in held]
    assert len(uids) == len(set(uids)), "an event was duplicated"
    assert set(uids) == set(_split(after)) == set(_split(before)) | {DEC20}
    by_uid = {uid: (seq, status, member) for uid, seq, status, member in held}
    assert by_uid[DEC06] == (1, "CANCELLED", "ben")
    assert by_uid[DEC20] == (1, "CONFIRMED", "ben")
    untouched = set(uids) - {DEC06, DEC20}
    assert all(by_uid[uid][:2] == (0, "CONFIRMED") for uid in untouched)

    # Importing the same feed again changes nothing.
    _import(calendar, after)
    assert _held(calendar) == held
