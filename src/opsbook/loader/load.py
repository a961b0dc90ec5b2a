"""Discover files, read them, validate every document, resolve references."""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from opsbook import diagnostic_codes as codes
from opsbook.diagnostics import (
    Diagnostic,
    Span,
    format_key_path,
    has_errors,
    sorted_diagnostics,
)
from opsbook.errors import InputError
from opsbook.loader.errors import schema_diagnostics
from opsbook.loader.parse_cache import open_cache
from opsbook.loader.references import check_references
from opsbook.loader.workspace import Workspace
from opsbook.models import registry
from opsbook.models.common import Document
from opsbook.models.escalation import EscalationPolicy
from opsbook.models.lock import RotationLock
from opsbook.models.overrides import Overrides
from opsbook.models.ownership import OwnershipMatrix
from opsbook.models.postmortem import Postmortem
from opsbook.models.rotation import Rotation
from opsbook.models.runbook import Runbook
from opsbook.models.team import Team
from opsbook.models.time_off import TimeOff
from opsbook.models.workspace import WorkspaceSettings
from opsbook.terminal import excerpt, quoted
from opsbook.workspace_folders import DEFAULT_FOLDERS, SETTINGS_FILE, configured_folders
from opsbook.yamlio.document import YamlDocument
from opsbook.yamlio.read import iter_yaml_paths, read_yaml_file


@dataclass(frozen=True)
class LoadResult:
    """The workspace built from every valid document, and every problem found."""

    workspace: Workspace
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def discover_files(root: Path, paths: list[Path] | None = None) -> list[Path]:
    """The YAML files of a workspace: the given paths, or the configured folders.

    Raises InputError when nothing can be read: a missing path, or a root with neither
    opsbook.yaml nor any of the default folders.
    """
    if paths:
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise InputError("no such file or folder: " + ", ".join(str(p) for p in missing))
        return [p for p in iter_yaml_paths(list(paths)) if p.name != SETTINGS_FILE]
    folders = [root / name for name in configured_folders(root)]
    existing = [f for f in folders if f.exists()]
    if not existing and not (root / SETTINGS_FILE).exists():
        raise InputError(
            f"no opsbook workspace at {root}: expected {SETTINGS_FILE} or the folders "
            f"{' and '.join(DEFAULT_FOLDERS)}/ (run `opsbook init` to create one)"
        )
    return [p for p in iter_yaml_paths(existing) if p.name != SETTINGS_FILE]


def _display(path: Path) -> str:
    """Paths as the user would type them: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def load_workspace(
    root: Path, paths: list[Path] | None = None, *, kinds: frozenset[str] | None = None
) -> LoadResult:
    """Load and validate a workspace. Raises InputError only when nothing can be read.

    With `kinds`, documents of other kinds are read but not validated, and left out:
    `opsbook plan` needs no runbook, and a thousand of them cost more to validate than
    all the rotations to plan. References into the kinds left out are not judged.
    """
    files = discover_files(root, paths)
    settings_path = root / SETTINGS_FILE
    all_files = ([settings_path] if settings_path.is_file() else []) + files
    diagnostics: list[Diagnostic] = []
    validated: list[tuple[Document, YamlDocument]] = []
    incomplete: set[str] = set()
    cache = open_cache(root)
    root_real = root.resolve()
    for path in all_files:
        shown = _display(path)
        outside = link_outside(root_real, path)
        if outside is not None:
            # Never read: its content would be echoed in messages and published.
            diagnostics.append(_link_problem(shown, outside))
            continue
        parsed = cache.read(path, shown) if cache else None
        if parsed is None:
            parsed = read_yaml_file(path, shown)
            if cache:
                cache.remember(path, parsed)
        diagnostics.extend(parsed.diagnostics)
        if any(d.code in _CONTENT_LOST for d in parsed.diagnostics):
            incomplete.update(_kinds_mentioned(parsed.text))
        for doc in parsed.documents:
            kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
            if kinds is not None and kind not in kinds and kind in _KNOWN_KINDS:
                incomplete.add(str(kind))
                continue
            model, problems = validate_document(doc)
            diagnostics.extend(problems)
            if model is not None:
                validated.append((model, doc))
            else:
                incomplete.update(_intended_kinds(doc.data))
    if cache:
        cache.save()
    if paths is None:
        diagnostics.extend(
            _link_problem(_display(link), target) for link, target in _folder_links_out(root)
        )
    workspace, problems = _assemble(root, validated, tuple(_display(p) for p in all_files))
    diagnostics.extend(problems)
    # A reference into a kind whose documents did not all load cannot be judged: the
    # member it names may well be in the broken Team file. Those references wait until
    # the broken file is fixed; every other reference is checked now.
    diagnostics.extend(check_references(workspace, incomplete=frozenset(incomplete)))
    return LoadResult(workspace, tuple(sorted_diagnostics(diagnostics)))


_KNOWN_KINDS = frozenset(k for version in registry.VERSIONS.values() for k in version.kinds)

_CONTENT_LOST = frozenset({codes.UNREADABLE, codes.YAML_SYNTAX, codes.UNSAFE_YAML})
"""File-level problems after which some of the file's documents are missing or partial."""

_KIND_LINE = re.compile(r"^kind:[ \t]*[\"']?([A-Za-z]+)", re.MULTILINE)


