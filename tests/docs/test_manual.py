"""The manual under docs/manual/ and the README that leads to it: the README stays a
front door, every manual page is in the example site's navigation (so the strict build
checks its links), and the YAML examples on the kinds page really load."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from opsbook.loader import load_workspace

REPO = Path(__file__).resolve().parents[2]
MANUAL = REPO / "docs" / "manual"
FOLDER_OF_KIND = {
    "Team": "rotation",
    "Rotation": "rotation",
    "TimeOff": "rotation",
    "Overrides": "rotation",
    "OwnershipMatrix": "runbooks",
    "EscalationPolicy": "runbooks",
    "Runbook": "runbooks",
}


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def test_the_readme_is_a_front_door_of_at_most_8000_bytes() -> None:
    assert len((REPO / "README.md").read_bytes()) <= 8000


def test_every_manual_page_is_in_the_example_sites_navigation() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml holds !!python/name tags in some setups; only the nav is read here.
    nav = YAML(typ="safe", pure=True).load(config)["nav"]
    listed = set(re.findall(r"manual/[\w./-]+\.md", str(nav)))
    pages = {f"manual/{p.relative_to(MANUAL).as_posix()}" for p in MANUAL.rglob("*.md")}
    assert pages <= listed, sorted(pages - listed)


def test_the_kinds_page_shows_every_kind_with_an_example_that_loads(tmp_path: Path) -> None:
    page = (MANUAL / "kinds.md").read_text(encoding="utf-8")
    kinds_shown: list[str] = []
    for block in yaml_blocks(page):
        kind = re.search(r"^kind: (\w+)$", block, flags=re.MULTILINE)
        if kind is None or "spec: {}" in block:  # the envelope alone, not an example
            continue
        kinds_shown.append(kind.group(1))
        if kind.group(1) == "Workspace":
            target = tmp_path / "opsbook.yaml"
        else:
            target = tmp_path / FOLDER_OF_KIND[kind.group(1)] / f"{kind.group(1).lower()}.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(block, encoding="utf-8")
    assert sorted(kinds_shown) == sorted([*FOLDER_OF_KIND, "Workspace"])
    result = load_workspace(tmp_path)
    assert [d.format() for d in result.diagnostics] == []
    assert result.workspace.time_off
    assert result.workspace.overrides
