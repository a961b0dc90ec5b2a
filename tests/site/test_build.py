"""Real mkdocs builds: the example site in strict mode, offline, failing on bad YAML with
the loader's located message, and `opsbook site build` without an mkdocs.yml."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.loader import load_workspace
from opsbook.schedule.effective import on_call_at

from .conftest import AT, AT_ISO, FIXTURES, REPO, build_ok, copy_example, mkdocs_build


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own mkdocs.yml, built strictly into a temporary folder."""
    docs_before = tree(REPO / "docs")
    site = build_ok(REPO / "mkdocs.yml", tmp_path_factory.mktemp("example") / "site")
    assert tree(REPO / "docs") == docs_before, "the build wrote into docs_dir"
    return site


def test_the_example_site_builds_strictly_with_every_page(example_site: Path) -> None:
    for page in (
        "index.html",
        "about.html",
        "schedule.html",
        "team.html",
        "ownership.html",
        "escalation.html",
        "runbooks/index.html",
        "rules/index.html",
        "rules/OB101/index.html",
    ):
        assert (example_site / page).is_file(), page
    for runbook in (REPO / "runbooks").glob("*.yaml"):
        if "kind: Runbook" in runbook.read_text(encoding="utf-8"):
            assert (example_site / "runbooks" / f"{runbook.stem}.html").is_file()
    assert "Alice Moreau" in (example_site / "team.html").read_text(encoding="utf-8")


