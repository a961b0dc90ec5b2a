"""How the pages print an instant: one format on every page, in UTC, so a site reads
the same wherever it was built."""

from __future__ import annotations

from datetime import UTC, datetime


def format_at(at: datetime) -> str:
    """`2026-11-23 12:00 UTC`: the build's instant, a check's run, a postmortem's times."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
