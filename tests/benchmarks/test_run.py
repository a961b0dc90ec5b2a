"""benchmarks/run.py: how runs are shared out, targets judged, the report written, and
the plain-Markdown twin of the site the mkdocs peer builds. Nothing here is timed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from ruamel.yaml import YAML

from opsbook.loader import load_workspace
from opsbook.site.pages import site_pages


@pytest.fixture
def run(run_script: ModuleType) -> ModuleType:
    return run_script


def test_every_row_gets_its_runs_when_they_fit(run: ModuleType) -> None:
    assert run.allocate([1.0, 2.0, 0.1], 5, 100.0) == [5, 5, 5]


def test_the_costliest_rows_step_down_to_three_then_one(run: ModuleType) -> None:
    # 5 runs of everything: 5 * 66.1 s; the 60 s row alone cannot fit five times.
    assert run.allocate([60.0, 5.0, 1.1], 5, 250.0) == [3, 5, 5]
    assert run.allocate([60.0, 5.0, 1.1], 5, 100.0) == [1, 5, 5]
    assert run.allocate([60.0, 50.0, 1.0], 5, 120.0) == [1, 1, 5]


def test_out_of_budget_a_row_keeps_its_warm_up_only(run: ModuleType) -> None:
    assert run.allocate([60.0, 50.0, 1.0], 5, 10.0) == [0, 0, 5]
    assert run.allocate([60.0, 50.0, 1.0], 5, -3.0) == [0, 0, 0]


def test_fewer_runs_than_three_never_go_up(run: ModuleType) -> None:
    assert run.allocate([10.0, 10.0], 1, 20.0) == [1, 1]
    assert run.allocate([10.0, 10.0], 2, 30.0) == [1, 2]


@pytest.mark.parametrize(
    ("kind", "limit", "median", "ratio", "met"),
    [
        ("ratio", 3, 0.06, 2.9, True),
        ("ratio", 3, 0.07, 3.1, False),
        ("ratio", 1, 9.0, 1.0, True),
        ("overhead", 0.5, 60.0, 1.49, True),
        ("overhead", 0.5, 60.0, 1.5, False),
        ("seconds", 2, 1.99, None, True),
        ("seconds", 1, 1.0, None, False),
    ],
)
def test_targets(
    run: ModuleType, kind: str, limit: float, median: float, ratio: float | None, met: bool
) -> None:
    assert run.Target(kind, limit).met(median, ratio) is met


def test_the_report_replaces_only_what_is_between_the_markers(
    run: ModuleType, tmp_path: Path
) -> None:
    page = tmp_path / "BENCHMARKS.md"
    page.write_text(f"# Head\n{run.BEGIN}\nold table\n{run.END}\n## Tail\n", encoding="utf-8")
    run.write_between_markers(page, "new table\n")
    assert page.read_text(encoding="utf-8") == (
        f"# Head\n{run.BEGIN}\nnew table\n{run.END}\n## Tail\n"
    )
    page.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(run.BenchError):
        run.write_between_markers(page, "x")


def test_the_plain_site_has_every_page_the_plugin_generates(
    run: ModuleType, small_org: tuple[Path, str], tmp_path: Path
) -> None:
    root, at = small_org
    plain = tmp_path / "plain"
    pages = run.write_plain_site(root, plain, datetime.fromisoformat(at))
    generated = site_pages(load_workspace(root).workspace, datetime.fromisoformat(at)).pages
    assert pages == len(generated) > 30
    for page in generated:
        assert (plain / "docs" / page.src_uri).read_text(encoding="utf-8") == page.content
    assert (plain / "docs" / "about.md").is_file()
    config = YAML(typ="safe").load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "opsbook" not in str(config["plugins"])
    assert config["theme"]["name"] == "material"
    assert config["nav"][-1] == "about.md"
