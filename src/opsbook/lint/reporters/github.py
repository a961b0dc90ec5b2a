"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

    ::error file=runbooks/profit.yaml,line=12,col=5,endLine=12,endColumn=9,title=OB130::…

GitHub shows them on the pull request's diff. Values are escaped as the workflow
command syntax requires (`%`, CR, LF everywhere; `:` and `,` in properties too).
"""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.diagnostics import Severity
from opsbook.lint.runner import LintReport

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class GithubReporter:
    name: str = "github"

    def render(self, report: LintReport) -> str:
        lines = []
        for d in report.diagnostics:
            span = d.span
            end_line = max(span.end_line, span.line)
            end_col = span.end_col if end_line > span.line else max(span.end_col, span.col)
            props = ",".join(
                f"{key}={_property(str(value))}"
                for key, value in (
                    ("file", d.path),
                    ("line", span.line),
                    ("col", span.col),
                    ("endLine", end_line),
                    ("endColumn", end_col),
                    ("title", d.code),
                )
            )
            message = f"{d.message} [{d.rule}]" if d.rule else d.message
            if d.url:
                message += f" {d.url}"
            lines.append(f"::{_LEVELS[d.severity]} {props}::{_data(message)}")
        return "".join(line + "\n" for line in lines)
