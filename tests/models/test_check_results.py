"""`CheckResults.latest()`: the one reading of "the last result of each check" that the
site and the handoff note share."""

from __future__ import annotations

from typing import Any

from opsbook.models.check_results import CheckResults


def entry(check: str, status: str, at: str | None) -> dict[str, Any]:
    return {
        "runbook": "profit",
        "check": check,
        "kind": "query",
        "status": status,
        "severity": "error",
        "duration_ms": 1.0,
        "message": status,
        "rows": [],
        "columns": [],
        "row_count": 0,
        "description": None,
        "informational": False,
        "at": at,
    }


def test_the_latest_result_of_each_check_wins_with_its_instant() -> None:
    results = CheckResults.model_validate(
        {
            "results": [
                entry("a", "fail", "2026-11-20T10:00:00Z"),
                entry("a", "pass", "2026-11-21T10:00:00Z"),
                entry("a", "warn", "2026-11-19T10:00:00Z"),
                entry("b", "pass", None),  # written before entries carried their instant
            ],
            "summary": {"pass": 2, "fail": 1, "warn": 1},
            "db": "duckdb:///wh.duckdb",
            "at": "2026-11-18T10:00:00Z",
        }
    )
    latest = results.latest()
    assert {key: e.status for key, e in latest.items()} == {
        ("profit", "a"): "pass",
        ("profit", "b"): "pass",
    }
    assert str(latest[("profit", "b")].at) == "2026-11-18 10:00:00+00:00"
