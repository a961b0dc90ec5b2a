"""SQL blocks analysed once, over several processes: the same report for any number."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.lint.sql_workspace import lint, make_workspace

from opsbook.lint import sql_batch
from opsbook.lint.sql import SqlAnalysis, analyse_sql
from opsbook.lint.sql_batch import analyse_blocks, workers_for
from opsbook.lint.sql_blocks import sql_blocks
from opsbook.loader import load_workspace


def test_small_workspaces_are_analysed_in_this_process() -> None:
    assert workers_for(0, 8) == 1
    assert workers_for(2 * sql_batch.MIN_PER_WORKER - 1, 2) == 1
    assert workers_for(2 * sql_batch.MIN_PER_WORKER, 2) == 2
    assert workers_for(100 * sql_batch.MIN_PER_WORKER, 3) == 3
    assert workers_for(100 * sql_batch.MIN_PER_WORKER, 1) == 1


def test_the_same_findings_in_the_same_order_for_any_number_of_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", copies=12)
    # Forked children for a dozen runbooks, so the test stays quick: the work is the same.
    monkeypatch.setattr(sql_batch, "MIN_PER_WORKER", 5)
    blocks = sum(1 for b in sql_blocks(load_workspace(root).workspace) if b.dialect_known)
    assert workers_for(blocks, 3) == 3
    one = lint(root, jobs=1)
    codes = {d.code for d in one.diagnostics}
    assert {"OB130", "OB131", "OB132"} <= codes
    assert len(one.diagnostics) > 100
    for jobs in (2, 3):
        assert lint(root, jobs=jobs).diagnostics == one.diagnostics


def test_forked_workers_give_exactly_what_this_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", copies=4)
    keys = [
        (b.sql, b.dialect) for b in sql_blocks(load_workspace(root).workspace) if b.dialect_known
    ]
    monkeypatch.setattr(sql_batch, "MIN_PER_WORKER", 2)
    forked = analyse_blocks(keys, workers=2)
    assert list(forked) == list(dict.fromkeys(keys))  # in the order asked for
    assert forked == {key: analyse_sql(*key) for key in keys}


def test_the_share_of_a_child_that_dies_is_analysed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", copies=4)
    keys = [
        (b.sql, b.dialect) for b in sql_blocks(load_workspace(root).workspace) if b.dialect_known
    ]
    parent, analyse = os.getpid(), analyse_sql

    def dies_in_a_child(sql: str, dialect: str) -> SqlAnalysis:
        if os.getpid() != parent:
            os._exit(3)  # as a child killed by the OOM killer would vanish
        return analyse(sql, dialect)

    monkeypatch.setattr(sql_batch, "MIN_PER_WORKER", 2)
    monkeypatch.setattr(sql_batch, "analyse_sql", dies_in_a_child)
    assert analyse_blocks(keys, workers=3) == {key: analyse(*key) for key in keys}


def test_each_distinct_block_is_analysed_once(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", copies=1)
    # A second runbook with the same SQL text: one analysis serves both.
    text = (root / "runbooks" / "sql-000.yaml").read_text(encoding="utf-8")
    twin = text.replace("name: sql-variety-0}", "name: sql-variety-twin}")
    (root / "runbooks" / "sql-twin.yaml").write_text(twin, encoding="utf-8")
    ws = load_workspace(root).workspace
    keys = [(b.sql, b.dialect) for b in sql_blocks(ws) if b.dialect_known]
    analyses = analyse_blocks(keys)
    assert len(analyses) == len(set(keys)) < len(keys)
    report = lint(root)
    for path in ("sql-000.yaml", "sql-twin.yaml"):
        assert sum(1 for d in report.diagnostics if d.path.endswith(path)) > 5


def test_every_rule_that_reads_sql_analyses_has_its_blocks_analysed_first() -> None:
    # A rule reading ctx.parsed_blocks but missing from SQL_RULES would, when selected
    # alone, parse block by block: no --jobs, no cache.
    import inspect
    import re

    from opsbook.lint import rules
    from opsbook.lint.runner import SQL_RULES

    readers = {
        rule.code
        for rule in rules.RULES.values()
        if rule.check is not None
        and re.search(r"ctx\.(parsed_blocks|analysis)\(", inspect.getsource(rule.check))
    }
    assert readers == set(SQL_RULES)
