"""One truth of who is on call: `who`, `schedule`, `escalate`, the calendars and the
site agree at every instant of a year (one every six hours) on the example workspace,
with a swap and a cover recorded on top of its lock.

Nothing here names a holder: every expectation is derived from the effective schedule
as `opsbook schedule --format json` prints it, so a re-planned lock changes no line.
The calendars are read back with the independent `ical` parser; the site's on-call
data is what its plugin renders (`rotation_schedule(...).now`), and the site itself is
built once, at Christmas, to check the page shows the same people.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import Event as ParsedEvent

from opsbook.cli.entry import main
from opsbook.cli.who_cache import read_cache
from opsbook.cli.who_fast import render_who
from opsbook.escalation.resolver import EscalationResolver
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.availability import Availability
from opsbook.schedule.overrides_edit import plan_cover, plan_swap, write_override
from opsbook.schedule.suggest import suggest_swaps
from opsbook.site.schedule_view import rotation_schedule

REPO = Path(__file__).resolve().parents[2]
ROTATION = "data-eng-oncall"
RUNBOOK = "profit-aggregate"
ROLES = ("primary", "secondary")
FIRST = datetime(2026, 5, 31, 3, tzinfo=UTC)
INSTANTS = [FIRST + timedelta(hours=6 * k) for k in range(365 * 4)]
CHRISTMAS = datetime(2026, 12, 25, 12, tzinfo=UTC)

Holders = dict[tuple[datetime, str], str | None]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example with one swap and one cover written by the commands' own
    library functions (both shorten rest in a four-person rotation, so allowed)."""
    target = tmp_path_factory.mktemp("truth") / "ws"
    target.mkdir()
    for name in ("opsbook.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, target / name)
    for folder in ("runbooks", "rotation", "docs", "site_templates"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder)
    ws = load_workspace(target).workspace
    shift = date(2027, 2, 1)
    option = suggest_swaps(ws, ROTATION, "primary", shift, FIRST).options[0]
    swap = plan_swap(ws, ROTATION, "primary", shift, option.shift, allow_short_rest=True)
    write_override(ws, swap)
    ws = load_workspace(target).workspace
    helper = _free_member(ws, datetime(2026, 12, 23, 9, tzinfo=UTC))
    cover = plan_cover(
        ws,
        ROTATION,
        "primary",
        datetime(2026, 12, 23, 9),
        datetime(2026, 12, 26, 9),
        helper,
        reason="sick",
        allow_short_rest=True,
    )
    write_override(ws, cover)
    return target


def _free_member(ws: Workspace, at: datetime) -> str:
    from opsbook.schedule.effective import on_call_at

    busy = {s.member for s in on_call_at(ws, ROTATION, at)}
    away = Availability(ws)
    return next(
        m
        for m in sorted(ws.rotation_members(ws.rotations[ROTATION]))
        if m not in busy and not away.hard_conflicts(m, at, at + timedelta(days=3))
    )


@pytest.fixture(scope="module")
def ws(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


@pytest.fixture(scope="module")
def pieces(root: Path) -> list[dict[str, Any]]:
    """The effective schedule's pieces, from `opsbook schedule --format json` over the
    year: the one truth the other answers are held to."""
    out = _run(
        "schedule",
        ROTATION,
        "--root",
        str(root),
        "--from",
        "2026-05-30",
        "--to",
        "2027-06-01",
        "--format",
        "json",
    )
    found: list[dict[str, Any]] = json.loads(out)["shifts"]
    return found


def _held(pieces: list[dict[str, Any]], at: datetime, role: str) -> str | None:
    """Who holds `role` at `at` according to the schedule's pieces."""
    for piece in pieces:
        start, end = datetime.fromisoformat(piece["start"]), datetime.fromisoformat(piece["end"])
        if piece["role"] == role and start <= at < end:
            member: str | None = piece["member"]
            return member
    raise AssertionError(f"no {role} piece at {at}")


@pytest.fixture(scope="module")
def truth(pieces: list[dict[str, Any]]) -> Holders:
    """(instant, role) -> member at every instant of INSTANTS."""
    return {(at, role): _held(pieces, at, role) for at in INSTANTS for role in ROLES}


def _run(*args: str) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(list(args))
    assert code == 0, buffer.getvalue()
    return buffer.getvalue()


def test_the_year_has_overrides_and_holidays_in_it(ws: Workspace, truth: Holders) -> None:
    # The walk would prove little without the cases that used to disagree.
    sources = {s.source for s in rotation_schedule(ws, ws.rotations[ROTATION], CHRISTMAS).now}
    assert "cover" in sources
    away = Availability(ws)
    on_holiday = [
        (at, member)
        for (at, _), member in truth.items()
        if member and away.holiday_absences(member, at, at + timedelta(seconds=1))
    ]
    assert on_holiday


def test_who_names_the_schedule_at_every_instant(
    root: Path, truth: Holders, capsys: pytest.CaptureFixture[str]
) -> None:
    # The full command writes the cache the fast path answers from; then every instant
    # is answered by the same rendering both paths share.
    assert main(["who", "--root", str(root), "--at", FIRST.isoformat()]) == 0
    capsys.readouterr()
    payload = read_cache(os.fspath(root))
    assert payload is not None
    for at in INSTANTS:
        answer = render_who(payload, [ROTATION], at, "json", ZoneInfo("UTC"))
        assert answer.code == 0
        [rotation] = json.loads(answer.text)["rotations"]
        got = {s["role"]: s["member"] for s in rotation["shifts"]}
        assert got == {role: truth[(at, role)] for role in ("primary", "secondary")}, at


def test_escalate_pages_the_holders_at_every_instant(
    ws: Workspace, pieces: list[dict[str, Any]]
) -> None:
    resolver = EscalationResolver(ws, RUNBOOK)
    away = Availability(ws)
    checked = 0
    for at in INSTANTS:
        for step in resolver.resolve(at).steps:
            step_at = step.at.astimezone(UTC)
            for target in step.targets:
                if not target.ref.startswith("oncall:"):
                    continue
                role = target.ref.rpartition("/")[2]
                # Later steps fire later: held to the schedule's answer then, not to the
                # function the resolver itself calls.
                expected = _held(pieces, step_at, role)
                assert target.member == expected, (at, target.ref)
                assert expected is not None
                # Paged unless on time off: a public holiday never takes a holder out.
                hard = away.hard_conflicts(expected, step_at, step_at + timedelta(seconds=1))
                assert target.available == (not hard), (at, target.ref, target.reason)
                checked += 1
    assert checked >= 2 * len(INSTANTS)


def test_the_site_shows_the_holders_at_every_instant(ws: Workspace, truth: Holders) -> None:
    rotation = ws.rotations[ROTATION]
    for at in INSTANTS:
        now = rotation_schedule(ws, rotation, at, weeks=1).now
        assert {h.role: h.member_id for h in now} == {
            role: truth[(at, role)] for role in ("primary", "secondary")
        }, at


@pytest.fixture(scope="module")
def feeds(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Calendar]:
    out = tmp_path_factory.mktemp("calendars")
    _run(
        "ical",
        "--root",
        str(root),
        "--out",
        str(out),
        "--at",
        FIRST.isoformat(),
        "--from",
        "2026-05-01",
        "--to",
        "2027-06-30",
    )
    return {
        path.relative_to(out).as_posix(): IcsCalendarStream.calendar_from_ics(
            path.read_text(encoding="utf-8")
        )
        for path in sorted(out.rglob("*.ics"))
    }


def _extra(event: ParsedEvent, name: str) -> str | None:
    found = [p.value for p in event.extras if p.name == name.lower()]
    return found[0] if found else None


def _holding(calendar: Calendar, at: datetime) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for event in calendar.events:
        status = str(event.status.value) if event.status else ""
        if status == "CANCELLED":
            continue
        if not isinstance(event.dtstart, datetime):
            continue  # an all-day event: a postmortem action item's due date, not a shift
        assert isinstance(event.dtend, datetime)
        if event.dtstart.astimezone(UTC) <= at < event.dtend.astimezone(UTC):
            role = _extra(event, "X-OPSBOOK-ROLE")
            assert role is not None
            assert role not in out, f"two events for {role} at {at}"
            out[role] = _extra(event, "X-OPSBOOK-MEMBER")
    return out


def test_the_calendars_show_the_holders_at_every_instant(
    feeds: dict[str, Calendar], truth: Holders
) -> None:
    rotation = feeds[f"rotations/{ROTATION}.ics"]
    members = {k.removeprefix("members/").removesuffix(".ics"): v for k, v in feeds.items()}
    for at in INSTANTS:
        expected = {role: truth[(at, role)] for role in ("primary", "secondary")}
        assert _holding(rotation, at) == expected, at
        for role, member in expected.items():
            assert member is not None
            assert _holding(members[member], at).get(role) == member, (at, member)


@pytest.fixture(scope="module")
def christmas_site(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once, by `mkdocs build --strict`, at Christmas noon."""
    site = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if k != "OPSBOOK_AT"}
    env |= {"OPSBOOK_AT": CHRISTMAS.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")]
    result = subprocess.run(
        [*command, "-d", str(site)], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return site


def test_the_built_site_names_who_is_on_call_with_the_holiday_mark(
    christmas_site: Path, ws: Workspace, pieces: list[dict[str, Any]]
) -> None:
    home = (christmas_site / "index.html").read_text(encoding="utf-8")
    block = home.split("On call now", 1)[1].split("Full schedule", 1)[0]
    away = Availability(ws)
    for role in ("primary", "secondary"):
        member = _held(pieces, CHRISTMAS, role)
        assert member is not None
        found = ws.member(member)
        assert found is not None
        assert found.name in block
        holidays = away.holiday_absences(member, CHRISTMAS, CHRISTMAS + timedelta(seconds=1))
        if holidays:
            assert f"on call on {holidays[0].reason}" in block
