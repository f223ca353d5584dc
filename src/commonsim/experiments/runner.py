"""Executing an experiment: design, skip what the store holds, run the rest, store as they end.

Finished runs are written to the store (their metrics and their links to the batch) in one
transaction every few seconds, and at once when the experiment stops for any reason
(Ctrl-C, SIGTERM under the command line, an error), so a stopped experiment loses at most
the runs in flight (the chunks workers have not returned), and running the same spec again
does only what is missing. A run that
raises is stored as 'failed' with its error; the others go on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from commonsim.experiments.batch import BatchStore
from commonsim.experiments.designs import design_points
from commonsim.experiments.evaluators import Evaluator
from commonsim.experiments.spec import ExperimentSpec
from commonsim.experiments.tasks import Outcome, RunTask, build_tasks, execute
from commonsim.store import Store

#: Finished runs are written at least this often (seconds), and at the end.
WRITE_EVERY = 2.0
#: ... or when this many are waiting.
WRITE_AT = 64


@dataclass
class Summary:
    """What one execution of an experiment did."""

    batch_id: str
    points: int
    runs: int  # distinct runs the batch needs
    skipped: int  # already complete in the store
    done: int  # run now and complete
    failed: int  # run now and failed
    seconds: float


def plan(spec: ExperimentSpec) -> tuple[list[RunTask], list[str]]:
    """Every task of the experiment and its key (computed once: keys hash parameters)."""
    tasks = build_tasks(spec, design_points(spec))
    return tasks, [t.key for t in tasks]


def run_experiment(spec: ExperimentSpec, store_path: str | Path, evaluator: Evaluator,
                   console: Console | None = None) -> Summary:
    """Run what the batch still lacks on `evaluator`, storing each run as it finishes."""
    start = time.perf_counter()
    console = console or Console(stderr=True)
    design = design_points(spec)
    tasks = build_tasks(spec, design)
    keys = [t.key for t in tasks]
    by_key: dict[str, list[RunTask]] = {}
    for task, key in zip(tasks, keys, strict=True):
        by_key.setdefault(key, []).append(task)
    with Store(store_path) as store:
        batches = BatchStore(store)
        batch_id = batches.attach(spec, design)
        done_before = batches.completed()
        batches.link_many(batch_id, [(task, key, run_id) for key, run_id in done_before.items()
                                     for task in by_key.get(key, [])])
        pending = [k for k in by_key if k not in done_before]
        console.print(f"batch {batch_id}: {len(design)} points, {len(by_key)} runs"
                      f" ({len(by_key) - len(pending)} already in the store,"
                      f" {len(pending)} to run)", soft_wrap=True)
        done = failed = 0
        if pending:
            with evaluator as ev:
                console.print(f"running on {ev.describe()}", soft_wrap=True)
                done, failed = _execute(ev, pending, by_key, batches, batch_id, console)
    return Summary(batch_id, len(design), len(by_key), len(by_key) - len(pending), done,
                   failed, time.perf_counter() - start)


def _execute(ev: Evaluator, pending: list[str], by_key: dict[str, list[RunTask]],
             batches: BatchStore, batch_id: str, console: Console) -> tuple[int, int]:
    """Submit the pending runs; store each outcome as it arrives, with a progress bar."""
    progress = Progress(
        TextColumn("[bold]runs"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
        TextColumn("left"), TimeRemainingColumn(), console=console,
    )
    done = failed = 0
    waiting: list[Outcome] = []
    written = time.monotonic()
    with progress:
        bar = progress.add_task("runs", total=len(pending), failed=0)
        firsts = [by_key[k][0] for k in pending]
        try:
            for outcome in ev.map_unordered(execute, firsts, pending):
                waiting.append(outcome)
                if outcome.metrics is None:
                    failed += 1
                else:
                    done += 1
                progress.update(bar, advance=1, failed=failed)
                if not console.is_terminal:
                    _log_line(console, done + failed, len(pending), failed, progress, bar)
                if len(waiting) >= WRITE_AT or time.monotonic() - written >= WRITE_EVERY:
                    _write(batches, batch_id, by_key, waiting, console)
                    written = time.monotonic()
        finally:
            _write(batches, batch_id, by_key, waiting, console)
    return done, failed


def _write(batches: BatchStore, batch_id: str, by_key: dict[str, list[RunTask]],
           waiting: list[Outcome], console: Console) -> None:
    """Store the waiting outcomes in one transaction (emptying `waiting` first)."""
    outcomes = waiting[:]
    waiting.clear()
    run_ids = batches.record_many(batch_id, [(by_key[o.key], o) for o in outcomes])
    for outcome, run_id in zip(outcomes, run_ids, strict=True):
        if outcome.metrics is None:
            console.print(f"run {run_id} failed: {outcome.error}", soft_wrap=True)


def _log_line(console: Console, finished: int, total: int, failed: int, progress: Progress,
              bar: int) -> None:
    """Without a terminal (a log file) the bar cannot redraw: print a line every 5%."""
    step = max(1, total // 20)
    if finished % step and finished != total:
        return
    left = progress.tasks[bar].time_remaining
    eta = f", about {left / 60:.0f} min left" if left else ""
    console.print(f"{finished}/{total} runs finished ({failed} failed){eta}")
