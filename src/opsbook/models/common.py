"""Field types and the document envelope every kind shares.

Types validate what people get wrong by hand: names, durations, wall-clock times, IANA
zones and holiday countries. Errors name the value found and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, core_schema

from opsbook.durations import PATTERN as DURATION_PATTERN
from opsbook.durations import format_duration, parse_duration
from opsbook.terminal import quoted

NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Model(BaseModel):
    """Base of every model: immutable, unknown keys are errors, docstrings describe fields."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


@dataclass(frozen=True)
class Matching:
    """`Annotated[str, Matching(pattern, expected)]`: a string matching `pattern`; the
    error says what was `expected` and what was found.

    The pattern goes into the JSON Schema from here: as a Field constraint after a
    validator, pydantic would leave it out of the schema, and editors accept anything."""

    pattern: str
    expected: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        compiled = re.compile(self.pattern)

        def check(value: str) -> str:
            if not compiled.fullmatch(value):
                raise ValueError(f"expected {self.expected}; found {quoted(value)}")
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}


Name = Annotated[
    str, Matching(NAME_PATTERN, "lowercase words joined by hyphens (like profit-aggregate)")
]
"""An id: lowercase letters and digits, words joined by single hyphens."""


def _to_duration(value: Any) -> Any:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        return parse_duration(value)
    raise ValueError(
        f"expected a duration like 30m, 2h, 1d, 2w (units s, m, h, d, w); found {quoted(value)}"
    )


Duration = Annotated[
    timedelta,
    BeforeValidator(_to_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: digits and a unit (s, m, h, d, w), e.g. 30m, 2h, 1w.",
        }
    ),
]
"""A length of time written `30m`, `2h`, `1d`, `1w`, `1h30m`."""


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _to_time(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    raise ValueError(f'expected a wall-clock time "HH:MM" (24h, quoted); found {quoted(value)}')


WallTime = Annotated[
    time,
    BeforeValidator(_to_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$",
            "description": 'A local wall-clock time, "HH:MM".',
        }
    ),
]
"""A local wall-clock time `"HH:MM"`, interpreted in a zone given beside it."""


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _check_zone(value: str) -> str:
    if value in ("UTC", "Etc/UTC") or value in _zones():
        return value
    import difflib

    close = difflib.get_close_matches(value, sorted(_zones()), n=1, cutoff=0.6)
    hint = f" (did you mean {quoted(close[0])}?)" if close else ""
    raise ValueError(
        f"unknown time zone {quoted(value)}; expected an IANA zone like Europe/London{hint}"
    )


TimeZoneName = Annotated[
    str,
    AfterValidator(_check_zone),
    WithJsonSchema(
        {"type": "string", "description": "An IANA time zone, e.g. Europe/London or UTC."}
    ),
]
"""An IANA time zone name, e.g. `Europe/London`."""


@lru_cache(maxsize=1)
def holiday_countries() -> dict[str, tuple[str, ...]]:
    """ISO country codes the `holidays` package knows, with their subdivisions."""
    import holidays

    return {code: tuple(subs) for code, subs in holidays.list_supported_countries().items()}


def _check_country(value: str) -> str:
    countries = holiday_countries()
    if value in countries:
        return value
    raise ValueError(
        f"unknown holiday country {quoted(value)}; expected an ISO 3166-1 alpha-2 code the "
        "holidays package supports, such as FR, US, GB, IN"
    )


CountryCode = Annotated[
    str,
    AfterValidator(_check_country),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "ISO 3166-1 alpha-2 country code, e.g. FR.",
        }
    ),
]
"""An ISO 3166-1 alpha-2 country code the `holidays` package supports."""


class Metadata(Model):
    """Identity of a document, shared by every kind."""

    name: Name
    """Unique id among documents of the same kind; other files refer to it."""
    title: str | None = None
    """Human title shown on the site and in reports; defaults to the name."""
    description: str | None = None
    """One or two sentences on what this document is for."""
    tags: tuple[str, ...] = ()
    """Free labels, e.g. investor-facing, finance; the site indexes them."""

    @property
    def display(self) -> str:
        return self.title or self.name


class Document(Model):
    """The envelope: apiVersion, kind, metadata and a kind-specific spec."""

    api_version: str = Field(alias="apiVersion")
    """The schema version of this document, e.g. `opsbook/v1`."""
    kind: str
    """Which kind of document this is (Runbook, Team, Rotation, …)."""
    metadata: Metadata
    """Identity of the document."""

    @property
    def name(self) -> str:
        return self.metadata.name