def test_a_site_with_more_runbooks_than_nav_runbooks_lists_only_the_table(
    tmp_path: Path,
) -> None:
    ws = copy_example(tmp_path / "ws")
    config = (ws / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - opsbook:\n" in config
    (ws / "mkdocs.yml").write_text(
        config.replace("  - opsbook:\n", "  - opsbook:\n      nav_runbooks: 1\n", 1),
        encoding="utf-8",
    )
    site = build_ok(ws / "mkdocs.yml", tmp_path / "site")  # strict: no nav warnings
    index = (site / "runbooks" / "index.html").read_text(encoding="utf-8")
    page = (site / "runbooks" / "profit-aggregate.html").read_text(encoding="utf-8")
    assert 'href="growth-daily.html"' in index  # the table links every runbook
    # No page carries a link per runbook in its navigation any more.
    assert 'href="growth-daily.html"' not in page
    assert 'href="../runbooks/growth-daily.html"' not in (site / "team.html").read_text(
        encoding="utf-8"
    )
    # The Runbooks section is the table of runbooks (navigation.indexes).
    assert '<a href="index.html" class="md-nav__link' in page


def test_calendars_are_copied_into_the_site(example_site: Path) -> None:
    feed = example_site / "calendars" / "rotations" / "data-eng-oncall.ics"
    assert feed.read_bytes().startswith(b"BEGIN:VCALENDAR")
    for member in ("alice", "bob", "carol", "dave"):
        assert (example_site / "calendars" / "members" / f"{member}.ics").is_file()
    schedule = (example_site / "schedule.html").read_text(encoding="utf-8")
    assert 'href="calendars/rotations/data-eng-oncall.ics"' in schedule


class _Assets(HTMLParser):
    """Every URL the browser would fetch on its own while loading a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed"):
            self.fetched.append(values.get("src") or "")
        if tag == "link" and values.get("rel") not in ("canonical", "alternate", None):
            self.fetched.append(values.get("href") or "")
        if tag == "object":
            self.fetched.append(values.get("data") or "")


def test_the_site_fetches_nothing_from_the_internet(example_site: Path) -> None:
    external = re.compile(r"^(https?:)?//", re.IGNORECASE)
    pages = list(example_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.fetched, page  # the theme's own scripts and styles are there
        offending = [url for url in parser.fetched if external.match(url)]
        assert not offending, f"{page} loads {offending}"
    for css in example_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), css
        assert not re.search(r"url\(\s*['\"]?https?://", text), css


def test_the_example_schedule_shows_who_is_on_call_now(example_site: Path) -> None:
    ws = load_workspace(REPO).workspace
    schedule = (example_site / "schedule.html").read_text(encoding="utf-8")
    home = (example_site / "index.html").read_text(encoding="utf-8")
    for name in ws.rotations:
        holders = {piece.role: piece.member for piece in on_call_at(ws, name, AT)}
        if name not in ws.locks:
            # A rotation nobody has planned yet says so instead of an empty table.
            assert "No schedule planned yet: run <code>opsbook plan</code>" in schedule
            continue
        primary = ws.member(holders["primary"] or "")
        assert primary is not None, f"{name} has no primary at {AT}"
        now_row = schedule.split("(now)", 1)[1].split("</tr>", 1)[0]
        assert primary.name in now_row
        assert f"<strong>{primary.name}</strong>" in home


def test_runbook_pages_edit_their_yaml(example_site: Path) -> None:
    page = (example_site / "runbooks" / "profit-aggregate.html").read_text(encoding="utf-8")
    edit = "https://git.example.com/data/opsbook/edit/main/runbooks/profit-aggregate.yaml"
    # The theme's edit button and the page's own link both open the YAML.
    assert page.count(f'href="{edit}"') >= 2
    assert "edit/main/docs/runbooks" not in page


def test_a_broken_runbook_stops_the_strict_build_with_its_location(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    runbook = ws / "runbooks" / "growth-daily.yaml"
    text = runbook.read_text(encoding="utf-8")
    runbook.write_text(text.replace("tier: experiment", "tier: experimental"), encoding="utf-8")
    line = 1 + text.split("tier: experiment")[0].count("\n")
    result = mkdocs_build(ws / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert f"runbooks/growth-daily.yaml:{line}:" in result.stderr
    assert "spec.tier" in result.stderr
    assert "experimental" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_hand_written_page_in_the_way_is_refused(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    (ws / "docs" / "team.md").write_text("# Ours\n", encoding="utf-8")
    result = mkdocs_build(ws / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "team.md exists, but the opsbook plugin generates that page" in result.stderr
    assert "prefix" in result.stderr


def test_a_team_site_with_its_own_pages_and_nav_adopts_the_plugin(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    (ws / "docs" / "index.md").write_text("# Our handbook\n", encoding="utf-8")
    (ws / "mkdocs.yml").write_text(
        "site_name: Handbook\n"
        "docs_dir: docs\n"
        "theme: {name: material, font: false}\n"
        "nav: [index.md, about.md, {Ops: [ops/index.md, ops/team.md]}]\n"
        "plugins:\n"
        "  - search\n"
        "  - opsbook: {prefix: ops, at: '2026-12-01T12:00:00+00:00'}\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    result = mkdocs_build(ws / "mkdocs.yml", site, at=None)
    assert result.returncode == 0, result.stderr
    assert "Our handbook" in (site / "index.html").read_text(encoding="utf-8")
    home = (site / "ops" / "index.html").read_text(encoding="utf-8")
    assert "<strong>2026-12-01 12:00 UTC</strong>" in home  # the plugin's `at`
    # The team's nav first, then the generated pages it does not mention.
    assert home.index("Our handbook") < home.index("Escalation policies") < home.index("<article")
    assert 'href="../runbooks/profit-aggregate/"' not in home
    assert (site / "ops" / "runbooks" / "profit-aggregate" / "index.html").is_file()
    assert (site / "ops" / "calendars" / "rotations" / "data-eng-oncall.ics").is_file()
    # OPSBOOK_AT wins over the plugin's `at`.
    assert mkdocs_build(ws / "mkdocs.yml", site).returncode == 0
    home = (site / "ops" / "index.html").read_text(encoding="utf-8")
    assert "<strong>2026-11-23 12:00 UTC</strong>" in home


def test_a_broken_team_template_stops_the_build_with_its_location(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    (ws / "site_templates" / "team.md.j2").write_text("# Team\n\n{% if %}\n", encoding="utf-8")
    result = mkdocs_build(ws / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "opsbook: template error: " in result.stderr
    assert "site_templates/team.md.j2:3:" in result.stderr


def test_a_bad_instant_stops_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = copy_example(tmp_path / "ws")
    monkeypatch.setenv("OPSBOOK_AT", AT_ISO)
    code = main(["site", "build", "--root", str(ws), "--at", "next tuesday"])
    assert code == 2  # a usage error, before anything is built
    monkeypatch.setenv("OPSBOOK_AT", "next tuesday")
    code = main(["site", "build", "--root", str(ws), "--site-dir", str(tmp_path / "s")])
    assert code == 1
    assert not (tmp_path / "s" / "index.html").exists()


def test_site_build_needs_no_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSBOOK_AT", AT_ISO)  # restored after the CLI sets it from --at
    ws = tmp_path / "xss"
    shutil.copytree(FIXTURES / "xss", ws)
    site = tmp_path / "out"
    code = main(["site", "build", "--root", str(ws), "--site-dir", str(site), "--at", AT_ISO])
    assert code == 0
    assert f"site built in {site}" in capsys.readouterr().out
    assert (site / "runbooks" / "xss-runbook.html").is_file()
    assert not (ws / "docs").exists()
    assert not (ws / "mkdocs.yml").exists()


def test_site_build_reports_workspace_problems_and_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSBOOK_AT", AT_ISO)
    ws = copy_example(tmp_path / "ws")
    team = ws / "rotation" / "team.yaml"
    team.write_text(
        team.read_text(encoding="utf-8").replace("Europe/Paris", "Europe/Pariss"),
        encoding="utf-8",
    )
    code = main(["site", "build", "--root", str(ws), "--site-dir", str(tmp_path / "s")])
    assert code == 1
    err = capsys.readouterr().err
    assert "rotation/team.yaml:" in err
    assert "unknown time zone 'Europe/Pariss'" in err


def test_check_results_that_do_not_fit_their_schema_stop_the_build(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    settings = ws / "opsbook.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "    title: Data Engineering operations\n",
            "    title: Data Engineering operations\n    checks: build/checks.json\n",
        ),
        encoding="utf-8",
    )
    (ws / "build").mkdir()
    (ws / "build" / "checks.json").write_text('{"results": [{"runbook": 1}]}', encoding="utf-8")
    result = mkdocs_build(ws / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "not the results of `opsbook check --out`" in result.stderr
    assert "results.0.runbook" in result.stderr
    assert "db: Field required" in result.stderr
