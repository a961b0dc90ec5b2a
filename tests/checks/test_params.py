"""Parameters: built-ins from the check's instant in the SLA zone, defaults, overrides,
and binding as typed literals in the parsed tree."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlglot

from opsbook.checks.params import (
    CheckDay,
    UnboundPlaceholder,
    bind,
    cli_value,
    interpret,
    parse_overrides,
    resolve,
)
from opsbook.errors import UsageError

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_builtins_come_from_the_instant_in_the_runbook_zone() -> None:
    utc = CheckDay.of(AT, "UTC").builtins()
    assert utc == {
        "date": date(2026, 11, 22),
        "yesterday": date(2026, 11, 22),
        "today": date(2026, 11, 23),
        "at": AT,
    }
    # The day is the runbook's: 03:00 UTC is still the 22nd in Los Angeles, so its
    # yesterday is the 21st, while it is already the 23rd in Tokyo.
    early = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    la = CheckDay.of(early, "America/Los_Angeles").builtins()
    assert (la["date"], la["today"], la["at"]) == (date(2026, 11, 21), date(2026, 11, 22), early)
    assert CheckDay.of(early, "Asia/Tokyo").builtins()["date"] == date(2026, 11, 22)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("today", date(2026, 11, 23)),
        ("yesterday", date(2026, 11, 22)),
        ("today-7d", date(2026, 11, 16)),
        ("yesterday+1d", date(2026, 11, 23)),
        ("TODAY - 35d", date(2026, 10, 19)),
        ("2026-11-01", date(2026, 11, 1)),
        ("2026-11-01T06:30:00Z", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
        ("2026-11-01T06:30", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
        ("paid", "paid"),
        ("2026-13-45", "2026-13-45"),
        (0.95, 0.95),
        (3, 3),
        (True, True),
    ],
)
def test_written_values_are_typed(raw: object, value: object) -> None:
    assert interpret(raw, CheckDay.of(AT, "UTC")) == value


def test_overrides_beat_defaults_beat_builtins() -> None:
    day = CheckDay.of(AT, "UTC")
    values = resolve({"since": "today-7d", "date": "2026-11-01"}, {"date": "2026-11-20"}, day)
    assert values["since"] == date(2026, 11, 16)
    assert values["date"] == date(2026, 11, 20)
    assert values["today"] == date(2026, 11, 23)


def test_command_line_values() -> None:
    assert parse_overrides(["date=2026-11-20", "region=eu=west"]) == {
        "date": "2026-11-20",
        "region": "eu=west",
    }
    assert [cli_value(v) for v in ("5", "-2", "0.25", "true", "007", "eu")] == [
        5,
        -2,
        0.25,
        True,
        "007",
        "eu",
    ]
    for bad in ("date", "=1", "two words=1", "9lives=1"):
        with pytest.raises(UsageError, match="--param: expected name=value"):
            parse_overrides([bad])


def _bound(sql: str, **values: object) -> str:
    tree = sqlglot.parse_one(sql, read="duckdb")
    return bind(tree, values).sql(dialect="postgres")  # type: ignore[arg-type]


def test_placeholders_become_typed_literals() -> None:
    sql = "SELECT * FROM t WHERE d = :date AND ts < :at AND n > :n AND f = :f AND s = :s AND b = :b"
    assert _bound(
        sql,
        date=date(2026, 11, 22),
        at=datetime(2026, 11, 23, 9, 0, 0, 5, tzinfo=UTC),
        n=3,
        f=0.00001,
        s="it's",
        b=False,
    ) == (
        "SELECT * FROM t WHERE d = CAST('2026-11-22' AS DATE)"
        " AND ts < CAST('2026-11-23 09:00:00.000005+00:00' AS TIMESTAMPTZ)"
        " AND n > 3 AND f = 0.00001 AND s = 'it''s' AND b = FALSE"
    )


def test_a_value_is_a_literal_never_sql() -> None:
    injected = _bound("SELECT 1 FROM t WHERE s = :s", s="x'; DROP TABLE t; --")
    assert injected == "SELECT 1 FROM t WHERE s = 'x''; DROP TABLE t; --'"
    assert len(sqlglot.parse(injected, read="postgres")) == 1


def test_text_that_looks_like_a_placeholder_stays_text() -> None:
    assert _bound("SELECT ':date' AS x", date=date(2026, 1, 1)) == "SELECT ':date' AS x"


def test_unbound_placeholders_are_named() -> None:
    with pytest.raises(UnboundPlaceholder, match=r"no value for :nope, :other; expected one of :a"):
        _bound("SELECT 1 WHERE :nope = :other AND :a = 1", a=1)
