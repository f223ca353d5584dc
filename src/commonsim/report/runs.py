"""Running a comparison: run specifications, pluggable evaluators, and the long results frame.

A run is described by a small picklable :class:`RunSpec` and executed by :func:`run_spec`,
which returns only what the report needs (per-period metrics, a few final-state figures
and Lorenz points), not the whole economy. Evaluators follow the EMA Workbench pattern: a
context manager with ``map``, so the same comparison runs sequentially, on a process pool
or, later, on a cluster::

    with Evaluator("process", workers=2) as ev:
        outputs = ev.map(run_spec, specs)
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from commonsim.api import simulate
from commonsim.claims import REGIMES
from commonsim.economy.halves import share_cores

T = TypeVar("T")
R = TypeVar("R")

#: The essay's four regimes, in the order tables and figures show them.
DEFAULT_REGIMES: tuple[str, ...] = tuple(REGIMES.values())

#: Points of each Lorenz curve (population shares 0, 0.01, ..., 1).
LORENZ_POINTS = 101

#: Market income kinds: what households earn from producing, owning and lending.
@dataclass(frozen=True)
class RunSpec:
    """One run: a regime (preset name or TOML path), a size, a seed and `--set` overrides."""

    regime: str
    households: int
    years: int
    seed: int
    overrides: tuple[tuple[str, Any], ...] = ()

    @property
    def replicate(self) -> int:
        """The replicate number (the seed)."""
        return self.seed


@dataclass
class RunOutput:
    """What the report keeps of one run."""

    spec: RunSpec
    regime: str  # the regime's name as loaded
    model: str
    metrics: pd.DataFrame  # index period, one column per metric
    lorenz: dict[str, np.ndarray] = field(default_factory=dict)
    wealth_measure: str = "net worth"
    seconds: float = 0.0


def lorenz_points(values: np.ndarray, points: int = LORENZ_POINTS) -> np.ndarray:
    """Cumulative share of the total held by the poorest p of households, p = 0..1.

    Negative values are kept, so a curve may dip below zero (people in debt); an empty or
    zero-total distribution gives the line of equality.
    """
    x = np.sort(np.asarray(values, dtype=float))
    grid = np.linspace(0.0, 1.0, points)
    total = float(x.sum())
    if x.size == 0 or total == 0:
        return grid
    cum = np.concatenate([[0.0], np.cumsum(x)]) / total
    return np.interp(grid * x.size, np.arange(x.size + 1), cum)


def run_spec(spec: RunSpec) -> RunOutput:
    """Run one regime once and keep its metrics, final-state figures and Lorenz points."""
    start = time.perf_counter()
    result = simulate(spec.regime, households=spec.households, years=spec.years,
                      seed=spec.seed, overrides=dict(spec.overrides), keep_matrices=False)
    metrics = result.metrics.copy()
    metrics["households"] = float(spec.households)
    hh = result.state.households
    wealth = getattr(result, "net_worth", None)
    measure = "net worth"
    if wealth is None:
        # The Result does not expose final net worth yet: use net liquid wealth (deposits
        # minus loans at the start of the last year), which leaves out equity.
        wealth = hh.opening_wealth
        measure = "net liquid wealth (deposits minus loans; equity left out)"
    lorenz = {"income": lorenz_points(hh.disposable), "wealth": lorenz_points(wealth)}
    return RunOutput(spec, result.regime.name, result.regime.model, metrics, lorenz, measure,
                     time.perf_counter() - start)


class Evaluator:
    """Runs a function over items sequentially or on a process pool (a context manager).

    ``kind`` is "sequential" or "process"; ``workers`` defaults to the CPUs available.
    ``map`` returns results in the order of the items and calls ``on_done`` once per item
    as it finishes (for progress bars).
    """

    KINDS = ("sequential", "process")

    def __init__(self, kind: str = "process", workers: int | None = None) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"evaluator kind {kind!r}: allowed: {', '.join(self.KINDS)}")
        self.kind = kind
        self.workers = workers or available_cpus()
        self._pool: Executor | None = None

    def __enter__(self) -> Evaluator:
        if self.kind == "process" and self.workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             initializer=start_worker,
                                             initargs=(os.getpid(), self.workers))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc_type is None:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        # Stopped by an error or an interrupt: the runs still going are not wanted, so the
        # workers are killed now rather than waited for.
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.kill()
        for proc in workers:
            proc.join(timeout=10)

    def map(self, fn: Callable[[T], R], items: Iterable[T],
            on_done: Callable[[T, R], None] | None = None) -> list[R]:
        """Apply `fn` to every item (in order of completion on a pool); call `on_done`."""
        todo = list(items)
        if self._pool is None:
            out = []
            for item in todo:
                res = fn(item)
                if on_done:
                    on_done(item, res)
                out.append(res)
            return out
        futures = {self._pool.submit(fn, item): i for i, item in enumerate(todo)}
        results: list[Any] = [None] * len(todo)
        for fut in as_completed(futures):
            i = futures[fut]
            results[i] = fut.result()
            if on_done:
                on_done(todo[i], results[i])
        return results


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start_worker(parent_pid: int, workers: int) -> None:
    """Worker initializer: end with the parent; take one share of the cores."""
    end_with_parent(parent_pid)
    share_cores(workers)


def end_with_parent(parent_pid: int) -> None:
    """Worker initializer: the worker ends when the process that started the pool ends.

    On Linux the kernel kills the worker when its parent dies (PR_SET_PDEATHSIG), even by
    SIGKILL; everywhere a watcher thread also checks every half second that the parent is
    still there. Ctrl-C reaches the whole process group: the parent decides, so workers
    ignore SIGINT, and take SIGTERM's default action.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
        except (OSError, AttributeError):
            pass  # the watcher below still ends the worker
    ppid = os.getppid()
    if not _alive(parent_pid):  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid, ppid), daemon=True,
                     name="commonsim-watch-parent").start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _watch_parent(parent_pid: int, ppid: int) -> None:
    while os.getppid() == ppid and _alive(parent_pid):
        time.sleep(0.5)
    os._exit(1)


