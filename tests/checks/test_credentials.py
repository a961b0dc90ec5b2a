"""Credentials: only from the URL or the environment, never shown."""

from __future__ import annotations

import pytest

from opsbook.checks.credentials import Secrets, expand_environment, redact, secrets_of
from opsbook.errors import UsageError


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://reader:pw@db:5432/analytics", "postgresql://reader:***@db:5432/analytics"),
        ("postgresql://reader@db/analytics", "postgresql://reader@db/analytics"),
        (
            "postgresql://reader:p%40ss@db/a?sslmode=require",
            "postgresql://reader:***@db/a?sslmode=require",
        ),
        ("postgresql://db/a?user=r&password=pw", "postgresql://db/a?user=r&password=***"),
        (
            "snowflake://me:pw@acct/db/schema?warehouse=wh&role=r",
            "snowflake://me:***@acct/db/schema?warehouse=wh&role=r",
        ),
        (
            "bigquery://project/dataset?credentials_base64=abc",
            "bigquery://project/dataset?credentials_base64=***",
        ),
        ("duckdb:///build/demo.duckdb", "duckdb:///build/demo.duckdb"),
    ],
)
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_secrets_of_a_url_cover_both_spellings() -> None:
    assert secrets_of("postgresql://r:p%40ss@db/a?password=x%2Fy").values == (
        "p%40ss",
        "p@ss",
        "x/y",
    )
    assert Secrets(("p@ss", "p")).scrub("p@ss and p") == "*** and ***"


def test_environment_variables_fill_the_url() -> None:
    env = {"PW": "a@b:c/d", "HOST": "db.internal", "DB": "analytics"}
    url, secrets = expand_environment("postgresql://reader:${PW}@${HOST}/${DB}", env)
    # The password is percent-encoded where it sits; host and path are used as written.
    assert url == "postgresql://reader:a%40b%3Ac%2Fd@db.internal/analytics"
    assert "a@b:c/d" in secrets.values
    assert "db.internal" not in secrets.values
    assert redact(url) == "postgresql://reader:***@db.internal/analytics"


def test_a_missing_variable_is_named() -> None:
    with pytest.raises(UsageError, match="environment variable PW is not set"):
        expand_environment("postgresql://reader:${PW}@db/a", {})
