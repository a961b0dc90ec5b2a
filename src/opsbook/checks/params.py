"""Query parameters: the values `:date`, `:at` and friends stand for, and how they bind.

Values come, weakest first, from the built-ins (derived from the check's instant in the
runbook's SLA zone), the query's own `params:` defaults, and `--param name=value`.
Binding replaces each placeholder node of the parsed query with a typed literal
(`CAST('2026-11-22' AS DATE)`, a number, a quoted string), so a value can never change
the statement's shape: there is no string formatting of SQL anywhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from opsbook.errors import UsageError
from opsbook.models.runbook import PARAM_NAME_PATTERN, Runbook
from opsbook.terminal import quoted

if TYPE_CHECKING:
    from sqlglot import exp

_RELATIVE_DAY = re.compile(r"^(today|yesterday)(?:\s*([+-])\s*(\d+)d)?$", re.IGNORECASE)
_INTEGER = re.compile(r"^-?(0|[1-9]\d*)$")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NAME = re.compile(PARAM_NAME_PATTERN)

Value = bool | int | float | str | date | datetime
"""A bound value: dates bind as DATE, instants as TIMESTAMPTZ, the rest as they are."""


class UnboundPlaceholder(Exception):
    """The query uses a placeholder nothing gives a value to."""


@dataclass(frozen=True)
class CheckDay:
    """The instant a check runs for, and the calendar day it falls on in a zone."""

    at: datetime
    today: date

    @classmethod
    def of(cls, at: datetime, zone: str) -> CheckDay:
        """`at` read in `zone` (the runbook's SLA zone) for today and yesterday."""
        return cls(at.astimezone(UTC), at.astimezone(ZoneInfo(zone)).date())

    def builtins(self) -> dict[str, Value]:
        """`:date` and `:yesterday` (yesterday), `:today`, and `:at` (the instant)."""
        yesterday = self.today - timedelta(days=1)
        return {"date": yesterday, "yesterday": yesterday, "today": self.today, "at": self.at}


def runbook_zone(runbook: Runbook) -> str:
    """The zone a runbook's days are counted in: its first SLA's, else UTC."""
    return runbook.spec.sla[0].timezone if runbook.spec.sla else "UTC"


def interpret(raw: object, day: CheckDay) -> Value:
    """A written value as a typed one: relative days and ISO dates/instants become dates
    and instants, numeric text from the command line becomes a number."""
    if isinstance(raw, bool | int | float | date):
        return raw
    text = str(raw).strip()
    relative = _RELATIVE_DAY.match(text)
    if relative:
        base = day.today if relative.group(1).lower() == "today" else day.today - timedelta(1)
        days = int(relative.group(3) or 0) * (-1 if relative.group(2) == "-" else 1)
        return base + timedelta(days=days)
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    if "T" in text and text[:4].isdigit():
        try:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return text


def parse_overrides(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--param name=value` pairs as a mapping; raises UsageError on a malformed one."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise UsageError(
                f"--param: expected name=value with a placeholder name like date; "
                f"found {quoted(pair)}"
            )
        out[name] = value
    return out


def cli_value(text: str) -> object:
    """A `--param` value: numbers and true/false typed, everything else as written."""
    if _INTEGER.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def resolve(
    defaults: Mapping[str, object], overrides: Mapping[str, str], day: CheckDay
) -> dict[str, Value]:
    """Every value a query can use: built-ins, then its defaults, then overrides."""
    values: dict[str, Value] = day.builtins()
    for name, raw in defaults.items():
        values[name] = interpret(raw, day)
    for name, text in overrides.items():
        values[name] = interpret(cli_value(text), day)
    return values


def placeholder_names(tree: Any) -> list[str]:
    """The placeholders a parsed query uses, in order of first appearance."""
    from sqlglot import exp

    names = [str(node.name) or "?" for node in tree.find_all(exp.Placeholder)]
    return list(dict.fromkeys(names))


def bind(tree: Any, values: Mapping[str, Value]) -> exp.Expression:
    """A copy of the parsed query with every `:name` replaced by its typed literal.

    Raises UnboundPlaceholder naming every placeholder without a value.
    """
    from sqlglot import exp

    missing = [n for n in placeholder_names(tree) if n not in values]
    if missing:
        shown = ", ".join("an unnamed placeholder" if n == "?" else f":{n}" for n in missing)
        known = ", ".join(f":{n}" for n in sorted(values))
        raise UnboundPlaceholder(
            f"no value for {shown}; expected one of {known} or a params: default "
            "or --param name=value"
        )

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            return literal(values[str(node.name)])
        return node

    bound: exp.Expression = tree.copy().transform(replace)
    return bound


def literal(value: Value) -> exp.Expression:
    """A value as a sqlglot literal node of its type."""
    from sqlglot import exp

    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.Literal.number(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return exp.Literal.string(str(value))
        # Plain digits: an exponent (1e-05) is not a number literal in every dialect.
        return exp.Literal.number(format(Decimal(repr(value)), "f"))
    if isinstance(value, datetime):
        utc = value.astimezone(UTC)
        text = utc.strftime("%Y-%m-%d %H:%M:%S" + (".%f" if utc.microsecond else "") + "+00:00")
        return exp.cast(exp.Literal.string(text), exp.DataType.build("TIMESTAMPTZ"))
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    return exp.Literal.string(value)