def _kinds_mentioned(text: str) -> set[str]:
    """Kinds a file that could not be read whole seems to define, from its `kind:` lines."""
    kinds: set[str] = set()
    for found in _KIND_LINE.findall(text):
        kinds.update(_intended_kinds({"kind": found}))
    return kinds


def _intended_kinds(data: object) -> set[str]:
    """The kind a document that failed to validate was meant to be, when it can be told."""
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str):
        return set()
    known = sorted({k for version in registry.VERSIONS.values() for k in version.kinds})
    if kind in known:
        return {kind}
    return set(difflib.get_close_matches(kind, known, n=1, cutoff=0.6))


def validate_document(doc: YamlDocument) -> tuple[Document | None, list[Diagnostic]]:
    """Dispatch one document on apiVersion and kind and validate it with its model."""
    data = doc.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else quoted(data)
        return None, [
            _problem(
                doc,
                doc.span,
                codes.NOT_A_MAPPING,
                f"expected a mapping with apiVersion, kind, metadata and spec; found {found}",
            )
        ]
    try:
        model = registry.model_for(data.get("apiVersion"), data.get("kind"))
    except registry.UnknownVersion as exc:
        where = doc.locate(("apiVersion",)) if "apiVersion" in data else doc.span
        return None, [_problem(doc, where, codes.API_VERSION, str(exc), "apiVersion")]
    except registry.UnknownKind as exc:
        where = doc.locate(("kind",)) if "kind" in data else doc.span
        return None, [_problem(doc, where, codes.UNKNOWN_KIND, str(exc), "kind")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = schema_diagnostics(exc, doc, model)
    # A refused tag or alias was reported where it was written; the null put in its
    # place would only add a second, misleading "expected a list; found null".
    refused = {format_key_path(path) for path in doc.refused}
    return None, [p for p in problems if p.key_path not in refused]


def _problem(
    doc: YamlDocument, span: Span, code: str, message: str, key_path: str = ""
) -> Diagnostic:
    return codes.problem(doc.path, span, code, message, key_path)


def link_outside(root_real: Path, path: Path) -> str | None:
    """Where `path` really leads when a symbolic link takes it out of the workspace
    folder; None for a file inside it (links within the workspace are fine)."""
    absolute = os.path.abspath(path)
    real = os.path.realpath(path)
    if real == absolute:
        return None  # no link on the way: a file the user named, wherever it is
    inside = real == str(root_real) or real.startswith(os.path.join(str(root_real), ""))
    return None if inside else real


def _folder_links_out(root: Path) -> Iterator[tuple[Path, str]]:
    """Linked folders under the workspace folders that lead out of the workspace: the
    file search does not enter them, and they are reported rather than passed over."""
    root_real = root.resolve()
    for name in configured_folders(root):
        for folder, subfolders, _ in os.walk(root / name):
            for sub in sorted(subfolders):
                path = Path(folder) / sub
                if sub.startswith(".") or not path.is_symlink():
                    continue
                outside = link_outside(root_real, path)
                if outside is not None:
                    yield path, outside


def _link_problem(shown: str, target: str) -> Diagnostic:
    return codes.problem(
        shown,
        Span.point(1, 1),
        codes.LINK_OUTSIDE_WORKSPACE,
        "expected a file inside the workspace; found a link leading outside it (to "
        f"{excerpt(target)}), which is not read",
    )


_FIELDS: dict[type[Document], str] = {
    Team: "teams",
    Rotation: "rotations",
    Overrides: "overrides",
    OwnershipMatrix: "ownership",
    EscalationPolicy: "policies",
    Runbook: "runbooks",
    RotationLock: "locks",
    Postmortem: "postmortems",
}


def _assemble(
    root: Path, validated: list[tuple[Document, YamlDocument]], files: tuple[str, ...]
) -> tuple[Workspace, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    named: dict[str, dict[str, Document]] = defaultdict(dict)
    first_seen: dict[tuple[str, str], YamlDocument] = {}
    time_off: list[TimeOff] = []
    settings: WorkspaceSettings | None = None
    sources: dict[int, YamlDocument] = {}
    for model, doc in validated:
        key = (model.kind, model.name)
        if key in first_seen:
            first = first_seen[key]
            problems.append(
                _problem(
                    doc,
                    doc.locate(("metadata", "name")),
                    codes.DUPLICATE_NAME,
                    f"{model.kind} {quoted(model.name)} is already defined at "
                    f"{first.path}:{first.locate(('metadata', 'name')).line}; expected "
                    "unique names per kind",
                    "metadata.name",
                )
            )
            continue
        first_seen[key] = doc
        sources[id(model)] = doc
        if isinstance(model, WorkspaceSettings):
            settings = model
        elif isinstance(model, TimeOff):
            time_off.append(model)
        else:
            named[model.kind][model.name] = model
    by_field: dict[str, Any] = {}
    extra: dict[str, dict[str, Document]] = {}
    for kind, docs in named.items():
        ordered = dict(sorted(docs.items()))
        field = next((f for cls, f in _FIELDS.items() if cls.__name__ == kind), None)
        if field is None:
            extra[kind] = ordered
        else:
            by_field[field] = ordered
    from types import MappingProxyType

    workspace = Workspace(
        root=root,
        settings=settings,
        time_off=tuple(sorted(time_off, key=lambda d: d.name)),
        extra=MappingProxyType({k: MappingProxyType(v) for k, v in sorted(extra.items())}),
        sources=MappingProxyType(sources),
        files=files,
        **{k: MappingProxyType(v) for k, v in by_field.items()},
    )
    return workspace, problems
