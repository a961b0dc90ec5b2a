"""fork_map: the same results, in the same order, for any number of workers."""

from __future__ import annotations

import os

import pytest

from opsbook.workers import default_workers, fork_map


def test_results_come_back_in_the_order_of_the_items() -> None:
    data = {f"r{i}": i * i for i in range(9)}  # inherited by the workers, never pickled
    names = sorted(data)

    def job(name: str) -> tuple[str, int]:
        return name, data[name]

    serial = fork_map(job, names, 1)
    assert serial == [(n, data[n]) for n in names]
    assert fork_map(job, names, 2) == serial
    assert fork_map(job, names, 2, weight=lambda n: data[n]) == serial
    assert fork_map(job, [], 2) == []


def test_work_runs_in_other_processes_when_there_are_workers() -> None:
    pids = set(fork_map(lambda _: os.getpid(), list(range(8)), 2))
    assert os.getpid() not in pids


def test_a_failing_job_fails_the_call() -> None:
    def job(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    with pytest.raises(ValueError, match="three"):
        fork_map(job, list(range(6)), 2)


def test_default_workers_is_the_usable_cores() -> None:
    assert default_workers() == len(os.sched_getaffinity(0))
