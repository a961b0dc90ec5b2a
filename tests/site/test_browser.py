"""The built site in a real browser: headless Debian Chromium driven by Playwright,
over a loopback HTTP server, as a reader would open it."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import AT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow

if shutil.which(CHROMIUM) is None:  # `make test` installs it (system-deps)
    pytest.fail(f"{CHROMIUM} is missing: run `make system-deps`", pytrace=False)

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def site_url(scheduled_site: Path) -> Iterator[str]:
    yield from serve(scheduled_site)


@pytest.fixture(scope="module")
def xss_url(xss_site: Path) -> Iterator[str]:
    yield from serve(xss_site)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Nothing may leave the machine: any request to another host fails the test.
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith("http://127.0.0.1") else None
        ),
    )
    yield page
    context.close()
    assert not outside, f"the page fetched {outside}"


def test_runbook_sql_is_a_code_block_with_a_copy_button(
    page: Page, site_url: str, tmp_path: Path
) -> None:
    page.goto(f"{site_url}/runbooks/profit-aggregate.html")
    block = page.locator("#query-orders-unique ~ div.highlight").first
    block.wait_for()
    assert "SELECT order_id, COUNT(*) AS copies" in block.locator("code").inner_text()
    # The theme adds the copy button with JavaScript once the page has loaded.
    button = block.locator("button[data-md-type=copy]")
    button.wait_for(state="attached")
    assert button.get_attribute("title") == "Copy to clipboard"
    target = button.get_attribute("data-clipboard-target")
    assert target is not None
    assert "AS copies" in page.locator(target).inner_text()
    assert page.locator("code .k", has_text="SELECT").count() > 0  # highlighted
    block.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "runbook.png"), full_page=False)
    assert (tmp_path / "runbook.png").stat().st_size > 10_000


def test_search_finds_a_runbook_by_a_word_of_its_failure_modes(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    # "watermark" appears only in profit-aggregate's failure modes.
    page.locator("input.md-search__input").click()
    page.keyboard.type("watermark", delay=30)  # keystrokes, as the search box expects
    result = page.locator(".md-search-result__item a").first
    result.wait_for(timeout=20_000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert any("runbooks/profit-aggregate.html" in href for href in hrefs), hrefs


def test_schedule_page_lists_the_current_primary(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/schedule.html")
    row = page.locator("table tr", has_text="(now)").first
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "2026-11-23 (now)"
    assert cells[2].startswith("Alice Moreau")  # primary, before Dave's cover
    assert "Dave Sharma covers" in cells[2]
    assert cells[3] == "Carol Okafor"
    # The home page's block names the holders at the reader's clock: read it at the
    # build's instant.
    page.clock.install(time=AT)
    home = page.goto(f"{site_url}/index.html")
    assert home is not None
    assert home.ok
    on_call = page.locator("table tr", has_text="primary").first.locator("td").all_inner_texts()
    assert on_call[:2] == ["primary", "Alice Moreau"]


def test_an_html_laden_title_is_text_and_injects_nothing(
    page: Page, xss_url: str, tmp_path: Path
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    errors: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if _is_error(message) else None,
    )
    page.goto(f"{xss_url}/runbooks/xss-runbook.html")
    page.wait_for_load_state("networkidle")
    heading = page.locator("article h1").inner_text()
    assert heading.startswith("<script>alert(1)</script> </div> *_[x](javascript:alert(1))|")
    assert "</title><script>alert(8)</script>" in heading
    assert page.title().startswith("<script>alert(1)</script>")
    injected = injected_elements(page)
    assert injected == {"scripts": 0, "handlers": 0, "jsLinks": 0, "foreign": 0}
    tags = page.locator(".md-tag").all_inner_texts()
    assert "<b>tag</b>" in tags
    # The failure-mode row stays one row of four cells.
    row = page.locator("table tr", has_text="break").first
    assert row.locator("td").all_inner_texts() == [
        "</td><td>break",
        "a | b | c",
        "[link](http://evil.example)",
        "![img](http://evil.example/x.png)",
    ]
    page.screenshot(path=str(tmp_path / "xss.png"), full_page=True)
    assert not dialogs
    assert not errors, errors


MALLORY = "Mallory <img src=x onerror=alert(3)>"


@pytest.mark.parametrize(
    ("path", "literal"),
    [
        ("index.html", MALLORY),
        ("runbooks/index.html", MALLORY),
        ("ownership.html", MALLORY),
        ("escalation.html", "Standard <script>alert(7)</script>"),
        ("team.html", "</td></tr></table><script>alert(5)</script>"),
    ],
)
def test_every_page_of_the_xss_workspace_injects_nothing(
    page: Page, xss_url: str, path: str, literal: str
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(f"{xss_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert injected_elements(page) == {"scripts": 0, "handlers": 0, "jsLinks": 0, "foreign": 0}
    assert literal in page.locator("article").inner_text()
    assert not dialogs


def test_action_item_links_open_no_script_however_spelled(page: Page, xss_url: str) -> None:
    # Each action item's link hides `javascript:` or `data:` behind a character
    # reference, a space or a tab; only the plain ticket URL may become a link.
    page.goto(f"{xss_url}/incidents/2026-11-20-xss-links/index.html")
    page.wait_for_load_state("networkidle")
    # `protocol` is the scheme the browser parsed from the decoded href: what a click opens.
    opened = page.locator("article a[href]").evaluate_all(
        "links => links.map(a => [a.protocol, a.href])"
    )
    assert [protocol for protocol, _ in opened if protocol not in ("http:", "https:")] == []
    assert ["https:", "https://tickets.example.com/?a=1&b=&#58;"] in opened


def injected_elements(page: Page) -> dict[str, int]:
    """Elements the page would have only if some YAML string had become HTML."""
    counts: dict[str, int] = page.evaluate(
        """() => ({
            // Data blocks (type application/json) never run; every other script must
            // be the theme's or opsbook's own, never text from the YAML.
            scripts: [...document.scripts].filter(s => s.type !== 'application/json'
                && s.textContent.includes('alert')).length,
            handlers: [...document.querySelectorAll('*')].filter(
                el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: [...document.querySelectorAll('a[href]')].filter(
                a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript')).length,
            foreign: document.querySelectorAll(
                'article img, article svg:not(.md-icon svg), article iframe, article u, '
                + 'article b, article i, article h1 h1, article td table').length,
        })"""
    )
    return counts


def _is_error(message: ConsoleMessage) -> bool:
    return message.type == "error"
