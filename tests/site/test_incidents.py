"""The incidents pages: one per postmortem, each runbook's incidents, and the index with
its inline SVG chart (snapshot-tested, deterministic, escaped), built strict by mkdocs."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.site.incident_chart import ChartPoint, incident_chart
from opsbook.site.incidents_view import incident_views, incidents_index
from opsbook.site.pages import site_pages

from .conftest import REPO, build_ok

WORKSPACE = REPO / "tests" / "fixtures" / "postmortems" / "workspace"
AT = datetime(2026, 11, 28, 12, tzinfo=UTC)
SVG = "{http://www.w3.org/2000/svg}"
STALE = "2026-11-10-events-stale"

Snapshot = Callable[[str, str], None]


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.src_uri: p.content for p in site_pages(load(WORKSPACE), AT).pages}


def chart_of(page: str) -> str:
    start = page.index("<svg ")
    return page[start : page.index("</svg>") + len("</svg>")]


def test_the_index_snapshot(pages: dict[str, str], snapshot: Snapshot) -> None:
    snapshot("incidents-index.md", pages["incidents/index.md"])


def test_the_chart_snapshot(pages: dict[str, str], snapshot: Snapshot) -> None:
    snapshot("incidents-chart.svg", chart_of(pages["incidents/index.md"]) + "\n")


def test_a_postmortem_page_snapshot(pages: dict[str, str], snapshot: Snapshot) -> None:
    snapshot("incident-events-stale.md", pages[f"incidents/{STALE}/index.md"])


def test_the_chart_is_valid_svg_with_a_mark_per_measure(pages: dict[str, str]) -> None:
    root = ET.fromstring(chart_of(pages["incidents/index.md"]))
    assert root.tag == f"{SVG}svg"
    detect = [e for e in root.iter(f"{SVG}circle") if e.get("class") == "detect"]
    resolve = [e for e in root.iter(f"{SVG}rect") if e.get("class") == "resolve"]
    assert len(detect) == 2
    assert len(resolve) == 2
    # Nothing that runs or fetches: no script, no link, no external reference.
    names = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert names <= {"svg", "title", "desc", "rect", "line", "text", "circle"}
    assert not [a for e in root.iter() for a in e.attrib if a.startswith("on") or "href" in a]
    # The hostile title is text: escaped in the SVG, intact once parsed.
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert "Events mart stale <b>& frozen</b>: detected after 1 d 4 h" in titles
    assert "&lt;b&gt;&amp; frozen&lt;/b&gt;" in chart_of(pages["incidents/index.md"])


def test_the_chart_is_the_same_bytes_for_the_same_incidents() -> None:
    ws = load(WORKSPACE)
    first = incidents_index(incident_views(ws, AT.date())).chart
    again = incidents_index(incident_views(load(WORKSPACE), AT.date())).chart
    assert first is not None
    assert first == again
    points = [
        ChartPoint(AT.date(), "b", "B", AT - AT, None),
        ChartPoint(AT.date(), "a", "A", AT - datetime(2026, 11, 27, tzinfo=UTC), None),
    ]
    # Order of the input does not matter; a zero duration still has a place.
    assert incident_chart(points, ["a", "b"]) == incident_chart(points[::-1], ["a", "b"])


def test_the_index_lists_open_actions_by_owner_then_due(pages: dict[str, str]) -> None:
    page = pages["incidents/index.md"]
    section = page.split("## Open action items", 1)[1].split("## All incidents")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    owners = [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]
    assert owners == ["Bob Smith", "Dana Lee", "Dave Sharma"]
    assert "| 2026-12-01 | Review every change to the dbt command &lt;script&gt; |" in section
    # As of 2026-11-28 only Dana's item (due 2026-11-30) is still ahead; none is overdue.
    assert "overdue" not in section
    by_pipeline = page.split("## By pipeline", 1)[1].split("## Open action items")[0]
    assert (
        "| [Events – Daily](../runbooks/events.md) | 1 | 1 d 4 h | 1 h 30 min | 2026-11-10 |"
        in (by_pipeline)
    )
    assert (
        "| [Orders – Hourly](../runbooks/orders.md) | 1 | 2 h | 3 h | 2026-11-25 |" in by_pipeline
    )


def test_a_postmortem_page_links_its_runbook_checks_and_people(pages: dict[str, str]) -> None:
    page = pages[f"incidents/{STALE}/index.md"]
    assert page.splitlines()[4] == "# Events mart stale &lt;b&gt;&amp; frozen&lt;/b&gt;"
    assert "- **Pipelines:** [Events – Daily](../../runbooks/events.md)" in page
    check = "../../runbooks/events.md#query-events-mart-fresh"
    assert f"by check: `events-mart-fresh` of [events]({check})" in page
    assert "| detected | oncall | primary | Bob Smith |" in page
    assert "[events-mart-fresh](../../runbooks/events.md#query-events-mart-fresh)" in page
    assert "([link](https://tickets.example.com/OPS-12))" in page
    assert (
        "- Mart not rebuilt behind a green DAG ([events](../../runbooks/events.md#failure-modes))"
        in page
    )


def test_each_runbook_page_lists_its_incidents(pages: dict[str, str]) -> None:
    events = pages["runbooks/events.md"]
    section = events.split("## Incidents", 1)[1].split("## Review")[0]
    assert f"(../incidents/{STALE}/index.md)" in section
    assert "| sev2 | 1 d 4 h | 1 h 30 min | 3 |" in section
    assert "2026-11-25-orders-late" not in section
    assert "## Incidents" in pages["runbooks/orders.md"]


def test_the_example_site_shows_its_postmortem() -> None:
    ws = load(REPO)
    content = {
        p.src_uri: p.content for p in site_pages(ws, datetime(2026, 12, 6, tzinfo=UTC)).pages
    }
    (name,) = ws.postmortems
    index = content["incidents/index.md"]
    assert f"({name}/index.md)" in index
    assert "**overdue**" in index  # the open item due 2026-11-30
    assert f"../incidents/{name}/index.md" in content["runbooks/engagement-aggregate.md"]
    assert "#query-engagement-mart-fresh" in content[f"incidents/{name}/index.md"]


def test_mkdocs_builds_the_incidents_strict(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs")  # the pages the example's nav lists
    site = build_ok(root / "mkdocs.yml", tmp_path / "site")
    index = (site / "incidents" / "index.html").read_text(encoding="utf-8")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="opsbook-incident-chart"' in index
    assert "<script" not in index.split('class="opsbook-chart"', 1)[1].split("</div>", 1)[0]
    page = (site / "incidents" / STALE / "index.html").read_text(encoding="utf-8")
    assert 'href="../../runbooks/events.html#query-events-mart-fresh"' in page
