"""Where a workspace's YAML lives: the folders opsbook.yaml names in spec.paths, or the
default ones. The loader and the `who` cache key both read them, so both always look at
the same files."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: see configured_folders
    from pathlib import Path

SETTINGS_FILE = "opsbook.yaml"
DEFAULT_FOLDERS = ("runbooks", "rotation")


def configured_folders(root: Path | str) -> tuple[str, ...]:
    """Folders from opsbook.yaml's spec.paths, read cheaply; defaults when unreadable."""
    # Imported here: the `who` fast path imports this module for SETTINGS_FILE only,
    # and pathlib alone costs it ~3 ms.
    from pathlib import Path

    from opsbook.yamlio.read import read_yaml_file

    settings = Path(root) / SETTINGS_FILE
    if not settings.is_file():
        return DEFAULT_FOLDERS
    for doc in read_yaml_file(settings).documents:
        spec = doc.data.get("spec") if isinstance(doc.data, dict) else None
        paths = spec.get("paths") if isinstance(spec, dict) else None
        if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
            return tuple(paths)
    return DEFAULT_FOLDERS
