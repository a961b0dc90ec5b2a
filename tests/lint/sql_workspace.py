"""A workspace with many SQL blocks of every kind, for the batch and cache tests.

The lint base workspace plus copies of tests/fixtures/lint/sql_batch/runbook.yaml, a
runbook with SQL blocks of every kind the SQL rules tell apart (fine, syntax error,
unreadable text, writes, two statements, empty statement, not a statement, another
dialect, an unknown dialect); @N@ in it becomes the copy's number, so all SQL differs.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from opsbook.lint import lint_workspace
from opsbook.lint.runner import LintReport
from opsbook.loader import load_workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lint"
TEMPLATE = FIXTURES / "sql_batch" / "runbook.yaml"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


def make_workspace(target: Path, copies: int) -> Path:
    """The lint base workspace plus `copies` SQL-variety runbooks."""
    shutil.copytree(FIXTURES / "_base", target)
    template = TEMPLATE.read_text(encoding="utf-8")
    for n in range(copies):
        path = target / "runbooks" / f"sql-{n:03d}.yaml"
        path.write_text(template.replace("@N@", str(n)), encoding="utf-8")
    return target


def lint(root: Path, *, jobs: int = 1, cache_dir: Path | None = None) -> LintReport:
    return lint_workspace(load_workspace(root), now=NOW, jobs=jobs, cache_dir=cache_dir)
