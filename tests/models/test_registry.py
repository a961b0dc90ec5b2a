"""The apiVersion registry: dispatch, the supported-versions message, and room for a v2.

The v2 test registers a made-up `opsbook/v2` whose Runbook needs a new key, plus the
v1 → v2 migration, in the registry, for the test only. The loader is not touched: it dispatches
v1 and v2 documents side by side, and the migration upgrades a v1 file in place,
keeping its comments, into a document the v2 model accepts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Literal

import pytest

from opsbook.files.atomic import write_atomic
from opsbook.loader import load_workspace
from opsbook.loader.load import validate_document
from opsbook.models import registry
from opsbook.models.common import Name
from opsbook.models.json_schema import kind_schema
from opsbook.models.runbook import Runbook, RunbookSpec
from opsbook.yamlio.read import parse_yaml_text
from opsbook.yamlio.roundtrip import dump_roundtrip, roundtrip_yaml

V1_RUNBOOK = """\
# yaml-language-server: $schema=../schemas/runbook.schema.json
apiVersion: opsbook/v1
kind: Runbook
metadata:
  name: profit
spec:
  # Why this pipeline exists.
  purpose: Daily profit for investor reports.
  tier: investor
"""

V2_RUNBOOK = """\
apiVersion: opsbook/v2
kind: Runbook
metadata:
  name: growth
spec:
  purpose: New users per day.
  service: growth-service
"""

V2_RUNBOOK_WITHOUT_SERVICE = """\
apiVersion: opsbook/v2
kind: Runbook
metadata:
  name: engagement
spec:
  purpose: Daily active users.
"""


def test_known_version_and_kind_dispatch_to_the_v1_model() -> None:
    assert registry.model_for("opsbook/v1", "Runbook") is Runbook
    assert registry.LATEST == "opsbook/v1"


@pytest.mark.parametrize("found", [None, "opsbook/v9", "v1", 1, ["opsbook/v1"]])
def test_missing_or_unknown_version_lists_the_supported_ones(found: object) -> None:
    with pytest.raises(registry.UnknownVersion, match=r"expected one of: opsbook/v1$"):
        registry.model_for(found, "Runbook")


def test_unknown_version_diagnostic_points_at_the_value() -> None:
    (doc,) = parse_yaml_text(V1_RUNBOOK.replace("opsbook/v1", "opsbook/v9"), "r.yaml").documents
    model, problems = validate_document(doc)
    assert model is None
    (problem,) = problems
    assert (problem.span.line, problem.span.col) == (2, 13)
    assert problem.key_path == "apiVersion"
    assert problem.message == "apiVersion is 'opsbook/v9'; expected one of: opsbook/v1"


def test_unknown_kind_lists_the_kinds_of_that_version() -> None:
    with pytest.raises(registry.UnknownKind) as caught:
        registry.model_for("opsbook/v1", "Runbok")
    assert "Runbook" in str(caught.value)
    assert "Team" in str(caught.value)


# --- a fake v2 -------------------------------------------------------------------------


class RunbookSpecV2(RunbookSpec):
    """v2 runbooks name the service that runs the pipeline."""

    service: Name
    """The service (deployment) that runs the pipeline."""


class RunbookV2(Runbook):
    """A v2 runbook."""

    kind: Literal["Runbook"]
    """Always `Runbook`."""
    spec: RunbookSpecV2
    """The runbook's sections."""


def migrate_runbook_v1_to_v2(document: Any) -> None:
    """v1 runbooks had no service: start from the runbook's own name."""
    document["spec"]["service"] = document["metadata"]["name"]


def migrate(document: Any) -> None:
    """What `opsbook migrate` does with one round-trip document, from the registry alone."""
    version = registry.VERSIONS[str(document["apiVersion"])]
    while version.upgrade_to is not None:
        step = version.migrations.get(str(document["kind"]))
        if step is not None:
            step(document)
        document["apiVersion"] = version.upgrade_to
        version = registry.VERSIONS[version.upgrade_to]


@pytest.fixture
def with_v2(monkeypatch: pytest.MonkeyPatch) -> registry.ApiVersion:
    v1 = dataclasses.replace(
        registry.V1,
        upgrade_to="opsbook/v2",
        migrations={"Runbook": migrate_runbook_v1_to_v2},
    )
    v2 = registry.ApiVersion(name="opsbook/v2", kinds={**registry.V1.kinds, "Runbook": RunbookV2})
    # Entries of the real dict, as adding v2 to registry.py would make them; every module
    # that imported VERSIONS sees them, and monkeypatch removes them afterwards.
    monkeypatch.setitem(registry.VERSIONS, v1.name, v1)
    monkeypatch.setitem(registry.VERSIONS, v2.name, v2)
    monkeypatch.setattr(registry, "LATEST", v2.name)
    return v2


def _workspace(root: Path, runbooks: dict[str, str]) -> Path:
    (root / "runbooks").mkdir(parents=True)
    for name, text in runbooks.items():
        (root / "runbooks" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.usefixtures("with_v2")
def test_loader_dispatches_a_registered_v2_without_changes(tmp_path: Path) -> None:
    root = _workspace(
        tmp_path / "ws",
        {"profit": V1_RUNBOOK, "growth": V2_RUNBOOK, "engagement": V2_RUNBOOK_WITHOUT_SERVICE},
    )
    result = load_workspace(root)
    runbooks = result.workspace.runbooks
    assert type(runbooks["profit"]) is Runbook
    growth = runbooks["growth"]
    assert type(growth) is RunbookV2
    assert growth.spec.service == "growth-service"
    # The v2 model's own rule, located like any other: only in the v2 document.
    (problem,) = result.diagnostics
    assert problem.path.endswith("engagement.yaml")
    assert problem.key_path == "spec.service"
    assert problem.message.startswith("missing required key 'service' (the service")
    assert (problem.span.line, problem.span.col) == (5, 1)


@pytest.mark.usefixtures("with_v2")
def test_unknown_version_lists_the_registered_versions() -> None:
    with pytest.raises(registry.UnknownVersion, match=r"expected one of: opsbook/v1, opsbook/v2$"):
        registry.model_for("opsbook/v3", "Runbook")


def test_v2_schema_comes_from_the_registry(with_v2: registry.ApiVersion) -> None:
    schema = kind_schema("Runbook", with_v2.name)
    assert schema["properties"]["apiVersion"]["enum"] == ["opsbook/v2"]
    spec = schema["definitions"]["RunbookSpecV2"]
    assert "service" in spec["required"]


@pytest.mark.usefixtures("with_v2")
def test_migration_upgrades_a_v1_file_in_place_keeping_comments(tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws", {"profit": V1_RUNBOOK})
    path = root / "runbooks" / "profit.yaml"
    documents = list(roundtrip_yaml().load_all(path.read_text(encoding="utf-8")))
    for document in documents:
        migrate(document)
    write_atomic(path, dump_roundtrip(documents))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/runbook.schema.json\n")
    assert "apiVersion: opsbook/v2\n" in text
    assert "  # Why this pipeline exists.\n  purpose: Daily profit" in text
    assert "  service: profit\n" in text
    result = load_workspace(root)
    assert result.diagnostics == ()
    assert type(result.workspace.runbooks["profit"]) is RunbookV2


def test_the_real_registry_has_no_migration_yet() -> None:
    # The fixture above patched a copy; the real v1 is still the latest, with no upgrade.
    assert registry.VERSIONS["opsbook/v1"].upgrade_to is None
    assert set(registry.VERSIONS) == {"opsbook/v1"}
