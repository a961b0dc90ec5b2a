"""Check results on the pages: each runbook's checks with status, age, reason and the
command, failing runbooks first on the home page, never-run checks told apart."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from opsbook.checks.results_file import read_check_results
from opsbook.errors import InputError
from opsbook.loader import load_workspace
from opsbook.site.check_status import format_age
from opsbook.site.pages import SiteOptions, site_pages

from .conftest import AT, FIXTURES, REPO

RESULTS = FIXTURES / "checks" / "results.json"
Snapshot = Callable[[str, str], None]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    ws = load_workspace(REPO).workspace
    options = SiteOptions(checks=read_check_results(RESULTS), checks_source="build/checks.json")
    return {p.src_uri: p.content for p in site_pages(ws, AT, options).pages}


def row_of(page: str, name: str) -> str:
    (row,) = [line for line in page.splitlines() if line.startswith(f"| [{name}](#query-")]
    return row


def test_the_fixture_fits_the_published_schema() -> None:
    schema = json.loads((REPO / "schemas" / "check-results.schema.json").read_text())
    jsonschema.validate(json.loads(RESULTS.read_text()), schema)


def test_failing_passing_and_never_run_checks_look_different(pages: dict[str, str]) -> None:
    page = pages["runbooks/profit-aggregate.md"]
    failing = row_of(page, "orders-unique")
    passing = row_of(page, "profit-arithmetic")
    never = row_of(page, "costs-attached")
    assert 'class="opsbook-check opsbook-check-fail">✖ FAIL</span>' in failing
    assert "3 h ago (2026-11-23 09:00 UTC)" in failing
    assert "2 rows returned; expected none" in failing
    assert "`opsbook check profit-aggregate --only orders-unique`" in failing
    assert 'class="opsbook-check opsbook-check-pass">✔ pass</span>' in passing
    assert 'class="opsbook-check opsbook-check-never">– never run</span>' in never
    assert "ago" not in never
    warned = row_of(page, "profit-day-over-day")
    assert "opsbook-check-warn" in warned
    assert "2 d ago" in warned
    # The freshness checks of the runbook are listed too, never run in this file.
    assert (
        '| `freshness:agg_profit_daily` | <span class="opsbook-check opsbook-check-never">' in page
    )
    # Under the query itself: its last status and the command.
    section = page[page.index("### `orders-unique`") :]
    section = section[: section.index("```sql")]
    assert "**Last check:** <span" in section
    assert "FAIL</span> 3 h ago" in section
    assert "**Run it:** `opsbook check profit-aggregate --only orders-unique`" in section


def test_home_lists_failing_runbooks_first(pages: dict[str, str]) -> None:
    home = pages["index.md"]
    table = home[home.index("## Runbooks\n") :]
    rows = [line for line in table.splitlines() if line.startswith("| [")]
    assert rows[0].startswith("| [Profit – Aggregate](runbooks/profit-aggregate.md)")
    assert "opsbook-check-fail" in rows[0]
    assert "1 failing" in rows[0]
    assert all("opsbook-check-never" in row for row in rows[1:])
    assert "Checks from `build/checks.json`" in table


def test_without_a_results_file_the_commands_stay_and_no_status_is_invented() -> None:
    ws = load_workspace(REPO).workspace
    page = {p.src_uri: p.content for p in site_pages(ws, AT).pages}["runbooks/profit-aggregate.md"]
    assert "opsbook-check" not in page
    assert "**Run it:** `opsbook check profit-aggregate --only orders-unique`" in page


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=59), "59 min ago"),
        (timedelta(hours=47), "47 h ago"),
        (timedelta(days=3, hours=5), "3 d ago"),
    ],
)
def test_ages(age: timedelta, text: str) -> None:
    assert format_age(age) == text


def test_a_file_that_is_not_check_results_is_refused_with_every_problem(tmp_path: Path) -> None:
    bad = json.loads(RESULTS.read_text())
    bad["results"][0]["status"] = "green"
    del bad["results"][1]["runbook"]
    path = tmp_path / "checks.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(InputError) as caught:
        read_check_results(path)
    message = str(caught.value)
    assert "results.0.status" in message
    assert "'green'" in message.replace('"', "'")
    assert "results.1.runbook" in message
    path.write_text("{not json")
    with pytest.raises(InputError, match=r"checks.json:1:2"):
        read_check_results(path)
