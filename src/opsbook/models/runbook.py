"""Runbook: everything an on-call engineer needs about one pipeline."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from opsbook.models.common import Document, Duration, Matching, Model, Name, TimeZoneName, WallTime

Tier = Literal["investor", "experiment", "internal"]

PARAM_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


class Sla(Model):
    """A time by which the pipeline's output must be ready."""

    name: str
    """Which output, e.g. daily, monthly."""
    ready_by: WallTime
    """Local time the data must be ready, "HH:MM"."""
    timezone: TimeZoneName = "UTC"
    """Zone `ready_by` is read in."""
    description: str | None = None
    """Details, e.g. first business day after month close."""


class Freshness(Model):
    """How old a table's newest row may get before it is a problem."""

    table: str
    """Table to watch, as named in the warehouse."""
    loaded_at: str
    """Column holding each row's load time."""
    warn_after: Duration
    """Age of the newest row that warrants a warning."""
    error_after: Duration
    """Age of the newest row that is an incident."""
    description: str | None = None
    """What staleness here means for readers."""


class Source(Model):
    """Where the pipeline's data comes from."""

    name: str
    """Table, topic or API."""
    description: str | None = None
    """What it holds."""


class Architecture(Model):
    """The systems the pipeline runs on."""

    orchestration: str | None = None
    """Scheduler, e.g. Airflow."""
    processing: tuple[str, ...] = ()
    """Compute, e.g. Spark, dbt."""
    storage: tuple[str, ...] = ()
    """Where data rests, e.g. S3, Snowflake."""
    dashboards: tuple[str, ...] = ()
    """Where people read the output."""


class FailureMode(Model):
    """Something that goes wrong, how it shows, and what it costs."""

    failure: str
    """What breaks."""
    symptom: str | None = None
    """What people see."""
    cause: str | None = None
    """Why it usually happens."""
    risk: str | None = None
    """What it costs if missed."""


class TroubleshootingCase(Model):
    """A situation and how to investigate it."""

    case: str
    """The situation, e.g. Missing data."""
    steps: tuple[str, ...] = ()
    """What to do, in order."""
    queries: tuple[Name, ...] = ()
    """Names of this runbook's validation queries that help here."""


class RecoveryStep(Model):
    """One step to restore correct data."""

    step: str
    """What to do."""
    sql: str | None = None
    """Statement to run, if any; parameters like :date are filled in by hand."""
    dialect: str | None = None
    """SQL dialect of `sql`; default: the workspace's."""


ParamName = Annotated[
    str,
    Matching(PARAM_NAME_PATTERN, "a placeholder name like date or min_share (letters, digits, _)"),
]
"""A placeholder name as written after the colon in SQL (`:date` → `date`)."""

ParamValue = bool | int | float | str
"""A parameter default: a number, true/false, text, an ISO date or instant, or a date
relative to the check's day: `today`, `yesterday`, `today-7d`, `yesterday+1d`."""

Number = int | float
"""A number to compare a value with."""


class ValueExpectation(Model):
    """Bounds for the single value a one-row query returns."""

    column: str | None = None
    """Column holding the value (matched case-insensitively); default: the first column."""
    min: Number | None = None
    """The value must be at least this (inclusive)."""
    max: Number | None = None
    """The value must be at most this (inclusive)."""
    equals: ParamValue | None = None
    """The value must equal this: numerically for numbers, as text otherwise."""

    @field_validator("max")
    @classmethod
    def _ordered(cls, value: Number | None, info: ValidationInfo) -> Number | None:
        low = info.data.get("min")
        if value is not None and low is not None and low > value:
            raise ValueError(f"max ({value}) is below min ({low}); expected max >= min")
        return value

    @field_validator("equals")
    @classmethod
    def _alone(cls, value: ParamValue | None, info: ValidationInfo) -> ParamValue | None:
        if value is not None and (
            info.data.get("min") is not None or info.data.get("max") is not None
        ):
            raise ValueError("equals is exact; expected it without min or max")
        return value

    @model_validator(mode="after")
    def _something_expected(self) -> ValueExpectation:
        if self.min is None and self.max is None and self.equals is None:
            raise ValueError("expected min, max or equals; found none")
        return self

    def describe(self) -> str:
        """The bound in words, e.g. `between 0.95 and 1`."""
        if self.equals is not None:
            return f"equal to {self.equals}"
        if self.max is None:
            return f"at least {self.min}"
        if self.min is None:
            return f"at most {self.max}"
        return f"between {self.min} and {self.max}"


