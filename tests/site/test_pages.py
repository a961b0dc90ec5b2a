"""The generated Markdown: snapshots of the pages people read during an incident, and
the behaviour around them (no plan yet, reviews, template overrides, determinism)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from opsbook.lint import all_rules
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.site.pages import SiteContent, SiteOptions, site_pages

from .conftest import AT, FIXTURES, REPO, copy_example

if TYPE_CHECKING:
    from tests.conftest import Snapshot


def load(root: Path) -> Workspace:
    result = load_workspace(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.workspace


def pages_of(root: Path, **options: object) -> dict[str, str]:
    content = site_pages(load(root), AT, SiteOptions(**options))  # type: ignore[arg-type]
    return {page.src_uri: page.content for page in content.pages}


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    return pages_of(REPO)


@pytest.fixture(scope="module")
def scheduled_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("pages") / "ws", with_schedule=True)


def test_runbook_page_snapshot(scheduled_root: Path, snapshot: Snapshot) -> None:
    page = pages_of(scheduled_root)["runbooks/profit-aggregate.md"]
    snapshot("runbook-profit-aggregate.md", page)


def test_ownership_page_snapshot(example_pages: dict[str, str], snapshot: Snapshot) -> None:
    snapshot("ownership.md", example_pages["ownership.md"])


def test_schedule_page_snapshot(scheduled_root: Path, snapshot: Snapshot) -> None:
    snapshot("schedule.md", pages_of(scheduled_root)["schedule.md"])


def test_the_same_inputs_give_the_same_bytes(scheduled_root: Path) -> None:
    first = site_pages(load(scheduled_root), AT)
    second = site_pages(load(scheduled_root), AT)
    assert first == second


def test_every_runbook_has_a_page_with_its_sections(example_pages: dict[str, str]) -> None:
    ws = load(REPO)
    for name, runbook in ws.runbooks.items():
        page = example_pages[f"runbooks/{name}.md"]
        for heading in ("Purpose", "Owners", "Escalation", "Failure modes", "Recovery"):
            assert f"\n## {heading}\n" in page
        for query in runbook.spec.validation:
            assert f"{{ #query-{query.name} }}" in page
            # SQL is written verbatim inside a sql fence.
            assert f"```sql\n{query.sql.rstrip()}\n```" in page


def test_without_a_lock_home_and_schedule_say_to_plan(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws")
    for lock in (root / "rotation").glob("*.lock.yaml"):
        lock.unlink()
    pages = pages_of(root)
    for uri in ("index.md", "schedule.md"):
        assert '!!! warning "No schedule planned yet: run `opsbook plan`"' in pages[uri]
    assert "| Role | On call |" not in pages["index.md"]


def test_home_shows_who_is_on_call_and_the_next_handoff(scheduled_root: Path) -> None:
    home = pages_of(scheduled_root)["index.md"]
    # HTML, so the live script can take it over (see test_live_browser).
    assert "<tr><td>primary</td><td><strong>Alice Moreau</strong></td>" in home
    assert "<tr><td>secondary</td><td><strong>Carol Okafor</strong></td>" in home
    assert (
        "<p>Next handoff <strong>2026-11-30 09:00 GMT</strong>: primary Bob Smith, "
        "secondary Alice Moreau</p>"
    ) in home
    # The team's override of the home template keeps the shipped page around its block.
    assert "During an incident: find the pipeline under **Runbooks**" in home
    assert "calendars/rotations/data-eng-oncall.ics" in home


def test_runbooks_needing_review_are_listed_on_the_home_page(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws")
    late = AT + timedelta(days=70)  # past profit-unit-level's and others' due dates
    home = {p.src_uri: p.content for p in site_pages(load(root), late).pages}["index.md"]
    section = home.split("## Runbooks needing review")[1].split("## Calendars")[0]
    assert "[Profit – Unit-level](runbooks/profit-unit-level.md)" in section
    assert "overdue since 2027-01-03" in section


def test_escalation_resolves_to_people_as_of_the_build(scheduled_root: Path) -> None:
    page = pages_of(scheduled_root)["runbooks/profit-aggregate.md"]
    # The on-call holder is marked for the live script, which names the holder at the
    # reader's clock; the build's answer stays inside for readers without JavaScript.
    assert (
        '|  | on-call primary of Data Engineering on-call | <span class="opsbook-holder" '
        'data-rotation="data-eng-oncall" data-role="primary">Alice Moreau</span> | '
        '<span class="opsbook-reach" data-role="primary">[\\+33 1 55 50 01 01](tel:+33155500101)'
    ) in page
    assert (
        "| +0m | the pipeline's primary owner | Bob Smith | [\\+1 415 555 0102](tel:+14155550102)"
        in page
    )


def test_one_page_per_lint_rule_from_its_docstring(example_pages: dict[str, str]) -> None:
    for rule in all_rules():
        page = example_pages[f"rules/{rule.code}/index.md"]
        assert page.startswith(f"# {rule.code} {rule.name}\n\n{rule.summary}\n")
        assert rule.body in page
    assert example_pages["rules/index.md"].count("](OB") == len(all_rules())


def test_prefix_puts_every_page_in_a_folder() -> None:
    content = site_pages(load(REPO), AT, SiteOptions(prefix="/ops/"))
    assert all(p.src_uri.startswith("ops/") for p in content.pages)
    assert all(a.src_uri.startswith(("ops/calendars/", "ops/assets/")) for a in content.assets)
    assert content.nav[0] == {"Home": "ops/index.md"}


def test_past_nav_runbooks_the_table_of_runbooks_leads_to_them() -> None:
    ws = load(REPO)
    names = sorted(ws.runbooks)
    listed = site_pages(ws, AT, SiteOptions(nav_runbooks=len(names)))
    runbooks_nav = next(e for e in listed.nav if "Runbooks" in e)["Runbooks"]
    assert [f"runbooks/{n}.md" for n in names] == sorted(runbooks_nav[1:])
    assert all(p.in_nav for p in listed.pages if p.src_uri.startswith("runbooks/"))

    lean = site_pages(ws, AT, SiteOptions(nav_runbooks=len(names) - 1))
    assert [e for e in lean.nav if "Runbooks" in e] == [
        {"Runbooks": [{"All runbooks": "runbooks/index.md"}]}
    ]
    pages = {p.src_uri: p for p in lean.pages}
    for name in names:
        # Built and reached from the table, out of the nav, and otherwise the same page.
        assert not pages[f"runbooks/{name}.md"].in_nav
        assert f"]({name}.md)" in pages["runbooks/index.md"].content
    assert [p.content for p in lean.pages] == [p.content for p in listed.pages]


def test_a_team_template_replaces_the_shipped_one(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "team.md.j2").write_text(
        "# Our people\n\n{% for view in teams %}{{ view.team.metadata.display }}{% endfor %}\n",
        encoding="utf-8",
    )
    pages = pages_of(REPO, templates=templates)
    assert pages["team.md"] == "# Our people\n\nData Engineering\n"


def test_edit_links_come_from_opsbook_yaml(tmp_path: Path) -> None:
    content: SiteContent = site_pages(load(REPO), AT)
    runbook = next(p for p in content.pages if p.src_uri == "runbooks/profit-aggregate.md")
    assert runbook.edit_url == (
        "https://git.example.com/data/opsbook/edit/main/runbooks/profit-aggregate.yaml"
    )
    ws = load(REPO)
    assert ws.settings is not None
    no_repo = replace(
        ws,
        settings=ws.settings.model_copy(
            update={
                "spec": ws.settings.spec.model_copy(
                    update={
                        "site": ws.settings.spec.site.model_copy(
                            update={"repo_url": "javascript:alert(1)"}
                        )
                    }
                )
            }
        ),
    )
    page = next(
        p for p in site_pages(no_repo, AT).pages if p.src_uri == "runbooks/profit-aggregate.md"
    )
    assert page.edit_url is None
    assert "javascript" not in page.content


def test_xss_strings_are_escaped_in_the_markdown(tmp_path: Path) -> None:
    root = tmp_path / "xss"
    shutil.copytree(FIXTURES / "xss", root)
    page = pages_of(root)["runbooks/xss-runbook.md"]
    title = page.split("\n# ", 1)[1].split("\n", 1)[0]
    for syntax in ("<", "[", "|", "*"):
        assert syntax not in title.replace("\\*", ""), syntax
    assert "<script>" not in page.replace("</code></pre><script>alert(12)</script>", "")
    # The recovery SQL holds three and four backticks: its fence has five.
    assert "    `````sql\n    SELECT '```' AS fence, '````' AS longer\n" in page


def test_team_page_lists_time_off_by_date_with_contact_and_subscribe_links(
    scheduled_root: Path,
) -> None:
    page = pages_of(scheduled_root)["team.md"]
    section = page[page.index("### Time off to come") :]
    starts = [line.split(" | ")[0].removeprefix("| ") for line in section.splitlines()[6:]]
    starts = [s for s in starts if s[:4].isdigit()]
    assert starts == sorted(starts)
    assert len(starts) >= 2
    assert "[@alice](https://chat.example.com/u/alice)" in page
    assert "(webcal://ops.example.com/calendars/members/alice.ics){ .md-button }" in page


def test_home_page_shows_who_is_away_in_the_next_four_weeks(scheduled_root: Path) -> None:
    ws = load(scheduled_root)
    home = pages_of(scheduled_root)["index.md"]
    section = home[home.index("## Away in the next four weeks") :]
    section = section[: section.index("\n## ")]
    rows = [line for line in section.splitlines() if line.startswith("| 20")]
    assert rows, section
    last = (AT + timedelta(days=27)).date().isoformat()
    assert all(row.split(" | ")[0][2:] <= last for row in rows)
    # Every time off overlapping the four weeks is there, by date.
    for doc in ws.time_off:
        for entry in doc.spec.entries:
            if entry.start.isoformat() <= last and entry.end >= AT.date():
                assert f"| {entry.start} | {entry.end} |" in section
    assert [r.split(" | ")[0] for r in rows] == sorted(r.split(" | ")[0] for r in rows)


def test_site_title_from_the_workspace_setting_else_the_team(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws")
    assert pages_of(root)["index.md"].startswith("# Data Engineering operations\n")
    settings = (root / "opsbook.yaml").read_text()
    (root / "opsbook.yaml").write_text(
        settings.replace("    title: Data Engineering operations\n", "")
    )
    assert pages_of(root)["index.md"].startswith("# Data Engineering\n")


def test_home_page_snapshot(scheduled_root: Path, snapshot: Snapshot) -> None:
    snapshot("home.md", pages_of(scheduled_root)["index.md"])


def test_team_page_snapshot(scheduled_root: Path, snapshot: Snapshot) -> None:
    snapshot("team.md", pages_of(scheduled_root)["team.md"])


def test_built_in_mkdocs_config_takes_the_workspace_title(tmp_path: Path) -> None:
    import json

    from opsbook.site.build import default_config

    root = copy_example(tmp_path / "ws")
    assert json.loads(default_config(root, tmp_path))["site_name"] == "Data Engineering operations"
    settings = (root / "opsbook.yaml").read_text()
    (root / "opsbook.yaml").write_text(
        settings.replace("    title: Data Engineering operations\n", "")
    )
    # No site.title: the team's title, not the folder's name.
    assert json.loads(default_config(root, tmp_path))["site_name"] == "Data Engineering"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert json.loads(default_config(empty, tmp_path))["site_name"] == "empty operations"
