"""Fuzzing the reader and the loader: any input gives diagnostics, never an exception.

Two kinds of input: (a) arbitrary text and bytes, and (b) the example workspace's own
files, mutated the way hands and tools break YAML (characters deleted or inserted, lines
swapped or re-indented, values replaced by odd scalars, tags, anchors and aliases
injected). Each goes through `parse_yaml_bytes`, `validate_document` and
`load_workspace`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opsbook.diagnostics import Diagnostic
from opsbook.loader import load_workspace
from opsbook.loader.load import validate_document
from opsbook.yamlio.read import parse_yaml_bytes

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_FILES = [
    *sorted(
        p.relative_to(REPO).as_posix()
        for folder in ("runbooks", "rotation")
        for p in (REPO / folder).glob("*.yaml")
        if not p.name.endswith(".lock.yaml")  # generated, and long: slow to mutate usefully
    ),
    "opsbook.yaml",
]
TEXTS = {rel: (REPO / rel).read_text(encoding="utf-8") for rel in EXAMPLE_FILES}
# Documents the mutated file may refer to: the team, the rotation, the policies.
ANCHOR_FILES = ("rotation/team.yaml", "rotation/data-eng-oncall.yaml", "runbooks/escalation.yaml")

# Modest counts keep the suite fast (about 260 inputs, ~10 s); derandomized so CI is
# reproducible. Raise max_examples locally to search harder.
FUZZ = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
FUZZ_LOADER = settings(FUZZ, max_examples=60)

YAML_PUNCTUATION = [*":-[]{},&*!|>'\"#%@`?\t\n ", "\r\n", "---", "...", "\ufeff"]
ODD_SCALARS = [
    "",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "0x1F",
    "0o17",
    "1_000",
    "-.inf",
    ".nan",
    "1e400",
    "2026-02-30",
    "2026-13-01T25:61",
    "12:30:45",
    "'quoted'",
    '"esc\\u00e9\\x00"',
    "[]",
    "{}",
    "[a, [b, {c: d}]]",
    "{a: 1, a: 2}",
    "|\n  block",
    ">-\n  folded\n  text",
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system [ls]",
    "!Ref other",
    "!!binary aGk=",
    "!!set {a, b}",
    "!!timestamp 2026-01-01",
    "&x value",
    "*x",
    "*undefined",
    "&loop [*loop]",
    "<<: 5",
    "é" * 40,
    "a" * 300,
]


def check_diagnostics(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.span.line >= 1
        assert d.span.col >= 1
        assert d.message


def read_everything(raw: bytes) -> None:
    """The reader and the per-document validation never raise."""
    parsed = parse_yaml_bytes(raw, "fuzz.yaml")
    check_diagnostics(parsed.diagnostics)
    for doc in parsed.documents:
        model, problems = validate_document(doc)
        check_diagnostics(problems)
        assert model is not None or problems


# --- (a) arbitrary input -----------------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_give_diagnostics_not_exceptions(raw: bytes) -> None:
    read_everything(raw)


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.sampled_from(YAML_PUNCTUATION),
            st.sampled_from(ODD_SCALARS),
            st.text(max_size=8),
            st.sampled_from(["apiVersion: opsbook/v1\n", "kind: Runbook\n", "spec:\n  "]),
        ),
        max_size=60,
    ).map("".join)
)
def test_any_yaml_looking_text_gives_diagnostics_not_exceptions(text: str) -> None:
    read_everything(text.encode("utf-8", errors="surrogatepass"))


# --- (b) mutations of the example workspace ------------------------------------------------


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[str, str]:
    """One example file with a few of the mistakes people and tools make."""
    rel = draw(st.sampled_from(EXAMPLE_FILES))
    text = TEXTS[rel]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        text = draw(_mutation(text))
    return rel, text


def _mutation(text: str) -> st.SearchStrategy[str]:
    lines = text.split("\n")
    n, size = len(lines), max(len(text), 1)

    def delete(i: int, length: int) -> str:
        return text[:i] + text[i + length :]

    def insert(i: int, piece: str) -> str:
        return text[:i] + piece + text[i:]

    def swap(i: int, j: int) -> str:
        out = list(lines)
        out[i], out[j] = out[j], out[i]
        return "\n".join(out)

    def replace_value(i: int, value: str) -> str:
        out = list(lines)
        key, colon, _ = out[i].partition(": ")
        out[i] = f"{key}{colon}{value}" if colon else f"{out[i]} {value}"
        return "\n".join(out)

    def reindent(i: int, delta: int) -> str:
        out = list(lines)
        out[i] = " " * max(0, delta) + out[i][max(0, -delta) :]
        return "\n".join(out)

    def duplicate(i: int) -> str:
        return "\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])

    def anchor_and_alias(i: int, j: int) -> str:
        out = list(lines)
        key, colon, value = out[i].partition(": ")
        if colon:
            out[i] = f"{key}: &fz {value}"
        key, colon, _ = out[j].partition(": ")
        out[j] = f"{key}: *fz" if colon else f"{out[j]} <<: *fz"
        return "\n".join(out)

    index = st.integers(min_value=0, max_value=size)
    line = st.integers(min_value=0, max_value=n - 1)
    return st.one_of(
        st.builds(delete, index, st.integers(min_value=1, max_value=40)),
        st.builds(insert, index, st.sampled_from(YAML_PUNCTUATION + ODD_SCALARS)),
        st.builds(insert, index, st.text(max_size=5)),
        st.builds(swap, line, line),
        st.builds(replace_value, line, st.sampled_from(ODD_SCALARS)),
        st.builds(reindent, line, st.integers(min_value=-4, max_value=4)),
        st.builds(duplicate, line),
        st.builds(anchor_and_alias, line, line),
        st.builds(insert, index, st.sampled_from(["\t", "\t\t", " \t"])),
        st.builds(lambda i: "\n".join(lines[:i]), line),  # truncated file
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    root.mkdir()
    shutil.copy(REPO / "opsbook.yaml", root / "opsbook.yaml")
    for folder in ("runbooks", "rotation"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@FUZZ_LOADER
@given(case=mutated_file())
def test_mutated_example_files_give_diagnostics_not_exceptions(
    workspace: Path, case: tuple[str, str]
) -> None:
    rel, text = case
    target = workspace / rel
    try:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        read_everything(target.read_bytes())
        paths = sorted({workspace / p for p in ANCHOR_FILES} | {target})
        if rel == "opsbook.yaml":
            paths = [workspace / ANCHOR_FILES[0]]  # opsbook.yaml is always read from root
        result = load_workspace(workspace, paths)
        check_diagnostics(result.diagnostics)
        assert list(result.diagnostics) == sorted(set(result.diagnostics), key=Diagnostic.sort_key)
    finally:
        target.write_text(TEXTS[rel], encoding="utf-8")
