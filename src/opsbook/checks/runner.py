"""Choose the checks, run each on the engine, and turn every answer into a result.

Nothing here reads the clock: the check's instant comes in as `at`, and durations are
measured with the `stopwatch` the caller passes (the CLI gives `time.perf_counter`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from opsbook.checks.engines import Engine, Fetched, QueryFailed, QueryTimeout, one_line
from opsbook.checks.expectations import judge
from opsbook.checks.freshness import freshness_sql, judge_freshness
from opsbook.checks.params import (
    CheckDay,
    UnboundPlaceholder,
    placeholder_names,
    resolve,
    runbook_zone,
)
from opsbook.checks.results import CheckResult, Status, json_value
from opsbook.checks.sql import prepare_read_only
from opsbook.errors import RefusedError, UsageError
from opsbook.loader.workspace import Workspace
from opsbook.models.runbook import Freshness, Runbook, ValidationQuery

FIRST_ROWS = 5
"""How many of a query's rows a result keeps to show."""


@dataclass(frozen=True)
class CheckOptions:
    """What to run and how: the instant, the timeout, parameter overrides, a filter."""

    at: datetime
    """The instant checks are judged at; `:date`, `:today`, `:at` derive from it."""
    timeout: float = 60.0
    """Seconds each query may run before it is stopped."""
    params: Mapping[str, str] = field(default_factory=dict)
    """`--param name=value` overrides, as written."""
    runbooks: tuple[str, ...] = ()
    """Runbook names to check; empty: all."""
    queries: tuple[str, ...] = ()
    """Check names to run (validation names or `freshness:<table>`); empty: all."""
    first_rows: int = FIRST_ROWS


@dataclass(frozen=True)
class PlannedCheck:
    """One check to run: a runbook's validation query or freshness threshold."""

    runbook: Runbook
    query: ValidationQuery | None = None
    threshold: Freshness | None = None

    @property
    def name(self) -> str:
        if self.query is not None:
            return self.query.name
        assert self.threshold is not None
        return freshness_name(self.threshold)


def freshness_name(threshold: Freshness) -> str:
    """A freshness check's name: `freshness:<table>`."""
    return f"freshness:{threshold.table}"


def plan_checks(ws: Workspace, options: CheckOptions) -> list[PlannedCheck]:
    """The checks the options select, in workspace order: each runbook's queries, then
    its freshness thresholds. Raises UsageError for an unknown runbook, query or
    parameter name, with the closest known one."""
    runbooks = _choose_runbooks(ws, options.runbooks)
    planned = [
        *(
            check
            for runbook in runbooks
            for check in (
                *(PlannedCheck(runbook, query=q) for q in runbook.spec.validation),
                *(PlannedCheck(runbook, threshold=t) for t in runbook.spec.freshness),
            )
        )
    ]
    if options.queries:
        known = list(dict.fromkeys(check.name for check in planned))
        unknown = [name for name in options.queries if name not in known]
        if unknown:
            where = f"in {', '.join(options.runbooks)}" if options.runbooks else "in any runbook"
            raise UsageError(f"--query: no check {_hints(unknown, known)} {where}")
        planned = [check for check in planned if check.name in options.queries]
    _check_param_names(ws, planned, options.params)
    return planned


def _choose_runbooks(ws: Workspace, names: Sequence[str]) -> list[Runbook]:
    if not names:
        return list(ws.runbooks.values())
    unknown = [n for n in names if n not in ws.runbooks]
    if unknown:
        raise UsageError(
            f"unknown runbook {_hints(unknown, list(ws.runbooks))}; known: {', '.join(ws.runbooks)}"
        )
    return [ws.runbooks[n] for n in dict.fromkeys(names)]


def _hints(unknown: Sequence[str], known: Sequence[str]) -> str:
    out = []
    for name in unknown:
        close = difflib.get_close_matches(name, list(known), n=1)
        out.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return ", ".join(out)


def _check_param_names(
    ws: Workspace, planned: Sequence[PlannedCheck], params: Mapping[str, str]
) -> None:
    """A `--param` no selected query uses is a typo, not a silent no-op."""
    if not params:
        return
    import sqlglot
    from sqlglot.errors import SqlglotError

    used = {"date", "yesterday", "today", "at"}
    for check in planned:
        if check.query is None:
            continue
        used.update(check.query.params)
        try:
            for tree in sqlglot.parse(check.query.sql, read=check.query.dialect or ws.spec.dialect):
                if tree is not None:
                    used.update(placeholder_names(tree))
        except SqlglotError:
            continue  # the check itself reports that it does not parse
    unused = [name for name in params if name not in used]
    if unused:
        raise UsageError(f"--param: no selected query uses {_hints(unused, sorted(used))}")


