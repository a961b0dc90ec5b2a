"""Durations as people write them in YAML: `30m`, `2h`, `1w`, `90d`, `1h30m`."""

from __future__ import annotations

import re
from datetime import timedelta

from opsbook.terminal import quoted

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d+)([smhdw])")
PATTERN = r"^(\d+[smhdw])+$"
_WHOLE = re.compile(PATTERN)


def parse_duration(text: str) -> timedelta:
    """Parse `1w`, `26h`, `1h30m`; raise ValueError naming what was expected."""
    value = text.strip().lower()
    if not _WHOLE.match(value):
        raise ValueError(
            f"expected a duration like 30m, 2h, 1d, 2w (units s, m, h, d, w); found {quoted(text)}"
        )
    seconds = sum(int(n) * _UNITS[u] for n, u in _PART.findall(value))
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest exact spelling: 7 days is `1w`, 90 minutes is `1h30m`."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0m"
    out = ""
    for unit in ("w", "d", "h", "m", "s"):
        size = _UNITS[unit]
        if seconds >= size:
            count, seconds = divmod(seconds, size)
            out += f"{count}{unit}"
    return out
