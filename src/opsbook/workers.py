"""Spreading independent pieces of work over forked worker processes.

Planning twenty rotations, or rendering their calendar parts, is an embarrassingly
parallel job over one loaded workspace. Workers are forked after it is loaded, so they
inherit it (and the job, a closure over it) without pickling anything but each item's
name and result. Results come back in the order of the items, so the output is the
same for any number of workers. Where there is nothing to gain (one worker, one item)
or no `fork` (not on Linux), the items are simply run in turn.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# The job the forked workers run: set just before the pool forks, never pickled.
_job: Callable[[Any], Any] | None = None


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def fork_map(
    job: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int,
    *,
    weight: Callable[[Item], float] | None = None,
) -> list[Result]:
    """`[job(item) for item in items]`, computed by up to `workers` forked processes.

    With `weight`, the heaviest items start first, so a long one does not start last
    and finish alone."""
    workers = min(workers, len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [job(item) for item in items]
    order = list(range(len(items)))
    if weight is not None:
        order.sort(key=lambda k: -weight(items[k]))
    global _job
    _job = job
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            results = pool.map(_call, [items[k] for k in order], chunksize=1)
    finally:
        _job = None
    out: list[Result | None] = [None] * len(items)
    for k, result in zip(order, results, strict=True):
        out[k] = result
    return out  # type: ignore[return-value]  # every slot was filled above


def _call(item: Any) -> Any:
    assert _job is not None, "workers are forked after the job is set"
    return _job(item)
