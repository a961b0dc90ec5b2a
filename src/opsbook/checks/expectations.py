"""Judging what a validation query returned against its `expect`.

Row counts (`rows`, `min_rows`, `max_rows`) judge how many rows came back; `rows: 0` is
the failing-rows pattern, where every row returned is a problem to show. `value` judges
the one value of a one-row result. Without `expect` a query is informational.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation, localcontext
from typing import Literal

from opsbook.checks.engines import Fetched
from opsbook.models.runbook import Expectation, ValueExpectation

Verdict = Literal["pass", "fail", "error"]


@dataclass(frozen=True)
class Judgement:
    """Whether the answer meets the expectation, and a short reason."""

    verdict: Verdict
    reason: str


def judge(expect: Expectation | None, fetched: Fetched) -> Judgement:
    """Judge a query's answer; `error` when the expectation cannot apply to it."""
    count = fetched.row_count
    if expect is None:
        return Judgement("pass", f"informational: {_rows(count)}")
    if expect.value is not None:
        return judge_value(expect.value, fetched)
    if expect.holds(count):
        return Judgement("pass", f"{_rows(count)}, as expected")
    return Judgement("fail", f"{_rows(count)}; expected {expect.describe()}")


def judge_value(bound: ValueExpectation, fetched: Fetched) -> Judgement:
    """Judge the single value of a one-row answer against min/max or equals."""
    if not fetched.columns:
        return Judgement("error", "the query returned no columns; expected one value")
    index = _column_index(bound.column, fetched.columns)
    if index is None:
        return Judgement(
            "error",
            f"no column {bound.column!r} in the result; columns: {', '.join(fetched.columns)}",
        )
    name = fetched.columns[index]
    wanted = bound.describe()
    if fetched.row_count != 1:
        return Judgement(
            "fail", f"{_rows(fetched.row_count)}; expected one row with {name} {wanted}"
        )
    value = fetched.first_rows[0][index]
    if value is None:
        return Judgement("fail", f"{name} is NULL; expected {wanted}")
    if bound.equals is not None:
        same = _equal(value, bound.equals)
        shown = f"{name} = {shown_value(value, (bound.equals,))}"
        return (
            Judgement("pass", shown) if same else Judgement("fail", f"{shown}; expected {wanted}")
        )
    number = _number(value)
    if number is None:
        return Judgement(
            "fail", f"{name} = {shown_value(value)} is not a number; expected {wanted}"
        )
    low = _number(bound.min)
    high = _number(bound.max)
    within = (low is None or number >= low) and (high is None or number <= high)
    shown = f"{name} = {shown_value(value, (low, high))}"
    return (
        Judgement("pass", f"{shown}, {wanted}")
        if within
        else Judgement("fail", f"{shown}; expected {wanted}")
    )


def _column_index(column: str | None, columns: tuple[str, ...]) -> int | None:
    if column is None:
        return 0
    # Snowflake and Oracle upper-case unquoted names; the runbook writes them as it likes.
    folded = [c.casefold() for c in columns]
    return folded.index(column.casefold()) if column.casefold() in folded else None


def _number(value: object) -> Decimal | None:
    """A number as an exact decimal; None for anything else (text, booleans, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _equal(value: object, expected: object) -> bool:
    found, wanted = _number(value), _number(expected)
    if found is not None and wanted is not None:
        return found == wanted
    return _text(value) == _text(expected)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


SIGNIFICANT_DIGITS = 6
"""Numbers in a reason are rounded to this many significant digits (0.0555556, not
0.05555555555555555), unless rounding would make them equal a bound they are not."""


def shown_value(value: object, bounds: tuple[object, ...] = ()) -> str:
    """A value as a reason shows it: numbers plain and rounded, text quoted.

    A number is shown with more digits when its rounded spelling would equal one of
    `bounds` (the expectation's min, max or equals) while the value itself does not, so
    a reason never reads "0.95; expected at least 0.95".
    """
    if isinstance(value, str):
        return repr(value)
    number = _number(value)
    if number is None or isinstance(value, int):
        return _text(value)
    # Digits before the point are never rounded away: 123456789.123 shows as 123456789.
    # So rounding (and normalize) may need more digits than Decimal's default 28: 1e30
    # and a DECIMAL(38,0) would raise InvalidOperation or lose digits in that context.
    with localcontext() as context:
        context.prec = max(context.prec, number.adjusted() + 1 + SIGNIFICANT_DIGITS)
        rounded = _plain(round(number, max(0, SIGNIFICANT_DIGITS - 1 - number.adjusted())))
        exact = _plain(number) if isinstance(value, Decimal) else _text(value)
    hidden = any(
        (b := _number(bound)) is not None and b != number and Decimal(rounded) == b
        for bound in bounds
    )
    return exact if hidden or Decimal(rounded) == number else rounded


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _rows(count: int) -> str:
    return "no rows" if count == 0 else "1 row" if count == 1 else f"{count} rows"
