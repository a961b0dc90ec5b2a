"""A JSON document: every finding with its full position, and a summary."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from opsbook.diagnostics import Severity
from opsbook.lint.runner import LintReport

FORMAT_VERSION = 1
"""Bumped when a field is renamed or removed; fields may be added freely."""


@dataclass(frozen=True)
class JsonReporter:
    name: str = "json"

    def render(self, report: LintReport) -> str:
        findings: list[dict[str, Any]] = [
            {
                "path": d.path,
                "line": d.span.line,
                "col": d.span.col,
                "end_line": d.span.end_line,
                "end_col": d.span.end_col,
                "code": d.code,
                "rule": d.rule,
                "severity": d.severity.value,
                "message": d.message,
                "key_path": d.key_path,
                "url": d.url,
            }
            for d in report.diagnostics
        ]
        document = {
            "version": FORMAT_VERSION,
            "summary": {
                "files": len(report.files),
                "errors": report.count(Severity.ERROR),
                "warnings": report.count(Severity.WARNING),
                "infos": report.count(Severity.INFO),
            },
            "findings": findings,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
