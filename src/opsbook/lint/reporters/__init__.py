"""Reporters: one per output format, chosen by name, behind one small interface.

A reporter turns a `LintReport` into the text to print; it never prints itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from opsbook.errors import UsageError
from opsbook.lint.reporters.github import GithubReporter
from opsbook.lint.reporters.json_report import JsonReporter
from opsbook.lint.reporters.sarif import SarifReporter
from opsbook.lint.reporters.text import TextReporter
from opsbook.lint.runner import LintReport


class Reporter(Protocol):
    """Renders a lint report in one format."""

    @property
    def name(self) -> str:
        """The format's name, as `--format` spells it."""
        ...

    def render(self, report: LintReport) -> str:
        """The whole output, ending with a newline unless empty."""
        ...


REPORTERS: dict[str, Callable[..., Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
}
"""Every output format by name."""


def get_reporter(name: str, *, color: bool = False) -> Reporter:
    """The reporter for `name`; `color` only matters for text."""
    factory = REPORTERS.get(name)
    if factory is None:
        raise UsageError(f"unknown format {name!r}; expected one of: {', '.join(REPORTERS)}")
    if name == "text":
        return TextReporter(color=color)
    return factory()


__all__ = ["REPORTERS", "Reporter", "get_reporter"]
