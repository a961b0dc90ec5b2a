"""Analyse every SQL block of a workspace once, before the rules run.

A thousand runbooks hold a few thousand SQL blocks, and parsing them was most of what
`opsbook lint` did. The three SQL rules share one analysis per (text, dialect), made
here: first from the cache of earlier runs (`sql_cache`), then, for the rest, over
several processes when there is enough work to repay forking. The blocks are cut into
contiguous shares; children are forked after the workspace is loaded, so they inherit
their share (and the imported sqlglot) instead of receiving it, while this process
analyses the first share itself; each child sends back plain analyses through a pipe.
Shares are put back in order, so the findings are the same for any number of workers,
and a child that dies only means its share is analysed here.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterable, Sequence
from typing import Any

from opsbook.lint.sql import SqlAnalysis, analyse_sql
from opsbook.lint.sql_cache import SqlCache, SqlKey

MIN_PER_WORKER = 250
"""Blocks each process must have for forking to pay off: a block takes 0.2-0.3 ms to
parse, a forked child ~20 ms to start, answer and be joined."""


def analyse_blocks(
    keys: Iterable[SqlKey], *, workers: int = 1, cache: SqlCache | None = None
) -> dict[SqlKey, SqlAnalysis]:
    """The analysis of every distinct (sql, dialect) in `keys`; dialects must be known."""
    found: dict[SqlKey, SqlAnalysis] = {}
    pending: list[SqlKey] = []
    for key in dict.fromkeys(keys):
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            pending.append(key)
        else:
            found[key] = hit
    for key, analysis in zip(pending, _analyse(pending, workers), strict=True):
        found[key] = analysis
        if cache is not None:
            cache.put(key, analysis)
    if cache is not None:
        cache.save()
    return found


def workers_for(blocks: int, workers: int) -> int:
    """How many processes analyse `blocks` blocks: at most `workers`, and one (this
    process, no fork) unless each would have `MIN_PER_WORKER` blocks or more."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # pragma: no cover - workers must inherit the texts and imports
    return max(1, min(workers, blocks // MIN_PER_WORKER))


def _analyse(keys: list[SqlKey], workers: int) -> list[SqlAnalysis]:
    workers = workers_for(len(keys), workers)
    if workers < 2:
        return _analyse_share(keys)
    _import_dialects({dialect for _, dialect in keys})
    # Contiguous shares, one per process; this process analyses the first itself.
    size = -(-len(keys) // workers)
    shares = [keys[i : i + size] for i in range(0, len(keys), size)]
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Any] | None] = []
    # Frozen objects are left out of the children's garbage collections: those would
    # otherwise walk, and so copy, every page of the loaded workspace they inherit.
    gc.freeze()
    try:
        for share in shares[1:]:
            children.append(_start_child(context, share))
        done = [_analyse_share(shares[0])]
        for started, share in zip(children, shares[1:], strict=True):
            done.append(_collect(started, share))
    finally:
        gc.unfreeze()
    return [analysis for part in done for analysis in part]


def _start_child(context: Any, share: Sequence[SqlKey]) -> tuple[Any, Any] | None:
    """A forked child analysing `share`, and the end of the pipe its answer comes on."""
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_analyse_in_child, args=(share, send), daemon=True)
    try:
        child.start()
    except OSError:  # no process to be had: this process does the share later
        receive.close()
        return None
    finally:
        send.close()
    return child, receive


def _collect(started: tuple[Any, Any] | None, share: Sequence[SqlKey]) -> list[SqlAnalysis]:
    """A child's analyses, or the share analysed here if the child never answered."""
    if started is None:
        return _analyse_share(share)
    child, receive = started
    try:
        answer: list[SqlAnalysis] = receive.recv()
    except (EOFError, OSError):  # the child died
        answer = _analyse_share(share)
    finally:
        receive.close()
        child.join()
    return answer


def _analyse_share(keys: Sequence[SqlKey]) -> list[SqlAnalysis]:
    return [analyse_sql(sql, dialect) for sql, dialect in keys]


def _analyse_in_child(keys: Sequence[SqlKey], send: Any) -> None:
    """A forked child's work: its share was inherited, only the analyses go back."""
    send.send(_analyse_share(keys))
    send.close()


def _import_dialects(dialects: set[str]) -> None:
    """Import sqlglot and each dialect once, in the parent, so no worker imports them."""
    from sqlglot.dialects.dialect import Dialect

    for name in sorted(dialects):
        Dialect.get_or_raise(name)
