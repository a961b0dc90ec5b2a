"""Warehouse URLs without their secrets: expanded from the environment, shown redacted.

Credentials reach opsbook only through the URL (`postgresql://reader:pw@host/db`) or
the environment (`${WAREHOUSE_PASSWORD}` inside the URL, or the driver's own variables
such as `PGPASSWORD`). Nothing opsbook prints may contain them, including driver error
messages, which sometimes quote the connection string: every message about a warehouse
goes through `Secrets.scrub` first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from opsbook.errors import UsageError

MASK = "***"
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Query-string keys that carry a secret in the URL forms of common drivers
# (psycopg `password=`, Snowflake `private_key_passphrase=`, BigQuery `credentials_base64=`).
_SECRET_KEY = re.compile(r"pass|pwd|secret|token|key|credential", re.IGNORECASE)


@dataclass(frozen=True)
class Secrets:
    """The secret strings of one URL, to scrub from anything shown."""

    values: tuple[str, ...] = ()

    def scrub(self, text: str) -> str:
        """`text` with every secret replaced by ***, longest first."""
        for secret in sorted(self.values, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text


def expand_environment(url: str, environ: Mapping[str, str]) -> tuple[str, Secrets]:
    """Replace `${NAME}` with the variable's value; the values count as secrets.

    A workspace's `opsbook.yaml` is committed, so its URL names variables instead of
    holding a password. A variable in the user:password part is percent-encoded, so a
    password may hold `@`, `:` or `/` as it is. Raises UsageError naming a variable that
    is not set.
    """
    missing = sorted({m for m in _VARIABLE.findall(url) if m not in environ})
    if missing:
        raise UsageError(
            f"warehouse URL: environment variable {', '.join(missing)} is not set; "
            "expected it to hold part of the URL (usually the password)"
        )
    scheme_end = url.find("://")
    userinfo_end = url.rfind("@", 0, _host_end(url, scheme_end)) if scheme_end >= 0 else -1

    hidden: list[str] = []

    def value(match: re.Match[str]) -> str:
        raw = environ[match.group(1)]
        if not scheme_end < match.start() < userinfo_end:
            return raw
        hidden.append(raw)
        return quote(raw, safe="")

    full = _VARIABLE.sub(value, url)
    return full, Secrets(tuple(v for v in hidden if v) + secrets_of(full).values)


def _host_end(url: str, scheme_end: int) -> int:
    """Where the authority part of a URL template ends (its path or query starts)."""
    start = scheme_end + 3
    ends = [i for i in (url.find("/", start), url.find("?", start)) if i >= 0]
    return min(ends) if ends else len(url)


def secrets_of(url: str) -> Secrets:
    """The password of a URL (as written and percent-decoded) and secret query values."""
    found: list[str] = []
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return Secrets()
    if password:
        found += [password, unquote(password)]
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if _SECRET_KEY.search(key) and value:
            found += [value, unquote(value)]
    return Secrets(tuple(dict.fromkeys(v for v in found if v)))


def redact(url: str) -> str:
    """The URL as it may be shown: password and secret query values replaced by ***."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return MASK
    netloc = parts.netloc
    if password is not None:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}"
    query = "&".join(
        f"{key}={MASK if _SECRET_KEY.search(key) else value}"
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    shown = f"{parts.scheme}://{netloc}{parts.path}" if parts.scheme else url
    return f"{shown}?{query}" if query else shown
