"""The incidents page in headless Chromium: the chart is drawn from the page alone,
nothing is fetched from elsewhere, hostile titles stay text, links lead to the
postmortem."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page

from .conftest import REPO, build_ok

# The browser, and a page that fails the test on any request leaving the machine.
from .test_browser import browser, page, serve  # noqa: F401

pytestmark = pytest.mark.slow

WORKSPACE = REPO / "tests" / "fixtures" / "postmortems" / "workspace"


@pytest.fixture(scope="module")
def incidents_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("incidents") / "ws"
    shutil.copytree(WORKSPACE, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")  # the pages the example's nav lists
    yield from serve(build_ok(root / "mkdocs.yml", root.parent / "site"))


def test_the_incidents_page_draws_its_chart_and_leads_to_each_postmortem(
    page: Page,  # noqa: F811 (the fixture imported above)
    incidents_url: str,
    tmp_path: Path,
) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.goto(f"{incidents_url}/incidents/index.html")
    page.wait_for_load_state("networkidle")
    chart = page.locator("article svg.opsbook-incident-chart")
    chart.wait_for()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 100
    assert chart.locator("circle.detect").count() == 2
    assert chart.locator("rect.resolve").count() == 2
    # The browser reads the escaped title back as the literal text.
    tooltips = chart.locator("circle.detect title").all_text_contents()
    assert "Events mart stale <b>& frozen</b>: detected after 1 d 4 h" in tooltips
    injected = page.evaluate(
        """() => ({
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert')).length,
            bold: document.querySelectorAll('article b, article script').length,
            svgs: document.querySelectorAll(
                'article svg:not(.opsbook-incident-chart):not(.md-icon svg)').length,
        })"""
    )
    assert injected == {"scripts": 0, "bold": 0, "svgs": 0}
    rows = page.locator("xpath=//h2[@id='open-action-items']/following::table[1]//tbody/tr")
    owners = [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())]
    assert owners == ["Bob Smith", "Dana Lee", "Dave Sharma"]
    page.screenshot(path=str(tmp_path / "incidents.png"), full_page=True)
    assert (tmp_path / "incidents.png").stat().st_size > 10_000
    page.locator("article a", has_text="Orders files late").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/incidents/2026-11-25-orders-late/index.html")
    assert page.locator("article h1").inner_text().startswith("Orders files late")
    assert not dialogs
    assert not errors, errors
