"""SQL analyses remembered between lint runs, by content, as JSON.

Parsing the SQL blocks is most of the work of linting a large workspace, and between
two runs almost none of them change. This cache maps
sha256(analyser, dialect, sql) to the block's analysis, under
`<root>/.opsbook-cache/sql.json`, where the analyser is the sqlglot version and build
and the opsbook version and analysing code, so an upgrade never reuses an old answer.

* JSON, never pickle: a cache file can hold nothing but data, never code.
* Keyed by content: a block moved to another file or runbook still hits.
* Written atomically, with only the entries the run used, so it does not grow.
* Its own mtime_ns is recorded inside it, and a file whose mtime differs is ignored:
  a copy committed to a repository (perhaps doctored so a writing query passes lint)
  gets a new mtime at checkout and is never believed.
* Anything unreadable or malformed is ignored, entry by entry: the SQL is parsed again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from opsbook.files.cache_store import CacheStore
from opsbook.lint.sql import SqlAnalysis, SqlError, SqlPosition, Statement, statement_at

FORMAT = 2
"""Bumped whenever the stored shape changes."""
CACHE_FILE = "sql.json"

SqlKey = tuple[str, str]
"""(sql, dialect): what an analysis depends on, besides the analyser."""


class SqlCache:
    """The SQL analyses of one cache folder; `save` writes back what this run used."""

    def __init__(self, folder: Path) -> None:
        self.store = CacheStore(folder, CACHE_FILE, FORMAT)
        self.path = Path(self.store.path)
        self.analyser = analyser_fingerprint()
        self.entries: dict[str, Any] = {}
        self.used: set[str] = set()
        self.changed = False
        stored = self.store.load(stamped=True, analyser=self.analyser)
        if stored is not None and isinstance(stored.get("entries"), dict):
            self.entries = stored["entries"]

    def _digest(self, key: SqlKey) -> str:
        sql, dialect = key
        text = f"{self.analyser}\0{dialect}\0{sql}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: SqlKey) -> SqlAnalysis | None:
        """The remembered analysis of `key`, or None (also for a malformed entry)."""
        digest = self._digest(key)
        entry = self.entries.get(digest)
        if entry is None:
            return None
        analysis = decode(entry, *key)
        if analysis is not None:
            self.used.add(digest)
        return analysis

    def put(self, key: SqlKey, analysis: SqlAnalysis) -> None:
        digest = self._digest(key)
        self.entries[digest] = encode(analysis)
        self.used.add(digest)
        self.changed = True

    def save(self) -> None:
        """Write the entries used this run back, if anything changed; never fails lint."""
        if not self.changed and self.used == set(self.entries):
            return
        entries = {k: v for k, v in self.entries.items() if k in self.used}
        # Stamped: a checkout's copy (new mtime) is never believed. A read-only
        # checkout: just slower next time.
        self.store.save({"analyser": self.analyser, "entries": entries}, stamped=True)


def analyser_fingerprint() -> str:
    """What the analysis of a text depends on besides the text: sqlglot (its version,
    and whether it is the compiled build) and opsbook's analysing code."""
    import sqlglot
    import sqlglot.parser

    from opsbook import __version__, sql_safety
    from opsbook.lint import sql

    code = hashlib.sha256()
    for module in (sql, sql_safety):
        try:
            code.update(Path(str(module.__file__)).read_bytes())
        except OSError:  # pragma: no cover - an installed module without its source
            code.update(str(module.__file__).encode())
    build = "compiled" if not str(sqlglot.parser.__file__).endswith(".py") else "pure"
    version = getattr(sqlglot, "__version__", "?")
    return f"{FORMAT}:opsbook {__version__}:sqlglot {version} {build}:{code.hexdigest()[:16]}"


# --- the stored shape ---------------------------------------------------------------------
# An error: ["error", message, line, col, end_line, end_col].
# Statements: ["ok", [[kind, start, end, is_statement, is_read_only, writes, rendered,
# calls], ...]];
# a statement's text and position are worked out again from the SQL and the offsets.


def encode(analysis: SqlAnalysis) -> list[Any]:
    if analysis.error is not None:
        p = analysis.error.position
        return ["error", analysis.error.message, p.line, p.col, p.end_line, p.end_col]
    return [
        "ok",
        [
            [
                s.kind,
                s.start,
                s.end,
                s.is_statement,
                s.is_read_only,
                s.writes,
                s.rendered,
                s.calls,
            ]
            for s in analysis.statements
        ],
    ]


def decode(entry: Any, sql: str, dialect: str) -> SqlAnalysis | None:
    """The analysis an entry holds, or None when it is not exactly the stored shape."""
    if not isinstance(entry, list) or not entry:
        return None
    if entry[0] == "error" and len(entry) == 6:
        message, *numbers = entry[1:]
        if not isinstance(message, str) or not all(_is_int(n) and n >= 1 for n in numbers):
            return None
        return SqlAnalysis(dialect, error=SqlError(message, SqlPosition(*numbers)))
    if entry[0] != "ok" or len(entry) != 2 or not isinstance(entry[1], list):
        return None
    statements: list[Statement] = []
    for item in entry[1]:
        if not isinstance(item, list) or len(item) != 8:
            return None
        kind, start, end, is_statement, is_read_only, writes, rendered, calls = item
        if not (
            isinstance(kind, str)
            and _is_int(start)
            and _is_int(end)
            and 0 <= start <= end <= len(sql)
            and isinstance(is_statement, bool)
            and isinstance(is_read_only, bool)
            and (writes is None or isinstance(writes, str))
            and isinstance(rendered, str)
            and (calls is None or isinstance(calls, str))
        ):
            return None
        statements.append(
            statement_at(
                sql,
                start,
                end,
                kind,
                is_statement=is_statement,
                is_read_only=is_read_only,
                writes=writes,
                rendered=rendered,
                calls=calls,
            )
        )
    return SqlAnalysis(dialect, statements=tuple(statements))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
