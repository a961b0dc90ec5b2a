"""Hostile strings through every command and output: never obeyed, always located.

Before: a member name with terminal escapes passed validation and was printed raw by
`who`, `escalate`, `who --runbook` and `summary` (screen cleared, window retitled,
OSC 8 links), and NUL or ESC bytes reached the .ics files.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.robustness.processes import FIXTURES, ROBUSTNESS

from opsbook.cli.entry import main
from opsbook.errors import RefusedError
from opsbook.loader import load_workspace

WORKSPACE = FIXTURES / "escalation" / "workspace"
AT = "2026-11-23T09:00:00+00:00"
HOSTILE: list[dict[str, str]] = yaml.safe_load(
    (ROBUSTNESS / "hostile-strings.yaml").read_text(encoding="utf-8")
)["strings"]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What no output may hold (tab and newline are how text is laid out)."""


def _ids(item: dict[str, str]) -> str:
    return item["name"]


def _with_name(tmp_path: Path, name: str) -> Path:
    """The escalation workspace with alice's and bob's names replaced by `name` (JSON
    escapes are valid YAML double-quoted escapes)."""
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    team = root / "rotation" / "team.yaml"
    text = team.read_text(encoding="utf-8")
    assert "      name: Alice Moreau\n" in text
    for real in ("Bob Smith", "Alice Moreau"):  # bob first: a value may hold "Bob Smith"
        text = text.replace(real, json.dumps(name), 1)
    team.write_text(text, encoding="utf-8")
    return root


ALL = " | ".join(h["value"] for h in HOSTILE)
"""Every string of the corpus in one name: one run of each command sees them all."""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("hostile", HOSTILE, ids=_ids)
def test_the_loader_refuses_it_located_and_escaped(
    tmp_path: Path, hostile: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_name(tmp_path, hostile["value"])
    code, output = _run(capsys, "validate", "--root", str(root))
    assert code == 1
    assert RAW_CONTROL.search(output) is None, output
    found = [line for line in output.splitlines() if "spec.members[0].name:" in line]
    assert len(found) == 1, output
    # path:line:col, key path, expected vs found, the value shown escaped.
    assert re.search(r"rotation/team\.yaml:10:\d+: spec\.members\[0\]\.name: ", found[0])
    assert "expected text without control characters" in found[0]
    assert re.search(r"found 0x[0-9a-f]{2} at character \d+ of the string: ", found[0])
    assert "\\x" in found[0]


COMMANDS: list[list[str]] = [
    ["who", "--at", AT],
    ["who", "--at", AT, "--format", "json"],
    ["who", "--runbook", "profit", "--at", AT],
    ["who", "--runbook", "profit", "--at", AT, "--format", "json"],
    ["escalate", "profit", "--at", AT],
    ["escalate", "profit", "--at", AT, "--format", "json"],
    ["summary"],
    ["lint", "--at", AT],
    ["lint", "--at", AT, "--format", "json"],
    ["lint", "--at", AT, "--format", "sarif"],
    ["lint", "--at", AT, "--format", "github"],
    ["schedule", "oncall", "--at", AT],
    ["plan", "--check", "--at", AT],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_command_prints_it_raw(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_name(tmp_path, ALL)
    code, output = _run(capsys, *command, "--root", str(root))
    assert code in (0, 1), output
    assert RAW_CONTROL.search(output) is None, output


def test_a_postmortem_scaffold_writes_nothing_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`postmortem new` answers despite the broken names; the names go into comments of
    the new file, which must stay a file the loader reads."""
    root = _with_name(tmp_path, ALL)
    out = tmp_path / "pm.yaml"
    when = ["--started", "2026-11-23T08:00Z", "--detected", "2026-11-23T09:00Z"]
    code, output = _run(capsys, "postmortem", "new", "profit", *when, "--root", str(root),
                        "--out", str(out))  # fmt: skip
    assert code == 0, output
    assert RAW_CONTROL.search(output) is None, output
    text = out.read_text(encoding="utf-8")
    assert RAW_CONTROL.search(text) is None
    shutil.copy(out, root / "runbooks" / "pm.yaml")
    problems = [d for d in load_workspace(root).diagnostics if d.path.endswith("pm.yaml")]
    assert problems == []


def test_ical_prints_nothing_raw_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _with_name(tmp_path, ALL)
    code, output = _run(capsys, "ical", "--out", str(tmp_path / "cal"), "--root", str(root))
    assert code == 1
    assert RAW_CONTROL.search(output) is None
    assert not (tmp_path / "cal").exists()


@pytest.mark.parametrize(
    "hostile",
    # A carriage return is a line break: written as `\\n`, as RFC 5545 says.
    [h for h in HOSTILE if RAW_CONTROL.search(h["value"].replace("\r", ""))],
    ids=_ids,
)
def test_the_ical_writer_refuses_it(tmp_path: Path, hostile: dict[str, str]) -> None:
    """Past the loader (its errors ignored), the writer itself refuses the text."""
    from opsbook.ical import build_feeds

    ws = load_workspace(_with_name(tmp_path, hostile["value"])).workspace
    at = datetime(2026, 11, 23, 9, tzinfo=UTC)
    with pytest.raises(RefusedError, match="control character"):
        build_feeds(ws, at, None, None, workers=1)


def test_the_who_cache_is_not_trusted_with_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The fast path answers from a JSON file anyone could edit: shown escaped too."""
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    args = ["who", "--root", str(root), "--at", AT]
    assert _run(capsys, *args)[0] == 0
    cache = root / ".opsbook-cache" / "who.json"
    payload: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))
    for rotation in payload["rotations"].values():
        for piece in rotation["pieces"]:
            piece["name"] = HOSTILE[0]["value"]
    cache.write_text(json.dumps(payload), encoding="utf-8")
    for extra in ([], ["--format", "json"]):
        code, output = _run(capsys, *args, *extra)
        assert code == 0
        assert RAW_CONTROL.search(output) is None, output
    assert "\\x1b]0;TITLE" in _run(capsys, *args)[1]


def test_the_site_is_not_built_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPSBOOK_AT", AT)
    root = _with_name(tmp_path, HOSTILE[0]["value"])
    site = tmp_path / "site"
    code, output = _run(capsys, "site", "build", "--root", str(root), "--site-dir", str(site))
    assert code == 1
    assert RAW_CONTROL.search(output) is None
    assert not site.exists()
