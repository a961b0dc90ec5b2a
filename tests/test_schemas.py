"""The committed JSON Schemas: current, used by every example file, and really checking.

Validation runs check-jsonschema as a subprocess, as an editor or CI would; it reads one
document per file, so multi-document files are split into one file per document.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.models.json_schema import all_schemas
from opsbook.models.registry import SCHEMA_NAMES
from opsbook.yamlio.read import parse_yaml_text

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
EXAMPLE_FILES = sorted(
    [REPO / "opsbook.yaml"]
    + [p for folder in ("runbooks", "rotation") for p in (REPO / folder).rglob("*.y*ml")]
)
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
DOCUMENT_START = re.compile(r"(?m)^---[ \t]*(?:#.*)?$\n?")


def kinds_of(path: Path) -> list[str]:
    parsed = parse_yaml_text(path.read_text(encoding="utf-8"), str(path))
    assert not parsed.diagnostics, [d.format() for d in parsed.diagnostics]
    return [str(doc.data["kind"]) for doc in parsed.documents]


def check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def split_documents(path: Path, out: Path) -> list[Path]:
    """One file per YAML document of `path`, named after it, in `out`."""
    pieces = [p for p in DOCUMENT_START.split(path.read_text(encoding="utf-8")) if p.strip()]
    written = []
    for i, piece in enumerate(pieces):
        target = out / f"{path.parent.name}-{path.stem}-{i}.yaml"
        target.write_text(piece, encoding="utf-8")
        written.append(target)
    return written


def test_committed_schemas_match_the_models(tmp_path: Path) -> None:
    expected = all_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"schemas/{name} is stale"
    # The command writes the same bytes.
    assert main(["schema", "--out", str(tmp_path)]) == 0
    for name, text in expected.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_every_kind_has_a_schema() -> None:
    # Besides the kinds: the results file of `opsbook check --out`.
    kinds = {f"{stem}.schema.json" for stem in SCHEMA_NAMES.values()}
    assert kinds | {"check-results.schema.json"} == set(all_schemas())


def test_example_files_exist() -> None:
    names = {p.relative_to(REPO).as_posix() for p in EXAMPLE_FILES}
    assert "opsbook.yaml" in names
    assert any(n.startswith("runbooks/") for n in names)
    assert any(n.startswith("rotation/") for n in names)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_example_file_starts_with_its_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.name}: first line is {first!r}"
    (kind,) = set(kinds_of(path))  # one kind per file, so one schema names them all
    schema = (path.parent / match.group(1)).resolve()
    assert schema == (SCHEMAS / f"{SCHEMA_NAMES[kind]}.schema.json").resolve()
    assert schema.is_file()


def test_example_files_validate_against_their_schemas(tmp_path: Path) -> None:
    by_schema: dict[str, list[Path]] = {}
    for path in EXAMPLE_FILES:
        kinds = kinds_of(path)
        pieces = split_documents(path, tmp_path) if len(kinds) > 1 else [path]
        assert len(pieces) == len(kinds), path
        for kind, piece in zip(kinds, pieces, strict=True):
            by_schema.setdefault(SCHEMA_NAMES[kind], []).append(piece)
    assert len(by_schema) >= 6  # the example uses most kinds
    for stem, files in sorted(by_schema.items()):
        done = check_jsonschema(SCHEMAS / f"{stem}.schema.json", files)
        assert done.returncode == 0, f"{stem}: {done.stdout}{done.stderr}"


INVALID_FOR_SCHEMA = {
    "runbook": (
        "apiVersion: opsbook/v1\nkind: Runbook\nmetadata: {name: x}\n"
        "spec: {tier: critical, purpse: typo}\n",
        ["spec.tier", "purpse"],
    ),
    "team": (
        "apiVersion: opsbook/v1\nkind: Team\nmetadata: {name: Not_A_Name}\nspec: {members: []}\n",
        ["metadata.name", "spec.members"],
    ),
    "rotation": (
        "apiVersion: opsbook/v2\nkind: Rotation\nmetadata: {name: r}\n"
        "spec: {team: t, shift: {every: 1 week, handoff: {time: '9am', timezone: UTC}}, "
        "start: 2026-01-05}\n",
        ["apiVersion", "spec.shift.every"],
    ),
    "overrides": (
        "apiVersion: opsbook/v1\nkind: Overrides\nmetadata: {name: o}\n"
        "spec: {rotation: r, swaps: [{role: primary, shifts: [2026-12-21], members: [a, b]}]}\n",
        ["spec.swaps[0].shifts"],
    ),
}


@pytest.mark.parametrize("stem", sorted(INVALID_FOR_SCHEMA))
def test_schema_rejects_an_invalid_document(stem: str, tmp_path: Path) -> None:
    text, where = INVALID_FOR_SCHEMA[stem]
    bad = tmp_path / f"bad-{stem}.yaml"
    bad.write_text(text, encoding="utf-8")
    done = check_jsonschema(SCHEMAS / f"{stem}.schema.json", [bad])
    assert done.returncode == 1, done.stdout + done.stderr
    for key in where:
        assert key in done.stdout, done.stdout