class Expectation(Model):
    """What a validation query must return to pass: a row count, or one row's value."""

    rows: int | None = Field(default=None, ge=0)
    """Exact number of rows; 0 for a failing-rows check (the rows returned are the failures)."""
    min_rows: int | None = Field(default=None, ge=0)
    """At least this many rows."""
    max_rows: int | None = Field(default=None, ge=0)
    """At most this many rows."""
    value: ValueExpectation | None = None
    """The query returns exactly one row whose value must lie within these bounds."""

    @field_validator("min_rows", "max_rows")
    @classmethod
    def _consistent(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return value
        if info.data.get("rows") is not None:
            raise ValueError(f"rows is exact; expected it alone, found {info.field_name} beside it")
        low = info.data.get("min_rows")
        if info.field_name == "max_rows" and low is not None and low > value:
            raise ValueError(
                f"max_rows ({value}) is below min_rows ({low}); expected max_rows >= min_rows"
            )
        return value

    @field_validator("value")
    @classmethod
    def _value_alone(
        cls, value: ValueExpectation | None, info: ValidationInfo
    ) -> ValueExpectation | None:
        counted = [k for k in ("rows", "min_rows", "max_rows") if info.data.get(k) is not None]
        if value is not None and counted:
            raise ValueError(
                f"value checks one row's value; expected it without {', '.join(counted)}"
            )
        return value

    @model_validator(mode="after")
    def _something_expected(self) -> Expectation:
        if (
            self.rows is None
            and self.min_rows is None
            and self.max_rows is None
            and self.value is None
        ):
            raise ValueError("expected one of rows, min_rows, max_rows or value; found none")
        return self

    def holds(self, count: int) -> bool:
        """Whether a row count meets a row-count expectation (always True for `value`)."""
        if self.value is not None:
            return True
        if self.rows is not None:
            return count == self.rows
        low = self.min_rows if self.min_rows is not None else 0
        return count >= low and (self.max_rows is None or count <= self.max_rows)

    def describe(self) -> str:
        """What passes, in words, e.g. `no rows` or `one row whose share is at least 0.95`."""
        if self.value is not None:
            what = self.value.column or "value"
            return f"one row whose {what} is {self.value.describe()}"
        if self.rows is not None:
            return "no rows" if self.rows == 0 else f"exactly {_rows(self.rows)}"
        if self.max_rows is None:
            return f"at least {_rows(self.min_rows or 0)}"
        if self.min_rows is None:
            return f"at most {_rows(self.max_rows)}"
        return f"between {self.min_rows} and {self.max_rows} rows"


def _rows(count: int) -> str:
    return "1 row" if count == 1 else f"{count} rows"


class ValidationQuery(Model):
    """A read-only query that checks the pipeline's output."""

    name: Name
    """Id, unique within the runbook; troubleshooting cases refer to it."""
    description: str | None = None
    """What a failure means."""
    dialect: str | None = None
    """SQL dialect the query is written in; default: the workspace's."""
    sql: str
    """A single SELECT or WITH statement. `:name` placeholders are bound to typed values:
    built-ins `:date` and `:yesterday` (the day before the check's instant, in the
    runbook's first SLA zone), `:today` and `:at` (the instant), then `params`, then
    `opsbook check --param name=value`."""
    params: dict[ParamName, ParamValue] = Field(default_factory=dict)
    """Defaults for this query's own placeholders, name → value: a number, true/false,
    text, an ISO date or instant, or a relative day (`today`, `yesterday`, `today-7d`)."""
    expect: Expectation | None = None
    """What the query must return to pass; without it the query is informational: its
    rows are shown and it never fails."""
    severity: Literal["error", "warn"] = "error"
    """error fails `opsbook check`; warn only reports."""


class Review(Model):
    """When the runbook was last checked against reality."""

    last_reviewed: date
    """Date of the last review."""
    every: Duration
    """How often it must be reviewed."""
    reviewer: str | None = None
    """Who reviewed it last."""


class RunbookSpec(Model):
    """The content of a runbook, section by section."""

    tier: Tier = "internal"
    """investor | experiment | internal; drives the completeness rules."""
    purpose: str | None = None
    """What business metric the pipeline computes and who reads it."""
    schedule: str | None = None
    """How often it runs, e.g. daily or a cron expression."""
    sla: tuple[Sla, ...] = ()
    """When outputs must be ready."""
    freshness: tuple[Freshness, ...] = ()
    """Staleness thresholds per table."""
    escalation: Name | None = None
    """The EscalationPolicy to follow when this pipeline breaks."""
    sources: tuple[Source, ...] = ()
    """Upstream data."""
    architecture: Architecture | None = None
    """Systems involved."""
    flow: tuple[str, ...] = ()
    """Steps from sources to output, in order."""
    failure_modes: tuple[FailureMode, ...] = ()
    """What goes wrong."""
    monitoring: tuple[str, ...] = ()
    """Alerts and tests that watch the pipeline."""
    troubleshooting: tuple[TroubleshootingCase, ...] = ()
    """How to investigate common situations."""
    recovery: tuple[RecoveryStep, ...] = ()
    """How to restore correct data."""
    validation: tuple[ValidationQuery, ...] = ()
    """Read-only checks of the output."""
    review: Review | None = None
    """When the runbook was last reviewed."""

    @field_validator("validation")
    @classmethod
    def _unique_query_names(cls, value: tuple[ValidationQuery, ...]) -> tuple[ValidationQuery, ...]:
        names = [q.name for q in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(
                f"expected unique validation query names; found {', '.join(dupes)} more than once"
            )
        return value


class Runbook(Document):
    """A pipeline's runbook."""

    kind: Literal["Runbook"]
    """Always `Runbook`."""
    spec: RunbookSpec
    """The runbook's sections."""
