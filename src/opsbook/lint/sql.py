"""SQL as the lint rules see it: what sqlglot makes of a block, as plain values.

The three SQL rules (syntax, read-only validation, not-a-statement) share one analysis
per (text, dialect), made for the whole workspace before the rules run (`sql_batch`:
over several processes, and remembered between runs). An analysis keeps no sqlglot
tree, only the answers the rules need, so it is small, picklable and JSON-able.
Positions are 1-based line and column within the SQL text; the rules map them into
the YAML file with `YamlDocument.locate_in_scalar`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from opsbook.sql_placeholders import placeholder_hint
from opsbook.sql_safety import (
    READ_ROOTS,
    WRITE_NODES,
    first_write,
    is_read_only,
    side_effect_function,
)

# sqlglot logs a warning when it falls back to an opaque Command; without a handler
# Python would print it to stderr, and library code never prints. A NullHandler keeps
# it silent unless the application configures logging.
logging.getLogger("sqlglot").addHandler(logging.NullHandler())

# Top-level expression classes that are statements. Anything else that parses (an
# alias, a column, a comparison) is text sqlglot accepted but nobody could run.
_STATEMENTS = (
    *READ_ROOTS,
    # Every statement that writes (`Into` is a clause of SELECT, not a statement).
    *(name for name in WRITE_NODES if name != "Into"),
    "DML",
    "DDL",
    "Show",
    "Describe",
    "Summarize",
    "Pivot",
    "Cache",
    "Uncache",
    "Refresh",
    "Analyze",
    "Comment",
    "Kill",
)


@dataclass(frozen=True)
class SqlPosition:
    """A region of the SQL text: 1-based lines and columns, end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class SqlError:
    """Why the text does not parse, and where."""

    message: str
    position: SqlPosition


@dataclass(frozen=True)
class Statement:
    """One statement of the text: what sqlglot made of it, and where it is.

    Only plain values, no sqlglot tree: the analysis of a block can be sent back from a
    worker process and kept in the JSON cache (see `sql_batch`).
    """

    kind: str
    """The expression's class, e.g. Select, Delete, Alias; `empty` for `;;`."""
    start: int
    end: int
    """Offsets of the statement in the SQL text, end exclusive."""
    position: SqlPosition
    text: str
    is_statement: bool
    """A query, DML, DDL or command, not words sqlglot happens to accept."""
    is_read_only: bool
    """A SELECT/WITH (or VALUES) with no writing node anywhere inside it."""
    writes: str | None
    """The first node that writes, by class name (Delete, Into…), if any."""
    rendered: str
    """How sqlglot reads a non-statement back, to show what it misunderstood."""
    calls: str | None = None
    """The first side-effect function it calls (pg_read_file, dblink…), if any."""

    @property
    def is_empty(self) -> bool:
        return self.kind == EMPTY


EMPTY = "empty"


@dataclass(frozen=True)
class SqlAnalysis:
    """Either a parse error or the statements of the text."""

    dialect: str
    error: SqlError | None = None
    statements: tuple[Statement, ...] = ()


def statement_at(
    sql: str,
    start: int,
    end: int,
    kind: str,
    *,
    is_statement: bool,
    is_read_only: bool,
    writes: str | None,
    rendered: str,
    calls: str | None = None,
) -> Statement:
    """The statement at `sql[start:end]`, its position worked out from the text."""
    return Statement(
        kind,
        start,
        end,
        _region(sql, start, end),
        sql[start:end],
        is_statement=is_statement,
        is_read_only=is_read_only,
        writes=writes,
        rendered=rendered,
        calls=calls,
    )


def _describe_statement(sql: str, start: int, end: int, expression: Any, dialect: str) -> Statement:
    """Everything the rules ask of one parsed statement, worked out once."""
    if expression is None:
        return statement_at(
            sql, start, end, EMPTY, is_statement=False, is_read_only=False, writes=None, rendered=""
        )
    statement = isinstance(expression, _classes(_STATEMENTS))
    read_only = is_read_only(expression)
    return statement_at(
        sql,
        start,
        end,
        type(expression).__name__,
        is_statement=statement,
        is_read_only=read_only,
        # A read-only statement has no writing node: no need to walk its tree again.
        writes=None if read_only else first_write(expression),
        rendered="" if statement else _rendered(expression, dialect),
        calls=side_effect_function(expression) if read_only else None,
    )


def _rendered(expression: Any, dialect: str) -> str:
    try:
        return str(expression.sql(dialect=dialect))
    except Exception:  # only decorates a message
        return ""


@cache
def _classes(names: tuple[str, ...]) -> tuple[type, ...]:
    from sqlglot import exp

    return tuple(c for n in names if isinstance(c := getattr(exp, n, None), type))


@cache
def known_dialect(name: str) -> bool:
    """Whether sqlglot knows the dialect `name` (duckdb, snowflake, postgres…)."""
    from sqlglot.dialects.dialect import Dialect

    try:
        Dialect.get_or_raise(name)
    except (ValueError, KeyError):
        return False
    return True


def dialect_names() -> list[str]:
    from sqlglot.dialects.dialect import Dialect

    return sorted(n for n in Dialect.classes if n)