def available_cpus() -> int:
    """CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def make_specs(regimes: Sequence[str], replicates: int, households: int, years: int,
               overrides: dict[str, Any] | None = None) -> list[RunSpec]:
    """Every regime with seeds 0..R-1: the same seeds across regimes (common random numbers).

    `overrides` (the `--set` values) apply to every regime.
    """
    pairs = tuple((overrides or {}).items())
    return [RunSpec(r, households, years, seed, pairs) for r in regimes
            for seed in range(replicates)]


def long_frame(outputs: Sequence[RunOutput]) -> pd.DataFrame:
    """The tidy long frame (regime, replicate, period, variable, value) of many runs."""
    parts = []
    for out in outputs:
        m = out.metrics.rename_axis("period").reset_index()
        long = m.melt(id_vars="period", var_name="variable", value_name="value")
        long = long.dropna(subset=["value"])
        long.insert(0, "replicate", out.spec.replicate)
        long.insert(0, "regime", out.regime)
        parts.append(long)
    if not parts:
        return pd.DataFrame(columns=["regime", "replicate", "period", "variable", "value"])
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    return frame


def lorenz_frame(outputs: Sequence[RunOutput]) -> pd.DataFrame:
    """Mean Lorenz curve over replicates: columns regime, quantity, population, share."""
    rows = []
    by: dict[tuple[str, str], list[np.ndarray]] = {}
    for out in outputs:
        for quantity, pts in out.lorenz.items():
            by.setdefault((out.regime, quantity), []).append(pts)
    for (regime, quantity), curves in by.items():
        mean = np.mean(curves, axis=0)
        grid = np.linspace(0.0, 1.0, mean.size)
        rows += [{"regime": regime, "quantity": quantity, "population": p, "share": s}
                 for p, s in zip(grid, mean, strict=True)]
    return pd.DataFrame(rows, columns=["regime", "quantity", "population", "share"])


def run_comparison(specs: Sequence[RunSpec], workers: int | None = None,
                   progress: bool = True, kind: str = "process",
                   on_output: Callable[[RunOutput], None] | None = None) -> list[RunOutput]:
    """Run every spec (on a process pool by default) with a progress bar over runs.

    `on_output` is called in this process with each run as soon as it finishes (to store
    it at once, so an interrupted comparison keeps the runs already done).
    """
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(), disable=not progress,
                  transient=False) as bar:
        task = bar.add_task("runs", total=len(specs))

        def done(spec: RunSpec, output: RunOutput) -> None:
            if on_output is not None:
                on_output(output)
            bar.update(task, advance=1, description=f"{spec.regime} seed {spec.seed}")

        with Evaluator(kind, workers=workers) as ev:
            return ev.map(run_spec, specs, on_done=done)
