"""Analyse every SQL block of a workspace once, before the rules run.

A thousand runbooks hold about nine thousand SQL blocks, and parsing them is most of
what `opsbook lint` does. The three SQL rules share one analysis per (text, dialect),
made here: first from the cache of earlier runs (`sql_cache`), then, for the rest,
over several processes when there is enough work to repay forking. Workers are forked
after the workspace is loaded, so they inherit the texts (and the imported sqlglot)
instead of receiving them; each analyses a slice and sends back plain analyses. Results
are kept in the order asked for, so the findings are the same for any number of workers.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterable, Sequence

from opsbook.lint.sql import SqlAnalysis, analyse_sql
from opsbook.lint.sql_cache import SqlCache, SqlKey

MIN_PER_WORKER = 250
"""Blocks each worker must have for a pool to pay off: a block takes ~0.2 ms to parse,
starting and stopping a pool of two forked workers ~50 ms."""
SLICE = 32
"""Blocks per task: small enough to balance two workers, large enough to batch the pipe."""

# What forked workers inherit: set just before the pool forks, never pickled.
_pending: Sequence[SqlKey] = ()


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
    process, no pool) unless each would have `MIN_PER_WORKER` blocks or more."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # pragma: no cover - workers must inherit the texts and imports
    return max(1, min(workers, blocks // MIN_PER_WORKER))


def _analyse(keys: list[SqlKey], workers: int) -> list[SqlAnalysis]:
    workers = workers_for(len(keys), workers)
    if workers < 2:
        return [analyse_sql(sql, dialect) for sql, dialect in keys]
    _import_dialects({dialect for _, dialect in keys})
    global _pending
    _pending = keys
    slices = [(start, min(start + SLICE, len(keys))) for start in range(0, len(keys), SLICE)]
    # Frozen objects are left out of the workers' garbage collections: those would
    # otherwise walk, and so copy, every page of the loaded workspace they inherit.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            done = pool.map(_analyse_slice, slices, chunksize=1)
    finally:
        gc.unfreeze()
        _pending = ()
    return [analysis for part in done for analysis in part]


def _analyse_slice(bounds: tuple[int, int]) -> list[SqlAnalysis]:
    start, stop = bounds
    return [analyse_sql(sql, dialect) for sql, dialect in _pending[start:stop]]


def _import_dialects(dialects: set[str]) -> None:
    """Import sqlglot and each dialect once, in the parent, so no worker imports them."""
    from sqlglot.dialects.dialect import Dialect

    for name in sorted(dialects):
        Dialect.get_or_raise(name)
