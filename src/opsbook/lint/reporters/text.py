"""`path:line:col: CODE [severity] message`, one finding per line, as editors link them."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.diagnostics import Severity
from opsbook.lint.runner import LintReport
from opsbook.terminal import sanitize, sanitize_line

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


@dataclass(frozen=True)
class TextReporter:
    """Plain lines; ANSI colours only when asked (the CLI asks on a terminal)."""

    color: bool = False
    name: str = "text"

    def render(self, report: LintReport) -> str:
        lines = []
        for d in report.diagnostics:
            # The colours are ours; a control character in a file name or a quoted
            # value is shown, never obeyed.
            where = f"{sanitize_line(d.path)}:{d.span.line}:{d.span.col}:"
            code = d.code
            severity = f"[{d.severity.value}]"
            if self.color:
                tone = _COLORS[d.severity]
                where = f"\x1b[1m{where}\x1b[0m"
                code = f"\x1b[{tone};1m{code}\x1b[0m"
                severity = f"\x1b[{tone}m{severity}\x1b[0m"
            lines.append(f"{where} {code} {severity} {sanitize(d.message)}")
        return "".join(line + "\n" for line in lines)


def summary_line(report: LintReport) -> str:
    """`2 errors, 1 warning in 9 files`, or `no findings in 9 files`."""
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        n = report.count(severity)
        if n:
            parts.append(f"{n} {word}{'s' if n != 1 and severity is not Severity.INFO else ''}")
    files = len(report.files)
    what = ", ".join(parts) if parts else "no findings"
    return f"{what} in {files} file{'s' if files != 1 else ''}"