def analyse_sql(sql: str, dialect: str) -> SqlAnalysis:
    """Tokenize and parse `sql` in `dialect`; never raises for bad SQL.

    The dialect must be known (see `known_dialect`). Each call parses: a lint run
    analyses every block once, up front (`sql_batch.analyse_blocks`).
    """
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import ParseError, TokenError

    reader = Dialect.get_or_raise(dialect)
    tokenizer = reader.tokenizer()
    try:
        tokens = tokenizer.tokenize(sql)
    except TokenError:
        return SqlAnalysis(dialect, error=_token_error(sql, getattr(tokenizer, "tokens", [])))
    except Exception as exc:  # a tokenizer bug must not crash lint
        return SqlAnalysis(dialect, error=_whole(sql, f"sqlglot cannot read this SQL ({exc})"))
    try:
        expressions = reader.parser().parse(tokens, sql)
    except ParseError as exc:
        return SqlAnalysis(dialect, error=_parse_error(sql, exc))
    except RecursionError:
        return SqlAnalysis(dialect, error=_whole(sql, "SQL is nested too deeply to parse"))
    except Exception as exc:  # a parser bug must not crash lint
        return SqlAnalysis(dialect, error=_whole(sql, f"sqlglot cannot parse this SQL ({exc})"))
    chunks = _chunks(tokens)
    statements: list[Statement] = []
    for index, expression in enumerate(expressions):
        if index < len(chunks) and chunks[index]:
            first, last = chunks[index][0], chunks[index][-1]
            start, end = int(first.start), int(last.end) + 1
        else:
            start, end = 0, len(sql)
        statements.append(_describe_statement(sql, start, end, expression, dialect))
    return SqlAnalysis(dialect, statements=tuple(statements))


def _chunks(tokens: list[Any]) -> list[list[Any]]:
    """Tokens split on semicolons the way sqlglot's parser splits statements."""
    from sqlglot import TokenType

    semicolon = TokenType.SEMICOLON
    chunks: list[list[Any]] = [[]]
    for i, token in enumerate(tokens):
        if token.token_type is semicolon:
            if token.comments:
                chunks.append([token])
            if i < len(tokens) - 1:
                chunks.append([])
        else:
            chunks[-1].append(token)
    return chunks


def _offset_to_line_col(sql: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(sql)))
    before = sql[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _region(sql: str, start: int, end: int) -> SqlPosition:
    line, col = _offset_to_line_col(sql, start)
    end_line, end_col = _offset_to_line_col(sql, max(start, end))
    return SqlPosition(line, col, end_line, end_col)


def _whole(sql: str, message: str) -> SqlError:
    stripped = len(sql) - len(sql.lstrip())
    return SqlError(message, _region(sql, stripped, stripped))


def _token_error(sql: str, tokens: list[Any]) -> SqlError:
    """Where tokenizing broke: just after the last token that could be read."""
    offset = int(tokens[-1].end) + 1 if tokens else 0
    while offset < len(sql) and sql[offset].isspace():
        offset += 1
    return SqlError(
        "SQL does not parse: the text cannot be read from here "
        "(an unterminated quote, identifier or comment?)",
        _region(sql, offset, offset + 1),
    )


_TOKEN = re.compile(r"<Token token_type: TokenType\.(\w+), text: (.*?), line: \d+[^>]*>")
_OPERATORS = frozenset(
    ("EQ", "NEQ", "GT", "GTE", "LT", "LTE", "Add", "Sub", "Mul", "Div", "Mod", "And", "Or")
)
_MISSING = re.compile(r"Required keyword: '(\w+)' missing for <class '[\w.]+\.(\w+)'>")


def _describe(description: str) -> str:
    """sqlglot's message without its internal reprs."""

    def token(match: re.Match[str]) -> str:
        return "the end of the statement" if match.group(1) == "SENTINEL" else repr(match.group(2))

    def missing(match: re.Match[str]) -> str:
        name = match.group(2)
        return "incomplete expression" if name in _OPERATORS else f"incomplete {name.upper()}"

    text = _TOKEN.sub(token, description)
    text = _MISSING.sub(missing, text)
    text = text.replace("Invalid expression / Unexpected token", "unexpected token")
    return text[:1].lower() + text[1:]


def _parse_error(sql: str, exc: Any) -> SqlError:
    errors = getattr(exc, "errors", None) or []
    first = errors[0] if errors else {}
    line, col = first.get("line"), first.get("col")
    highlight = str(first.get("highlight") or "")
    description = _describe(str(first.get("description") or exc))
    if not isinstance(line, int) or not isinstance(col, int):
        return _whole(sql, f"SQL does not parse: {description}")
    # sqlglot's column is the last character of the offending token; point at its start.
    lines = sql.split("\n")
    width = len(highlight) if highlight and "\n" not in highlight else 1
    line = max(1, min(line, len(lines)))
    start = max(1, col - width + 1)
    near = f" near {highlight!r}" if highlight else ""
    return SqlError(
        f"SQL does not parse: {description}{near}{placeholder_hint(sql, description)}",
        SqlPosition(line, start, line, start + width),
    )
