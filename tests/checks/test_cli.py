"""`opsbook check` end to end: options, the JSON contract, exit codes, credentials."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from opsbook.cli.entry import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
WORKSPACE = FIXTURES / "workspace"
AT = "2026-11-23T09:00:00+00:00"
CONTRACT_KEYS = [
    "runbook",
    "check",
    "kind",
    "status",
    "severity",
    "duration_ms",
    "message",
    "rows",
]


def check(*args: str) -> list[str]:
    return ["check", "--root", str(WORKSPACE), "--at", AT, *args]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(check("--format", "json", *args))
    out = capsys.readouterr().out
    document: dict[str, Any] = json.loads(out)
    return code, document


def test_json_contract_key_by_key(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = run_json(capsys, "--db", db_url, "dialects", "row-counts", "freshness")
    assert code == 1
    assert list(document)[:1] == ["results"]
    results = document["results"]
    assert len(results) == 2 + 8 + 6
    for result in results:
        assert list(result)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert isinstance(result["runbook"], str)
        assert isinstance(result["check"], str)
        assert result["kind"] in ("query", "freshness")
        assert result["status"] in ("pass", "warn", "fail", "error")
        assert result["severity"] in ("error", "warn")
        assert isinstance(result["duration_ms"], int | float)
        assert result["duration_ms"] >= 0
        assert isinstance(result["message"], str)
        assert result["message"]
        assert isinstance(result["rows"], list)
        assert len(result["rows"]) <= 5
        assert all(isinstance(row, list) for row in result["rows"])
        assert "sql" not in result  # only with --show-sql
    by_name = {r["check"]: r for r in results}
    large = by_name["no-large-orders"]
    assert (large["kind"], large["status"], large["severity"]) == ("query", "fail", "error")
    assert large["rows"] == [[1, 120], [4, 150]]
    assert (large["columns"], large["row_count"]) == (["id", "amount"], 2)
    assert large["description"] == "An order above 100 needs a second look."
    warned = by_name["large-orders-warn"]
    assert (warned["status"], warned["severity"]) == ("warn", "warn")
    stale = by_name["freshness:stale_mart"]
    assert (stale["kind"], stale["status"], stale["severity"]) == ("freshness", "fail", "error")
    assert stale["freshness"]["age_seconds"] == 60 * 3600
    assert by_name["freshness:aging_mart"]["severity"] == "warn"
    assert document["summary"] == {"pass": 7, "warn": 3, "fail": 4, "error": 2}
    assert document["at"] == AT


def test_exit_zero_when_nothing_fails_at_error_severity(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    passing = (
        "--query",
        "five-orders",
        "--query",
        "large-orders-warn",
        "--query",
        "orders-by-status",
    )
    code, document = run_json(capsys, "--db", db_url, *passing)
    assert code == 0
    by_name = {r["check"]: r for r in document["results"]}
    assert {name: r["status"] for name, r in by_name.items()} == {
        "five-orders": "pass",
        "large-orders-warn": "warn",
        "orders-by-status": "pass",
    }
    assert by_name["orders-by-status"]["rows"] == [["paid", 4], ["refunded", 1]]


def test_query_param_and_show_sql(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = run_json(
        capsys,
        "--db",
        db_url,
        "--query",
        "enough-orders-yesterday",
        "--param",
        "date=2026-11-21",
        "--show-sql",
    )
    (result,) = document["results"]
    assert code == 1
    assert (result["check"], result["status"], result["row_count"]) == (
        "enough-orders-yesterday",
        "fail",
        1,
    )
    assert "CAST('2026-11-21' AS DATE)" in result["sql"]
    assert ":date" not in result["sql"]


def test_show_sql_in_text_prints_what_ran_after_transpiling(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(check("--db", db_url, "--query", "snowflake-functions", "--show-sql"))
    out = capsys.readouterr().out
    assert code == 0
    assert "-- dialects / snowflake-functions" in out
    assert "IFF(" not in out  # Snowflake's IFF became CASE WHEN for DuckDB and PostgreSQL
    assert "CASE WHEN COUNT(*) > 2 THEN 'busy' ELSE 'quiet' END" in out
    assert "CAST('2026-11-23' AS DATE)" in out


def test_text_report_table_rows_and_summary(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # not a terminal: 120 columns
    code = main(check("--db", db_url, "row-counts"))
    out = capsys.readouterr().out
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["status", "check", "time", "reason"]
    table = {line.split()[3]: line for line in lines if " / " in line and " ms " in line}
    assert table["no-large-orders"].split()[0] == "FAIL"
    assert table["no-large-orders"].endswith("2 rows; expected no rows")
    assert table["large-orders-warn"].split()[0] == "WARN"
    assert table["broken-column"].split()[0] == "ERROR"
    assert table["five-orders"].split()[0] == "pass"
    # The failing rows under the table, under the check's description.
    start = lines.index(
        "FAIL row-counts / no-large-orders: An order above 100 needs a second look."
    )
    assert [line.split() for line in lines[start + 1 : start + 4]] == [
        ["id", "amount"],
        ["1", "120"],
        ["4", "150"],
    ]
    assert lines[-1] == "8 checks: 3 passed, 2 warnings, 2 failed, 1 error"
    assert all(line == line.rstrip() for line in lines)


def test_unknown_runbook_and_query_are_usage_errors(
    duckdb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"duckdb:///{duckdb_path}"
    assert main(check("--db", db, "row-count")) == 2
    assert "unknown runbook 'row-count' (did you mean 'row-counts'?)" in capsys.readouterr().err
    assert main(check("--db", db, "--query", "five-order")) == 2
    err = capsys.readouterr().err
    assert "--query: no check 'five-order' (did you mean 'five-orders'?) in any runbook" in err
    assert main(check("--db", db, "values", "--query", "five-orders")) == 2
    assert "in values" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("param", "says"),
    [
        ("date", "--param: expected name=value"),
        ("=2026-11-20", "--param: expected name=value"),
        ("bad-name=1", "--param: expected name=value"),
        ("tresholdd=5", "--param: no selected query uses 'tresholdd' (did you mean 'threshold'?)"),
    ],
)
def test_malformed_or_unused_params_are_usage_errors(
    duckdb_path: Path, param: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(check("--db", f"duckdb:///{duckdb_path}", "params", "--param", param)) == 2
    assert says in capsys.readouterr().err


def test_wrong_password_is_exit_2_in_one_line_without_the_password(
    pg_server: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = "Wr0ng-p@ss:word"
    code = main(check("--db", pg_server.url("checks_fixture", password=wrong)))
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    (line,) = lines
    assert line.startswith("opsbook: cannot connect to postgresql://opsbook:***@127.0.0.1:")
    assert "password authentication failed" in line
    for secret in (wrong, quote(wrong, safe=""), pg_server.password):
        assert secret not in captured.err


def test_credentials_from_the_environment(
    pg_server: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`${VAR}` in the URL (e.g. opsbook.yaml's), or the driver's own PGPASSWORD."""
    monkeypatch.setenv("WAREHOUSE_PASSWORD", pg_server.password)
    url = f"postgresql://opsbook:${{WAREHOUSE_PASSWORD}}@127.0.0.1:{pg_server.port}/checks_fixture"
    code, document = run_json(capsys, "--db", url, "--query", "five-orders")
    assert (code, document["results"][0]["status"]) == (0, "pass")
    assert document["db"] == f"postgresql://opsbook:***@127.0.0.1:{pg_server.port}/checks_fixture"
    assert pg_server.password not in json.dumps(document)
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    monkeypatch.setenv(
        "OPSBOOK_DB", f"postgresql://opsbook@127.0.0.1:{pg_server.port}/checks_fixture"
    )
    code = main(check("--query", "five-orders"))
    assert code == 0
    assert "1 check: 1 passed" in capsys.readouterr().out
    monkeypatch.delenv("WAREHOUSE_PASSWORD")
    assert main(check("--db", url)) == 2
    assert "environment variable WAREHOUSE_PASSWORD is not set" in capsys.readouterr().err


