"""Check results as text (a rich table, then the rows behind each problem) or JSON."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from opsbook.checks.results import CheckResult, summarize

if TYPE_CHECKING:
    from rich.text import Text

_STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "error": "bold magenta"}
_STATUS_TEXT = {"pass": "pass", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}


def render_json(
    results: Sequence[CheckResult], *, db: str, at: datetime, with_sql: bool = False
) -> str:
    """`{"results": [...], "summary": {...}, "db": ..., "at": ...}`, indented, one line
    per key; `db` must already be redacted."""
    document = {
        # Each result carries its instant too, so results of several runs (one
        # `--only` at a time) can be put together and still say when each ran.
        "results": [{**r.to_json(with_sql=with_sql), "at": at.isoformat()} for r in results],
        "summary": summarize(results),
        "db": db,
        "at": at.isoformat(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def render_text(
    results: Sequence[CheckResult],
    *,
    width: int = 120,
    color: bool = False,
    with_sql: bool = False,
) -> str:
    """The results table, the rows of every check that did not pass (and of
    informational queries), the SQL that ran when asked, and a summary line."""
    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("check", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for r in results:
        table.add_row(
            _status(r),
            f"{r.runbook} / {r.check}",
            _duration(r.duration_ms),
            r.message,
        )
    console.print(table)
    for r in results:
        if r.status == "pass" and not r.informational:
            continue
        several = r.row_count is not None and r.row_count > 1
        shown_rows = r.rows if r.rows_are_findings or several else ()
        if not (r.description or shown_rows):
            continue  # the reason in the table says it all
        heading = _status(r)
        heading.append(" ")
        heading.append(f"{r.runbook} / {r.check}", style="bold")
        if r.description:
            heading.append(f": {r.description}")
        console.print(heading)
        if shown_rows:
            rows = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
            for column in r.columns:
                rows.add_column(column, overflow="fold")
            for row in shown_rows:
                rows.add_row(*("NULL" if v is None else str(v) for v in row))
            console.print(Padding(rows, (0, 0, 0, 2)))
            if r.row_count is not None and r.row_count > len(r.rows):
                console.print(f"  … first {len(r.rows)} of {r.row_count} rows")
    if with_sql:
        for r in results:
            if r.sql is None:
                continue
            console.print(Text(f"-- {r.runbook} / {r.check}", style="dim"))
            console.print(Text(r.sql.strip()), soft_wrap=True)
    counts = summarize(results)
    console.print(
        f"{_n(len(results), 'check')}: {counts['pass']} passed, {_n(counts['warn'], 'warning')}, "
        f"{counts['fail']} failed, {_n(counts['error'], 'error')}"
    )
    # rich pads every line to the table's width; trailing blanks only add noise to logs.
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _status(result: CheckResult) -> Text:
    """The status as shown: an informational query that ran says `info`."""
    from rich.text import Text

    if result.informational and result.status == "pass":
        return Text("info", style="cyan")
    return Text(_STATUS_TEXT[result.status], style=_STATUS_STYLE[result.status])


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _duration(ms: float) -> str:
    if ms >= 1000:
        return f"{ms / 1000:.1f} s"
    return f"{ms:.0f} ms"
