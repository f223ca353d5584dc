"""Evaluators: where an experiment's runs execute -- in this process, a process pool, or Dask.

As in EMA Workbench, an evaluator is a context manager, so the same experiment runs on a
laptop, a workstation or a cluster by changing one argument::

    with DaskEvaluator() as ev:                       # a local cluster, one worker per core
        for outcome in ev.map_unordered(execute, tasks, keys):
            ...

``DaskEvaluator(scheduler="tcp://host:8786")`` uses a running cluster instead (for SLURM,
start one with dask-jobqueue; see docs/experiments.md). Results come back as they finish,
so the caller can store each one at once: stopping loses only the runs in flight.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from commonsim.errors import ConfigError

KINDS = ("local", "process", "dask")


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map_unordered(self, fn: Callable[..., Any], *iterables: Sequence[Any]
                      ) -> Iterator[Any]:
        """Submit every call to the pool; yield results as they complete."""
        assert self._pool is not None, "use the evaluator as a context manager"
        futures = [self._pool.submit(fn, *args) for args in zip(*iterables, strict=True)]
        for future in as_completed(futures):
            yield future.result()

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
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except OSError as exc:
                raise ConfigError(f"--scheduler {self.scheduler}: cannot connect ({exc})"
                                  ) from None
        else:
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                         processes=True, dashboard_address=":0")
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def map_unordered(self, fn: Callable[..., Any], *iterables: Sequence[Any]
                      ) -> Iterator[Any]:
        """Submit every call as a task (pure=False: each runs); yield results as they end."""
        from distributed import as_completed as dask_completed

        assert self._client is not None, "use the evaluator as a context manager"
        futures = self._client.map(fn, *iterables, pure=False)
        try:
            for future in dask_completed(futures):
                yield future.result()
                future.release()
        finally:
            self._client.cancel(futures)

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
