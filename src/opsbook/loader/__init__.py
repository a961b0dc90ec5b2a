"""The loader: a folder of YAML in, one validated `Workspace` and every problem out.

    result = load_workspace(Path("."))
    result.workspace.runbooks["profit-aggregate"]
    result.diagnostics  # every problem, located, sorted

It never raises for bad content: malformed YAML, unknown keys, wrong types, dangling
references and duplicate names all come back as diagnostics, all at once.
"""

from opsbook.loader.load import LoadResult, discover_files, load_workspace
from opsbook.loader.workspace import Workspace

__all__ = ["LoadResult", "Workspace", "discover_files", "load_workspace"]
