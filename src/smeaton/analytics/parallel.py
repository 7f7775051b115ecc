"""Work shared across the processors of the machine, for the few steps that need it.

A national return is read and keyed on every core: those steps run Python for each of
millions of elements, which one process cannot spread. Workers are forked, so they start
at once with everything the parent holds (code, keys, settings) and send back only
their results. Where fork is unavailable, or there is one core, work runs in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

MAX_WORKERS = 8  # processes at once, each holding its share of the work in memory


def workers() -> int:
    """How many processes can usefully share work: one per processor this process may
    use, or 1 where work cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(cores, MAX_WORKERS)


def ordered_map(function: Callable[..., Any], *arguments: Iterable) -> Iterator:
    """``map(function, *arguments)`` with the calls shared among forked workers; results
    come back in order, each as soon as it and those before it are done."""
    if workers() < 2:
        yield from map(function, *arguments)
        return
    pool = ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("fork"))
    try:
        yield from pool.map(function, *arguments)
    finally:  # also when the caller stops early: calls not yet started are dropped
        pool.shutdown(cancel_futures=True)


def shares(items: list, count: int) -> list[list]:
    """``items`` cut into ``count`` runs of nearly equal length, in order."""
    size = -(-len(items) // count)
    return [items[start:start + size] for start in range(0, len(items), size)]
