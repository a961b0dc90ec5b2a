"""The who cache's key: which files it watches, and when a payload is current."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from opsbook.cli.who_cache import (
    build_payload,
    cache_store,
    input_key,
    read_cache,
    write_cache,
)
from opsbook.loader import load_workspace
from opsbook.workspace_folders import configured_folders

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "schedule" / "basic"


def test_key_lists_workspace_yaml_but_not_hidden_or_other_files(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    (root / "rotation" / ".draft.yaml").write_text("x: 1\n")
    (root / "rotation" / "notes.txt").write_text("not yaml\n")
    (root / "rotation" / ".hidden").mkdir()
    (root / "rotation" / ".hidden" / "a.yaml").write_text("x: 1\n")
    (root / "rotation" / "nested").mkdir()
    (root / "rotation" / "nested" / "b.yml").write_text("x: 1\n")
    key = input_key(str(root), configured_folders(str(root)))
    assert key["folders"] == ["rotation"]  # from opsbook.yaml's spec.paths
    assert key["settings"] is not None
    assert [f[0] for f in key["files"]] == [
        os.path.join("rotation", name)
        for name in (
            "nested/b.yml",
            "ops-oncall-overrides.yaml",
            "ops-oncall.lock.yaml",
            "ops-oncall.yaml",
            "team.yaml",
            "time-off.yaml",
        )
    ]


def test_key_enters_no_linked_folder(tmp_path: Path) -> None:
    # As the loader: links back up (`loop -> .`) made the scan hang, and a linked folder
    # would be watched though its files are never read.
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    (root / "rotation" / "loop").symlink_to(".", target_is_directory=True)
    (root / "rotation" / "loop2").symlink_to(".", target_is_directory=True)
    key = input_key(str(root), configured_folders(str(root)))
    assert [f[0] for f in key["files"]] == [
        os.path.join("rotation", name)
        for name in (
            "ops-oncall-overrides.yaml",
            "ops-oncall.lock.yaml",
            "ops-oncall.yaml",
            "team.yaml",
            "time-off.yaml",
        )
    ]


def test_key_follows_a_path_naming_a_file(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    key = input_key(str(root), ["rotation/team.yaml"])
    assert [f[0] for f in key["files"]] == [os.path.join("rotation", "team.yaml")]


def test_payload_is_read_back_only_while_the_key_matches(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(BASIC, root)
    key = input_key(str(root), configured_folders(str(root)))
    ws = load_workspace(root).workspace
    payload = build_payload(ws, key)
    assert payload["valid_to"] == "2026-12-07T09:00:00+00:00"
    assert [p["role"] for p in payload["rotations"]["ops-oncall"]["pieces"][:2]] == [
        "primary",
        "secondary",
    ]
    assert payload["rotations"]["ops-oncall"]["pieces"][0]["email"] == "ann@example.com"
    assert write_cache(str(root), payload)
    assert read_cache(str(root)) == payload
    (root / "opsbook.yaml").write_text(
        (root / "opsbook.yaml").read_text(encoding="utf-8") + "# touched\n", encoding="utf-8"
    )
    assert read_cache(str(root)) is None
    Path(cache_store(str(root)).path).write_text("{not json", encoding="utf-8")
    assert read_cache(str(root)) is None
