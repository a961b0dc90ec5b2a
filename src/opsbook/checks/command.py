"""The command line that runs one check again: the site and the handoff note print it."""

from __future__ import annotations

import shlex


def check_command(runbook: str, check: str) -> str:
    """`opsbook check RUNBOOK --only NAME`, quoted for a POSIX shell."""
    return f"opsbook check {shlex.quote(runbook)} --only {shlex.quote(check)}"
