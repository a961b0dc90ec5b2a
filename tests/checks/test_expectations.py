"""Expectations: the model's rules and how an answer is judged against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from opsbook.checks.engines import Fetched
from opsbook.checks.expectations import judge, shown_value
from opsbook.models.runbook import Expectation


def answer(columns: tuple[str, ...], *rows: tuple[Any, ...]) -> Fetched:
    return Fetched(columns, rows, len(rows))


@pytest.mark.parametrize(
    ("expect", "problem"),
    [
        ({}, "expected one of rows, min_rows, max_rows or value; found none"),
        ({"rows": 0, "min_rows": 1}, "rows is exact"),
        ({"min_rows": 3, "max_rows": 1}, "max_rows (1) is below min_rows (3)"),
        ({"rows": 0, "value": {"min": 1}}, "expected it without rows"),
        ({"value": {}}, "expected min, max or equals; found none"),
        ({"value": {"min": 2, "max": 1}}, "max (1) is below min (2)"),
        ({"value": {"min": 0, "equals": 1}}, "equals is exact"),
        ({"value": {"between": 1}}, "Extra inputs are not permitted"),
    ],
)
def test_inconsistent_expectations_are_refused(expect: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        Expectation.model_validate(expect)


@pytest.mark.parametrize(
    ("expect", "described"),
    [
        ({"rows": 0}, "no rows"),
        ({"rows": 1}, "exactly 1 row"),
        ({"min_rows": 1}, "at least 1 row"),
        ({"max_rows": 10}, "at most 10 rows"),
        ({"min_rows": 1, "max_rows": 3}, "between 1 and 3 rows"),
        ({"value": {"column": "share", "min": 0.95}}, "one row whose share is at least 0.95"),
        ({"value": {"max": 0.01}}, "one row whose value is at most 0.01"),
        ({"value": {"min": -1, "max": 1}}, "one row whose value is between -1 and 1"),
        ({"value": {"equals": "done"}}, "one row whose value is equal to done"),
    ],
)
def test_describe(expect: dict[str, Any], described: str) -> None:
    assert Expectation.model_validate(expect).describe() == described


def test_no_expectation_is_informational() -> None:
    judged = judge(None, answer(("a",), (1,), (2,)))
    assert (judged.verdict, judged.reason) == ("pass", "informational: 2 rows")


@pytest.mark.parametrize(
    ("value", "bound", "verdict", "reason"),
    [
        (Decimal("0.9700"), {"min": 0.95}, "pass", "share = 0.97, at least 0.95"),
        (0.5, {"min": 0.95}, "fail", "share = 0.5; expected at least 0.95"),
        (0.95, {"min": 0.95, "max": 1}, "pass", "share = 0.95, between 0.95 and 1"),
        (2, {"max": 1}, "fail", "share = 2; expected at most 1"),
        (None, {"min": 0}, "fail", "share is NULL; expected at least 0"),
        ("12", {"min": 0}, "fail", "share = '12' is not a number; expected at least 0"),
        (True, {"min": 0}, "fail", "share = true is not a number; expected at least 0"),
        (float("nan"), {"min": 0}, "fail", "share = nan is not a number; expected at least 0"),
        (Decimal("3.00"), {"equals": 3}, "pass", "share = 3"),
        (3, {"equals": 3.0}, "pass", "share = 3"),
        (3, {"equals": "3"}, "pass", "share = 3"),
        ("done", {"equals": "done"}, "pass", "share = 'done'"),
        ("late", {"equals": "done"}, "fail", "share = 'late'; expected equal to done"),
        (True, {"equals": True}, "pass", "share = true"),
    ],
)
def test_value_bounds(value: object, bound: dict[str, Any], verdict: str, reason: str) -> None:
    expect = Expectation.model_validate({"value": {"column": "share", **bound}})
    judged = judge(expect, answer(("share",), (value,)))
    assert (judged.verdict, judged.reason) == (verdict, reason)


def test_value_column_defaults_to_the_first_and_matches_any_case() -> None:
    first = Expectation.model_validate({"value": {"min": 1}})
    assert judge(first, answer(("N", "other"), (5, "x"))).reason == "N = 5, at least 1"
    named = Expectation.model_validate({"value": {"column": "other", "equals": "X"}})
    assert judge(named, answer(("N", "OTHER"), (5, "x"))).verdict == "fail"


def test_value_needs_exactly_one_row_and_a_known_column() -> None:
    expect = Expectation.model_validate({"value": {"column": "n", "min": 0}})
    assert judge(expect, answer(("n",))).reason == "no rows; expected one row with n at least 0"
    assert judge(expect, answer(("n",), (1,), (2,))).reason.startswith("2 rows; expected one row")
    missing = judge(expect, answer(("m", "k"), (1, 2)))
    assert (missing.verdict, missing.reason) == (
        "error",
        "no column 'n' in the result; columns: m, k",
    )


@pytest.mark.parametrize(
    ("value", "bound", "verdict", "reason"),
    [
        (1 / 18, {"max": 0.1}, "pass", "share = 0.0555556, at most 0.1"),
        (0.9499999999, {"min": 0.95}, "fail", "share = 0.9499999999; expected at least 0.95"),
        (1.0, {"min": 0.95}, "pass", "share = 1.0, at least 0.95"),
        (123456789.123, {"min": 0}, "pass", "share = 123456789, at least 0"),
        (Decimal("0.12345678"), {"min": 0}, "pass", "share = 0.123457, at least 0"),
        (1 / 3, {"equals": 0.333333}, "fail", "share = 0.3333333333333333; expected equal to"),
    ],
)
def test_numbers_are_rounded_unless_rounding_would_hide_the_failure(
    value: object, bound: dict[str, Any], verdict: str, reason: str
) -> None:
    expect = Expectation.model_validate({"value": {"column": "share", **bound}})
    judged = judge(expect, answer(("share",), (value,)))
    assert judged.verdict == verdict
    assert judged.reason.startswith(reason), judged.reason


DECIMAL_38_MAX = Decimal("9" * 38)


@pytest.mark.parametrize(
    ("value", "bound", "verdict", "reason"),
    [
        (1e30, {"min": 0}, "pass", "total = 1e+30, at least 0"),
        (1e300, {"max": 1e299}, "fail", "total = 1e+300; expected at most 1e+299"),
        (-1e300, {"min": 0}, "fail", "total = -1e+300; expected at least 0"),
        (DECIMAL_38_MAX, {"min": 0}, "pass", f"total = {'9' * 38}, at least 0"),
        (
            DECIMAL_38_MAX,
            {"max": int("9" * 37 + "8")},
            "fail",
            f"total = {'9' * 38}; expected at most {'9' * 37}8",
        ),
        (
            Decimal("12345678901234567890123456789.5"),
            {"min": 0},
            "pass",
            "total = 12345678901234567890123456790, at least 0",
        ),
        (Decimal("1E+40"), {"equals": 1e40}, "pass", "total = 1" + "0" * 40),
        (float("inf"), {"min": 0}, "fail", "total = inf is not a number; expected at least 0"),
        (float("-inf"), {"max": 0}, "fail", "total = -inf is not a number; expected at most 0"),
        (Decimal("NaN"), {"min": 0}, "fail", "total = NaN is not a number; expected at least 0"),
        (
            Decimal("Infinity"),
            {"min": 0},
            "fail",
            "total = Infinity is not a number; expected at least 0",
        ),
    ],
)
def test_huge_and_non_finite_values_are_judged_and_shown(
    value: object, bound: dict[str, Any], verdict: str, reason: str
) -> None:
    """Before: a value of 1e28 or more raised decimal.InvalidOperation (rounding it needs
    more than Decimal's default 28 digits) and `opsbook check` ended in a traceback."""
    expect = Expectation.model_validate({"value": {"column": "total", **bound}})
    judged = judge(expect, answer(("total",), (value,)))
    assert (judged.verdict, judged.reason) == (verdict, reason)
    assert shown_value(value) in reason