def test_unreachable_warehouses_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for url in (
        "postgresql://reader:Hunter2-pw@127.0.0.1:1/db",
        f"duckdb:///{tmp_path}/absent.duckdb",
        "snowflake://reader:Hunter2-pw@account/db/schema?warehouse=wh",
    ):
        assert main(check("--db", url)) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert len(captured.err.splitlines()) == 1
        assert "Hunter2-pw" not in captured.err


def test_a_relative_sqlite_path_is_the_workspace_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--db sqlite:///wh.sqlite` names the file under --root, as a relative DuckDB path
    does, not one in the directory the command was started from."""
    import sqlite3

    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    with sqlite3.connect(root / "wh.sqlite") as con:
        con.execute("CREATE TABLE orders (id INTEGER)")
        con.executemany("INSERT INTO orders VALUES (?)", [(i,) for i in range(5)])
    con.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    args = ["check", "--root", str(root), "--at", AT, "--format", "json"]
    code = main([*args, "--db", "sqlite:///wh.sqlite", "--query", "five-orders"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    (result,) = json.loads(captured.out)["results"]
    assert (result["status"], result["message"]) == ("pass", "5 rows, as expected")


def test_no_warehouse_anywhere_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(check()) == 2
    assert "no warehouse: pass --db URL" in capsys.readouterr().err


def test_warehouse_is_a_hidden_alias_of_db(
    duckdb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(check("--warehouse", f"duckdb:///{duckdb_path}", "--query", "five-orders"))
    assert code == 0
    capsys.readouterr()
    assert main(["check", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert "--db URL" in help_text
    assert "--warehouse" not in help_text
    assert "[default: 60.0" in help_text


def test_an_invalid_workspace_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "ws"
    shutil.copytree(WORKSPACE, broken)
    rb = broken / "runbooks" / "values.yaml"
    rb.write_text(rb.read_text().replace("min: 100, max: 1000", "min: 1000, max: 100"))
    assert main(["check", "--root", str(broken), "--db", "duckdb:///:memory:"]) == 2
    err = capsys.readouterr().err
    assert "values.yaml:" in err
    assert "max (100) is below min (1000)" in err


def test_the_timeout_option_stops_a_slow_query(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, document = run_json(
        capsys, "--db", postgres_url, "--query", "slow-postgres", "--timeout", "0.5"
    )
    (result,) = document["results"]
    assert code == 1
    assert (result["status"], result["message"]) == (
        "error",
        "stopped after 0.5s (statement_timeout)",
    )
    assert result["duration_ms"] < 5000


def test_out_writes_results_that_fit_the_published_schema(
    db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import jsonschema

    out = tmp_path / "results" / "checks.json"
    code = main(check("--db", db_url, "--out", str(out), "dialects", "row-counts", "freshness"))
    assert code == 1
    capsys.readouterr()
    document = json.loads(out.read_text(encoding="utf-8"))
    schema_path = Path(__file__).resolve().parents[2] / "schemas" / "check-results.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert {r["at"] for r in document["results"]} == {AT}
    assert {r["status"] for r in document["results"]} == {"pass", "warn", "fail", "error"}
    # A result the schema does not know is refused, so the schema is not a blank check.
    broken = {**document, "results": [{**document["results"][0], "status": "maybe"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_only_runs_the_one_named_validation(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, document = run_json(capsys, "--db", db_url, "row-counts", "--only", "no-large-orders")
    assert [r["check"] for r in document["results"]] == ["no-large-orders"]
    assert code == 1


def test_the_manuals_json_example_is_what_check_prints(
    duckdb_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/manual/checks.md shows a result with the keys `--format json` prints, in
    its order, and names each of them (before: without the `at` every result has)."""
    import re

    import jsonschema

    repo = Path(__file__).resolve().parents[2]
    page = (repo / "docs" / "manual" / "checks.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^```json\n(.*?)^```", page, flags=re.MULTILINE | re.DOTALL)
    shown = json.loads(block)
    code, printed = run_json(
        capsys, "--db", f"duckdb:///{duckdb_path}", "--query", "freshness:stale_mart"
    )
    assert code == 1
    (example,) = shown["results"]
    (result,) = printed["results"]
    assert (list(shown), list(example), list(example["freshness"])) == (
        list(printed),
        list(result),
        list(result["freshness"]),
    )
    schema = json.loads((repo / "schemas" / "check-results.schema.json").read_text())
    jsonschema.validate(shown, schema)
    every = re.search(r"^Every result has (.*?)\n\n", page, flags=re.MULTILINE | re.DOTALL)
    assert every is not None
    assert [key for key in result if f"`{key}`" not in every.group(1)] == []
