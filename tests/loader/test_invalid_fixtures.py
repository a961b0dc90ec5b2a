"""Every bad input in tests/fixtures/invalid/ gives exactly its expected diagnostics.

A fixture is a folder: its YAML files are laid over a small valid workspace
(`invalid/_base/`), and its `expected.yaml` lists every diagnostic the loader must report,
all at once: path, line, col, code, key path and a part of the message. The case may
also remove base files (`remove:`) or have a large file written at test time
(`generate:`), so a 50 MB input needs no 50 MB fixture.

Regenerate the expected lists after a reviewed change of wording:
`OPSBOOK_UPDATE_SNAPSHOTS=1 pytest tests/loader/test_invalid_fixtures.py`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from opsbook.cli.entry import main
from opsbook.diagnostics import Diagnostic
from opsbook.loader import load_workspace

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
BASE = INVALID / "_base"
CASES = sorted(p for p in INVALID.iterdir() if p.is_dir() and not p.name.startswith("_"))
EXPECTED = "expected.yaml"
UPDATE = os.environ.get("OPSBOOK_UPDATE_SNAPSHOTS") == "1"

# Problems with a whole file or document, which have no key path to name.
FILE_LEVEL_CODES = {"OB001", "OB002", "OB003", "OB005", "OB014"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 200
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def read_case(case: Path) -> Any:
    return _yaml().load((case / EXPECTED).read_text(encoding="utf-8"))


def build_workspace(case: Path, target: Path) -> Path:
    """The base workspace with the case's files laid over it, in `target`."""
    spec = read_case(case)
    shutil.copytree(BASE, target)
    for rel in spec.get("remove") or ():
        (target / rel).unlink()
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name != EXPECTED:
            dest = target / source.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    for item in spec.get("generate") or ():
        _generate(target / item["path"], int(item["size"]))
    return target


def _generate(path: Path, size: int) -> None:
    """Pad a file (kept as a small seed in the fixture) with comment lines up to `size`."""
    seed = path.read_bytes() if path.exists() else b""
    line = b"# padding to make the file larger than any hand-written workspace file\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(seed)
        block = line * (1024 * 1024 // len(line))
        written = len(seed)
        while written < size:
            chunk = block[: size - written]
            handle.write(chunk)
            written += len(chunk)


def load_in(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Diagnostic, ...]:
    """Load from inside the workspace, as a user would: paths come out relative to it."""
    monkeypatch.chdir(root)
    return load_workspace(Path(".")).diagnostics


def as_row(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "path": Path(diagnostic.path).as_posix(),
        "line": diagnostic.span.line,
        "col": diagnostic.span.col,
        "code": diagnostic.code,
        "key_path": diagnostic.key_path,
        "message": diagnostic.message,
    }


def _update(case: Path, rows: list[dict[str, Any]]) -> None:
    yaml = _yaml()
    spec = read_case(case)
    spec["diagnostics"] = rows
    buffer = io.StringIO()
    yaml.dump(spec, buffer)
    (case / EXPECTED).write_text(buffer.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_fixture_reports_exactly_its_diagnostics(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_workspace(case, tmp_path / "ws")
    diagnostics = load_in(root, monkeypatch)
    actual = [as_row(d) for d in diagnostics]
    if UPDATE:
        _update(case, actual)
    expected = [dict(row) for row in read_case(case)["diagnostics"]]
    assert expected, f"{case.name}: an invalid fixture must expect at least one diagnostic"
    # Each expected message is a part of the actual one; compare whole rows for a clear diff.
    shown = []
    for want, got in zip(expected, actual, strict=False):
        row = dict(got)
        if str(want.get("message", "")) in got["message"]:
            row["message"] = want.get("message", "")
        shown.append(row)
    shown.extend(actual[len(expected) :])
    assert shown == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_message_says_where_what_was_expected(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_workspace(case, tmp_path / "ws")
    diagnostics = load_in(root, monkeypatch)
    for d in diagnostics:
        text = d.format()
        assert "expected" in d.message or d.message.startswith("missing required key"), text
        if d.code not in FILE_LEVEL_CODES:
            assert d.key_path, f"no key path: {text}"
        file = root / d.path
        lines = file.read_bytes().count(b"\n") + 1 if file.stat().st_size < 10**6 else 1
        assert 1 <= d.span.line <= lines, text
        assert d.span.col >= 1, text
    # Sorted and without duplicates, whatever the order files were read in.
    keys = [d.sort_key() for d in diagnostics]
    assert keys == sorted(set(keys))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_command_exits_one_without_traceback(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_workspace(case, tmp_path / "ws")
    assert main(["validate", "--root", str(root)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    expected = read_case(case)["diagnostics"]
    assert len(out.splitlines()) == len(expected)


SUBPROCESS_CASES = ["non-utf8", "alias-bomb", "python-object-tag"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_console_script_on_bad_input(name: str, tmp_path: Path) -> None:
    """The installed `opsbook` script, as a user runs it: exit 1, located lines, no trace."""
    root = build_workspace(INVALID / name, tmp_path / "ws")
    script = Path(sys.executable).parent / "opsbook"
    done = subprocess.run(
        [str(script), "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    first = done.stdout.splitlines()[0]
    path, line, col, _ = first.split(":", 3)
    assert (root / path).is_file()
    assert int(line) >= 1
    assert int(col) >= 1


def test_console_script_exits_two_when_nothing_can_be_read(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "opsbook"
    done = subprocess.run(
        [str(script), "validate", "--root", str(tmp_path), str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "missing.yaml" in done.stderr
