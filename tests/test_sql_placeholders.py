"""The hint for placeholders that DuckDB's `alias: expression` shorthand swallows."""

from __future__ import annotations

import pytest

from opsbook.lint.sql import analyse_sql
from opsbook.sql_placeholders import placeholder_hint


@pytest.mark.parametrize(
    "sql",
    ["SELECT :date AS d", "SELECT DISTINCT :day", "SELECT 1 AS a, :at AS b FROM t, :x"],
)
def test_a_leading_placeholder_in_an_alias_error_gets_the_hint(sql: str) -> None:
    assert "is a placeholder" in placeholder_hint(sql, "incomplete ALIAS")


@pytest.mark.parametrize(
    ("sql", "error"),
    [
        ("SELECT :date AS d", "unexpected token"),  # another error: no guess
        ("SELECT a FROM t WHERE d = :date AS", "incomplete ALIAS"),  # not leading
    ],
)
def test_no_hint_where_the_placeholder_is_not_the_cause(sql: str, error: str) -> None:
    assert placeholder_hint(sql, error) == ""


def test_lint_explains_the_placeholder_where_sqlglot_reports_an_alias() -> None:
    analysis = analyse_sql("SELECT :date AS d", "duckdb")
    assert analysis.error is not None
    assert "incomplete ALIAS near 'SELECT'; :date is a placeholder" in analysis.error.message
    assert "CAST(:date AS DATE)" in analysis.error.message
