"""Evaluators: where an experiment's runs execute -- in this process, a process pool, or Dask.

As in EMA Workbench, an evaluator is a context manager, so the same experiment runs on a
laptop, a workstation or a cluster by changing one argument::

    with DaskEvaluator() as ev:                       # a local cluster, one worker per core
        for outcome in ev.map_unordered(execute, tasks, keys):
            ...

``DaskEvaluator(scheduler="tcp://host:8786")`` uses a running cluster instead (for SLURM,
start one with dask-jobqueue; see docs/experiments.md). Results come back as they finish,
so the caller can store them at once: stopping loses only the runs in flight (in chunks
not yet returned).

Pools and clusters send calls in chunks (several calls per task, big chunks first and single
calls at the end, so no worker idles while another finishes a long chunk): one task per
call would cost the scheduler, the messages and the caller's bookkeeping once per run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from commonsim.economy.halves import share_cores
from commonsim.errors import ConfigError

KINDS = ("local", "process", "dask")

#: Most calls in one chunk: bounds the work a stopped experiment loses and the bar's step.
MAX_CHUNK = 8
#: Chunks are at most the remaining calls / (GUIDE x workers): guided self-scheduling.
GUIDE = 4


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunk_sizes(calls: int, workers: int) -> list[int]:
    """Sizes of the chunks `calls` calls are sent in, largest first (they sum to `calls`).

    Each chunk takes a 1/(GUIDE x workers) share of the calls still unsent, capped at
    MAX_CHUNK, so early chunks save per-task costs and the last ones balance the workers.
    """
    sizes, left = [], calls
    while left > 0:
        size = min(MAX_CHUNK, max(1, -(-left // (GUIDE * max(workers, 1)))))
        sizes.append(size)
        left -= size
    return sizes


def chunked(args: list[tuple[Any, ...]], workers: int) -> list[list[tuple[Any, ...]]]:
    """The argument tuples `args` cut into chunks of :func:`chunk_sizes`, in order."""
    chunks, start = [], 0
    for size in chunk_sizes(len(args), workers):
        chunks.append(args[start:start + size])
        start += size
    return chunks


def call_chunk(fn: Callable[..., Any], chunk: list[tuple[Any, ...]]) -> list[Any]:
    """Run ``fn(*args)`` for every argument tuple of `chunk` (on a worker), in order."""
    return [fn(*args) for args in chunk]


class Evaluator:
    """Runs ``fn(*args)`` for each argument tuple and yields the results as they finish."""

    name = "in-process"

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map_unordered(self, fn: Callable[..., Any], *iterables: Sequence[Any]
                      ) -> Iterator[Any]:
        """Call `fn` on zipped arguments; yield results in the order they complete."""
        for args in zip(*iterables, strict=True):
            yield fn(*args)

    def describe(self) -> str:
        """One line saying where runs execute (shown before the experiment starts)."""
        return "in this process"


class ProcessEvaluator(Evaluator):
    """A pool of local processes (the standard library's, no Dask needed)."""

    name = "process"

    def __init__(self, workers: int | None = None):
        self.workers = workers or cores()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessEvaluator:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=share_cores,
                                         initargs=(self.workers,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map_unordered(self, fn: Callable[..., Any], *iterables: Sequence[Any]
                      ) -> Iterator[Any]:
        """Submit every call to the pool; yield results as they complete."""
        assert self._pool is not None, "use the evaluator as a context manager"
        chunks = chunked(list(zip(*iterables, strict=True)), self.workers)
        futures = [self._pool.submit(call_chunk, fn, chunk) for chunk in chunks]
        for future in as_completed(futures):
            yield from future.result()

    def describe(self) -> str:
        """Pool size."""
        return f"a pool of {self.workers} local processes"


class DaskEvaluator(Evaluator):
    """A Dask cluster.

    A new ``LocalCluster`` (one single-threaded worker per core) or, given `scheduler`, the
    existing cluster at that address.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = workers or cores()
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> DaskEvaluator:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except OSError as exc:
                raise ConfigError(f"--scheduler {self.scheduler}: cannot connect ({exc})"
                                  ) from None
        else:
            # The workers' sampling profiler (for the dashboard's profile page) interrupts
            # the run every 10 ms; a local cluster of ours does without it. Dask also
            # starts workers with glibc trimming every freed block back to the system;
            # a run frees and reallocates household-sized arrays every period, which then
            # fault in again, so our workers keep them instead (economy/heap.py).
            environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
            environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            with dask.config.set({"distributed.worker.profile.enabled": False,
                                  "distributed.nanny.pre-spawn-environ": environ}):
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=":0")
            self._client = Client(self._cluster)
            self._client.run(share_cores, self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def map_unordered(self, fn: Callable[..., Any], *iterables: Sequence[Any]
                      ) -> Iterator[Any]:
        """Submit the calls in chunks (pure=False: each runs); yield results as chunks end."""
        from distributed import as_completed as dask_completed

        assert self._client is not None, "use the evaluator as a context manager"
        chunks = chunked(list(zip(*iterables, strict=True)), self._size())
        futures = self._client.map(call_chunk, [fn] * len(chunks), chunks, pure=False)
        try:
            for future in dask_completed(futures):
                yield from future.result()
                future.release()
        finally:
            self._client.cancel(futures)

    def _size(self) -> int:
        """Task slots of the cluster (an existing cluster's threads over all its workers)."""
        if self.scheduler and self._client is not None:
            workers = self._client.scheduler_info()["workers"].values()
            return max(1, sum(int(w.get("nthreads", 1)) for w in workers))
        return self.workers

    def describe(self) -> str:
        """The cluster's address and size."""
        if self.scheduler:
            n = len(self._client.scheduler_info()["workers"]) if self._client else "?"
            return f"the Dask cluster at {self.scheduler} ({n} workers)"
        return f"a local Dask cluster of {self.workers} single-threaded worker processes"


def make_evaluator(kind: str = "dask", scheduler: str | None = None,
                   workers: int | None = None) -> Evaluator:
    """The evaluator a command line asks for: local (in process), process, or dask."""
    if kind not in KINDS:
        raise ConfigError(f"--evaluator {kind!r}: allowed: {', '.join(KINDS)}")
    if scheduler and kind != "dask":
        raise ConfigError(f"--scheduler needs --evaluator dask (got --evaluator {kind})")
    if kind == "local":
        return Evaluator()
    if kind == "process":
        return ProcessEvaluator(workers)
    return DaskEvaluator(scheduler, workers)
