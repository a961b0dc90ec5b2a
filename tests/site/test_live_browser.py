"""The live on-call block in a real browser (headless Chromium, Playwright) with a fixed
clock: the holders at the reader's instant, in the reader's zone, across a handoff and a
swap; the rebuild notice past the embedded window; the build's answer without
JavaScript; check statuses told apart; nothing requested outside the site."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsbook.loader import load_workspace
from opsbook.schedule.effective import resolve

from .test_browser import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.slow

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Route,
    sync_playwright,
)

ROTATION = "data-eng-oncall"
VIEWER_ZONE = "America/New_York"
"""The reader's zone: not the rotation's (Europe/London) nor any holder's."""


@pytest.fixture(scope="module")
def site(scheduled_site: Path) -> Path:
    """The example with the site fixtures' lock and check results (see conftest)."""
    return scheduled_site


@pytest.fixture(scope="module")
def workspace(scheduled_site: Path) -> Path:
    return scheduled_site.parent / "ws"


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def holder_names(workspace: Path, at: datetime) -> dict[str, str]:
    """Who the effective schedule says holds each role at `at`, by full name."""
    ws = load_workspace(workspace).workspace
    out = {}
    for piece in resolve(ws, ROTATION).shifts:
        if piece.start <= at < piece.end and piece.member:
            member = ws.member(piece.member)
            out[piece.role] = member.name if member else piece.member
    return out


class Reader:
    """A browser context as one reader: their zone, JavaScript on or off, every request
    outside the site refused and remembered, console errors remembered."""

    def __init__(self, browser: Browser, *, javascript: bool = True) -> None:
        self.context: BrowserContext = browser.new_context(
            timezone_id=VIEWER_ZONE, java_script_enabled=javascript, locale="en-US"
        )
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("console", self._console)

    def _route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def close(self) -> None:
        self.context.close()
        assert not self.outside, f"the page requested {self.outside}"
        assert not self.errors, self.errors


@pytest.fixture
def reader(browser: Browser) -> Iterator[Reader]:
    reader = Reader(browser)
    yield reader
    reader.close()


def live_rows(page: Page) -> dict[str, list[str]]:
    block = page.locator(f'.opsbook-oncall[data-rotation="{ROTATION}"]').first
    block.locator("table[data-opsbook=live]").wait_for()
    assert block.get_attribute("data-state") == "live"
    assert not block.locator(".opsbook-built").is_visible()
    rows = block.locator("table[data-opsbook=live] tbody tr")
    return {
        row.get_attribute("data-role") or "": row.locator("td").all_inner_texts()
        for row in rows.all()
    }


@pytest.mark.parametrize(
    ("instant", "why"),
    [
        (datetime(2026, 11, 30, 8, 59, tzinfo=UTC), "a minute before the handoff"),
        (datetime(2026, 12, 22, 12, 0, tzinfo=UTC), "in the week Bob and Carol swapped"),
    ],
)
def test_the_block_names_the_holders_at_the_readers_clock(
    reader: Reader, site_url: str, workspace: Path, instant: datetime, why: str
) -> None:
    page = reader.page
    page.clock.install(time=instant)
    page.goto(f"{site_url}/index.html")
    rows = live_rows(page)
    expected = holder_names(workspace, instant)
    assert {role: cells[1].split(" (")[0] for role, cells in rows.items()} == expected, why
    label = page.locator(".opsbook-oncall .opsbook-asof").first.inner_text()
    assert f"your time ({VIEWER_ZONE})" in label
    if instant.day == 22:
        # The swap's reason comes with the holder, from the embedded note.
        assert rows["primary"][1] == f"{expected['primary']} (swap: holidays)"
        return
    # The handoff is 09:00 in London: 04:00 in New York, 10:00 for Alice in Paris.
    primary = rows["primary"]
    assert primary[3] == (
        f"2026-11-30 04:00 your time ({VIEWER_ZONE}) · "
        f"2026-11-30 10:00 {expected['primary']}'s time (Europe/Paris)"
    )
    # One-tap contact in the live table.
    assert page.locator("table[data-opsbook=live] a[href^='tel:+']").count() == 2
    # Two minutes later the minute timer has run and the next shift's holders show.
    page.clock.run_for("02:00")
    after = datetime(2026, 11, 30, 9, 1, tzinfo=UTC)
    next_expected = holder_names(workspace, after)
    assert next_expected != expected
    page.wait_for_function(
        "name => document.querySelector('table[data-opsbook=live] tbody tr')"
        ".innerText.includes(name)",
        arg=next_expected["primary"],
    )
    rows = live_rows(page)
    assert {role: cells[1] for role, cells in rows.items()} == next_expected


