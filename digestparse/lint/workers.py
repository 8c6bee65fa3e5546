"""Run one function over many files, in worker processes when asked, results in file order.

Worker processes end with the run: they are terminated when the run is interrupted, and each one
exits on its own when its parent process dies.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

_Result = TypeVar("_Result")


def in_workers(
    work: Callable[..., _Result],
    items: Sequence[tuple[object, ...]],
    arguments: tuple[object, ...],
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> Iterator[_Result]:
    """``work(*item, *arguments)`` for each file's item (its path first), in worker processes
    when ``jobs > 1``; the results in file order."""
    total = len(items)
    pool = _pool(jobs) if jobs > 1 and total > 1 else None
    if pool is None:
        for done, item in enumerate(items, start=1):
            yield work(*item, *arguments)
            if progress:
                progress(done, total)
        return
    try:
        chunk = max(1, min(32, total // (jobs * 4)))
        columns = [*zip(*items, strict=True), *([argument] * total for argument in arguments)]
        for done, result in enumerate(pool.map(work, *columns, chunksize=chunk), 1):
            yield result
            if progress:
                progress(done, total)
    except BaseException:  # interrupted (a signal, Ctrl-C) or abandoned: end the workers now
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _pool(jobs: int) -> ProcessPoolExecutor | None:
    """Worker processes, or ``None`` where the platform cannot make them (some sandboxes lack
    the semaphores multiprocessing needs): the run then goes on in one process, same output."""
    try:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
    except (OSError, NotImplementedError, ImportError):
        return None


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued files and terminate the workers, without waiting for their work."""
    workers = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)


def _worker_start() -> None:
    """In each worker: the parent handles Ctrl-C and SIGTERM (a worker inherits the parent's
    handlers when forked), and the worker exits when the parent dies, even by SIGKILL, instead
    of waiting forever for work."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent process has ended
    os._exit(1)
