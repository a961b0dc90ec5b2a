"""The README's quick start, run exactly as written: its shell blocks are read out of
README.md and run in a temporary folder with the installed `opsbook`, with the one
step a person does by hand in between (putting their own people in the team file).
It must end with a built site and a `who` answer naming the new team's people."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from opsbook.cli.entry import main
from opsbook.cli.init_cmd import next_steps

REPO = Path(__file__).resolve().parents[2]
# The people a new team puts in rotation/team.yaml, for the scaffold's placeholders.
OWN_PEOPLE = {
    "first-engineer": "noor",
    "First Engineer": "Noor Haddad",
    "second-engineer": "ines",
    "Second Engineer": "Inès Duarte",
    "third-engineer": "kofi",
    "Third Engineer": "Kofi Mensah",
}


def quick_start_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```sh\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)


def run_block(block: str, cwd: Path) -> tuple[str, Path]:
    """Run one README block in bash, stopping at the first failing command; returns its
    output and the folder it ended in (a block may `cd`)."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("OPSBOOK_AT", None)
    script = f"set -euo pipefail\n{block}\npwd >&2\n"
    done = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
    return done.stdout, Path(done.stderr.strip().splitlines()[-1])


def put_own_people(workspace: Path) -> None:
    for name in ("rotation/team.yaml", "runbooks/ownership.yaml"):
        path = workspace / name
        text = path.read_text(encoding="utf-8")
        for placeholder, own in OWN_PEOPLE.items():
            text = text.replace(placeholder, own)
        path.write_text(text, encoding="utf-8")


def test_the_readme_quick_start_reaches_a_built_site_and_a_who_answer(tmp_path: Path) -> None:
    create, use = quick_start_blocks()
    assert "opsbook init" in create
    assert all(f"opsbook {command}" in use for command in ("plan", "who", "site build"))
    _, workspace = run_block(create, tmp_path)
    put_own_people(workspace)
    output, _ = run_block(use, workspace)
    who = output.split("On call at", 1)[1]
    assert any(name in who for name in ("Noor Haddad", "Inès Duarte", "Kofi Mensah")), who
    assert (workspace / "site" / "index.html").is_file()
    assert "Kofi Mensah" in (workspace / "site" / "team.html").read_text(encoding="utf-8")


def test_init_writes_every_kind_with_a_schema_line(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "ops"), "--team", "ops"]) == 0
    kinds = {}
    for path in sorted((tmp_path / "ops").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema="), path
        kinds[re.search(r"^kind: (\w+)$", text, flags=re.MULTILINE)[1]] = path  # type: ignore[index]
    assert set(kinds) == {
        "Workspace",
        "Team",
        "Rotation",
        "TimeOff",
        "Overrides",
        "OwnershipMatrix",
        "EscalationPolicy",
        "Runbook",
    }
    assert "#   - {member:" in kinds["TimeOff"].read_text(encoding="utf-8")


def test_the_next_steps_say_cd_only_when_init_wrote_elsewhere() -> None:
    assert next_steps(Path("ops"), "ops")[0] == "cd ops"
    assert not any(step.startswith("cd ") for step in next_steps(Path("."), "ops"))
    assert next_steps(Path("my ops"), "ops")[0] == "cd 'my ops'"