def test_past_the_window_the_page_asks_for_a_rebuild(reader: Reader, site_url: str) -> None:
    page = reader.page
    page.clock.install(time=datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    page.goto(f"{site_url}/index.html")
    notice = page.locator(".opsbook-oncall .opsbook-rebuild").first
    notice.wait_for()
    text = notice.inner_text()
    assert text.startswith("This site was built on 2026-11-23 12:00 UTC;")
    assert "Rebuild it" in text
    # The build's answer stays, labelled with its instant, and no live table claims more.
    assert page.locator(".opsbook-oncall .opsbook-built").first.is_visible()
    assert "As of 2026-11-23 12:00 UTC" in page.locator(".opsbook-built").first.inner_text()
    assert page.locator("table[data-opsbook=live]").count() == 0
    # The runbook's escalation table says so too, and keeps the build's names.
    page.goto(f"{site_url}/runbooks/profit-aggregate.html")
    page.locator("article .opsbook-rebuild").wait_for()
    assert page.locator("article .opsbook-rebuild").count() == 1
    holder = page.locator('.opsbook-holder[data-role="primary"]').first
    assert holder.get_attribute("data-state") == "expired"
    assert page.locator(".opsbook-holder-now").count() == 0
    assert page.locator(".opsbook-incident-at").inner_text() == "at 2026-11-23 12:00 UTC"


def test_without_javascript_the_build_time_answer_shows(browser: Browser, site_url: str) -> None:
    reader = Reader(browser, javascript=False)
    try:
        page = reader.page
        page.goto(f"{site_url}/index.html")
        built = page.locator(".opsbook-oncall .opsbook-built").first
        assert built.is_visible()
        text = built.inner_text()
        assert "As of 2026-11-23 12:00 UTC, when the site was built" in text
        assert re.search(r"primary\s+Alice Moreau", text)
        assert page.locator(".opsbook-live").count() == 0
        assert page.locator(".opsbook-built a[href^='tel:+']").count() == 2
    finally:
        reader.close()


def test_runbook_page_live_escalation_and_check_statuses(
    reader: Reader, site_url: str, workspace: Path
) -> None:
    page = reader.page
    instant = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Dave covers Alice's day
    page.clock.install(time=instant)
    page.goto(f"{site_url}/runbooks/profit-aggregate.html")
    holder = page.locator('.opsbook-holder[data-role="primary"]').first
    page.wait_for_function(
        "() => document.querySelector('.opsbook-holder').dataset.state === 'live'"
    )
    expected = holder_names(workspace, instant)
    assert holder.inner_text() == expected["primary"] == "Dave Sharma"
    row = page.locator("tr", has=holder)
    assert row.locator("a[href='tel:+912255550104']").count() == 1
    # Only the on-call names follow the reader's clock, and they say so; the rest of the
    # table (owners, people away, notes) is the build's, and its label keeps that instant.
    assert row.locator(".opsbook-holder-now").inner_text() == (
        f" (on call now, 2026-11-27 07:00 your time, {VIEWER_ZONE})"
    )
    assert page.locator(".opsbook-holder-now").count() == page.locator(".opsbook-holder").count()
    assert page.locator(".opsbook-incident-at").inner_text() == "at 2026-11-23 12:00 UTC"
    # Failing, passing and never-run checks: different words and different colours.
    looks = {}
    for state in ("fail", "pass", "never"):
        badge = page.locator(f".opsbook-check-{state}").first
        looks[state] = (
            badge.inner_text(),
            badge.evaluate("el => getComputedStyle(el).backgroundColor"),
        )
    assert looks["fail"][0] == "✖ FAIL"
    assert looks["pass"][0] == "✔ pass"
    assert looks["never"][0] == "– never run"
    assert len({colour for _, colour in looks.values()}) == 3


def test_the_block_works_from_a_file_url(browser: Browser, site: Path) -> None:
    reader = Reader(browser)
    page = reader.page
    page.clock.install(time=datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    page.goto((site / "schedule.html").as_uri())
    rows = live_rows(page)
    assert rows["primary"][1] == "Bob Smith"
    # From disk the theme's own scripts complain (its search index cannot be fetched
    # from file://); ours must not.
    theirs = [e for e in reader.errors if "oncall.js" not in e]
    reader.errors = [e for e in reader.errors if e not in theirs]
    reader.close()
