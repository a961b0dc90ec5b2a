"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps…) ingest.

One run; the driver lists every selected rule with its documentation and `helpUri`;
each result points at its file and region. Paths stay relative (to the folder lint ran
in), which is what code scanning expects of a checkout.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from opsbook import __version__
from opsbook.diagnostics import Diagnostic, Severity
from opsbook.lint.context import rule_url
from opsbook.lint.runner import LintReport

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@dataclass(frozen=True)
class SarifReporter:
    name: str = "sarif"

    def render(self, report: LintReport) -> str:
        index = {rule.code: i for i, rule in enumerate(report.rules)}
        rules: list[dict[str, Any]] = []
        for rule in report.rules:
            entry: dict[str, Any] = {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary or rule.name},
                "helpUri": rule_url(report.site_url, rule.code),
                "defaultConfiguration": {"level": _LEVELS[rule.severity]},
            }
            if rule.body:
                entry["help"] = {"text": rule.body, "markdown": rule.body}
            rules.append(entry)
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "opsbook",
                            "version": __version__,
                            "informationUri": "https://opsbook.dev/",
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": [_result(d, index[d.code]) for d in report.diagnostics],
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    pure = PurePath(path)
    if pure.is_absolute():
        return Path(path).as_uri()
    return pure.as_posix()


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    span = d.span
    end_line = max(span.end_line, span.line)
    end_col = span.end_col if end_line > span.line else max(span.end_col, span.col)
    return {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(d.path)},
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.col,
                        "endLine": end_line,
                        "endColumn": end_col,
                    },
                },
                **(
                    {"logicalLocations": [{"fullyQualifiedName": d.key_path}]} if d.key_path else {}
                ),
            }
        ],
    }