def run_checks(
    ws: Workspace,
    engine: Engine,
    options: CheckOptions,
    stopwatch: Callable[[], float],
) -> list[CheckResult]:
    """Run every selected check on `engine` and judge it; one result per check, in order.

    A check that cannot run (refused SQL, an unbound placeholder, a timeout, a
    warehouse error) is an `error` result; the others run regardless.
    """
    results = []
    for check in plan_checks(ws, options):
        started = stopwatch()
        if check.query is not None:
            result = run_query(ws, engine, check.runbook, check.query, options)
        else:
            assert check.threshold is not None
            result = run_freshness(engine, check.runbook, check.threshold, options)
        elapsed = round((stopwatch() - started) * 1000, 1)
        results.append(replace(result, duration_ms=elapsed))
    return results


def run_query(
    ws: Workspace, engine: Engine, runbook: Runbook, query: ValidationQuery, options: CheckOptions
) -> CheckResult:
    """Gate, bind and transpile one validation query, run it, and judge its answer."""
    description = query.description.strip() if query.description else None
    errored = CheckResult(
        runbook.name,
        query.name,
        "query",
        "error",
        query.severity,
        "",
        description=description,
        informational=query.expect is None,
        rows_are_findings=query.expect is None or query.expect.value is None,
    )
    day = CheckDay.of(options.at, runbook_zone(runbook))
    values = resolve(query.params, options.params, day)
    try:
        prepared = prepare_read_only(
            query.sql, query.dialect or ws.spec.dialect, engine.dialect, values
        )
    except RefusedError as exc:
        return replace(errored, message=f"refused before running: {exc}")
    except UnboundPlaceholder as exc:
        return replace(errored, message=str(exc))
    sql = prepared.target_sql
    try:
        fetched = engine.fetch(sql, options.timeout, options.first_rows)
    except QueryTimeout as exc:
        return replace(errored, message=str(exc), sql=sql)
    except QueryFailed as exc:
        return replace(errored, message=f"the warehouse rejected the query: {exc}", sql=sql)
    except Exception as exc:  # a driver's surprise is one check's error, not a traceback
        return replace(errored, message=f"cannot read the answer: {_said(exc, engine)}", sql=sql)
    judgement = judge(query.expect, fetched)
    status: Status = judgement.verdict
    if status == "fail" and query.severity == "warn":
        status = "warn"
    return _answered(replace(errored, status=status, message=judgement.reason, sql=sql), fetched)


def _answered(result: CheckResult, fetched: Fetched) -> CheckResult:
    """The result with the query's columns, first rows (JSON-ready) and row count."""
    return replace(
        result,
        columns=fetched.columns,
        rows=tuple(tuple(json_value(v) for v in row) for row in fetched.first_rows),
        row_count=fetched.row_count,
    )


def run_freshness(
    engine: Engine, runbook: Runbook, threshold: Freshness, options: CheckOptions
) -> CheckResult:
    """Read `MAX(loaded_at)` of the table and judge its age at `options.at`."""
    description = threshold.description.strip() if threshold.description else None
    sql = freshness_sql(threshold, engine.dialect)
    errored = CheckResult(
        runbook.name,
        freshness_name(threshold),
        "freshness",
        "error",
        "error",
        "",
        description=description,
        sql=sql,
    )
    try:
        fetched = engine.fetch(sql, options.timeout, 1)
    except QueryTimeout as exc:
        return replace(errored, message=str(exc))
    except QueryFailed as exc:
        return replace(
            errored, message=f"cannot read {threshold.table}.{threshold.loaded_at}: {exc}"
        )
    except Exception as exc:  # a driver's surprise is one check's error, not a traceback
        return replace(errored, message=f"cannot read the answer: {_said(exc, engine)}")
    newest = fetched.first_rows[0][0] if fetched.first_rows and fetched.first_rows[0] else None
    verdict = judge_freshness(threshold, newest, options.at)
    judged = replace(
        errored,
        status=verdict.status,
        severity=verdict.severity,
        message=verdict.reason,
        staleness=verdict.staleness,
    )
    return _answered(judged, fetched)


def _said(exc: Exception, engine: Engine) -> str:
    return one_line(exc, engine.secrets)
