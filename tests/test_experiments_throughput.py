"""The experiment path's throughput measures change no number: chunks, batched writes.

Runs go to workers in chunks and finished runs are stored several at a time; what is stored
must still be exactly what ``simulate`` gives for the run's regime and seed, and a write
that fails must leave nothing half stored.
"""

from __future__ import annotations

import pandas as pd
import pytest

from commonsim.api import simulate
from commonsim.experiments import evaluators
from commonsim.experiments.batch import BatchStore
from commonsim.experiments.designs import design_points
from commonsim.experiments.evaluators import (
    MAX_CHUNK,
    ProcessEvaluator,
    call_chunk,
    chunk_sizes,
    chunked,
)
from commonsim.experiments.runner import plan, run_experiment
from commonsim.experiments.spec import parse_spec
from commonsim.experiments.tasks import Outcome, execute
from commonsim.store import Store

SPEC = {"name": "chunks", "regimes": ["proprietary-balanced"], "households": 50,
        "years": 6, "replicates": 2, "design": {"kind": "latin", "samples": 3},
        "parameters": {"households.need_share": {"low": 0.1, "high": 0.5}}}


@pytest.mark.parametrize(("calls", "workers"), [(1, 2), (7, 2), (200, 2), (5632, 2),
                                                (50, 1), (30, 16)])
def test_chunks_cover_every_call_once_largest_first(calls, workers):
    sizes = chunk_sizes(calls, workers)
    assert sum(sizes) == calls and min(sizes) >= 1 and max(sizes) <= MAX_CHUNK
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1  # the last call goes alone, so no worker waits on a long chunk
    args = [(i,) for i in range(calls)]
    assert [a for chunk in chunked(args, workers) for a in chunk] == args
    assert call_chunk(lambda i: i * 2, [(1,), (3,)]) == [2, 6]


def test_a_chunked_pool_stores_exactly_what_simulate_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(evaluators, "GUIDE", 1)  # chunks of several runs even at 6 runs
    assert chunk_sizes(6, 2) == [3, 2, 1]
    spec = parse_spec(SPEC, "chunks.toml")
    store = tmp_path / "s.duckdb"
    summary = run_experiment(spec, store, ProcessEvaluator(workers=2))
    assert (summary.runs, summary.done, summary.failed) == (6, 6, 0)
    tasks, _ = plan(spec)
    with Store(store, read_only=True) as db:
        long = BatchStore(db).metrics(summary.batch_id)
    for task in tasks:
        expected = simulate(task.regime, households=task.households, years=task.years,
                            seed=task.seed, keep_matrices=False).metrics
        mine = long[(long["point"] == task.point) & (long["replicate"] == task.replicate)]
        stored = mine.pivot(index="period", columns="variable", values="value")
        stored = stored[list(expected.columns)]
        stored.columns.name = None
        pd.testing.assert_frame_equal(stored, expected.astype("float64"), check_exact=True,
                                      check_index_type=False)


def test_a_failed_write_keeps_nothing_of_its_runs(tmp_path, monkeypatch):
    spec = parse_spec(SPEC, "chunks.toml")
    tasks, keys = plan(spec)
    outcomes = [execute(t, k) for t, k in zip(tasks[:2], keys[:2], strict=True)]
    with Store(tmp_path / "s.duckdb") as db:
        batches = BatchStore(db)
        batch_id = batches.attach(spec, design_points(spec))

        def broken(long: pd.DataFrame) -> None:
            raise OSError("disk full (constructed)")

        monkeypatch.setattr(db, "_insert_metrics", broken)
        with pytest.raises(OSError, match="constructed"):
            batches.record_many(batch_id, [([t], o) for t, o in zip(tasks, outcomes,
                                                                     strict=False)])
        monkeypatch.undo()
        assert db.runs(status=None).empty and batches.runs(batch_id).empty
        failed = Outcome(keys[1], None, "ValueError: constructed", 0.1)
        ids = batches.record_many(batch_id, [([tasks[0]], outcomes[0]), ([tasks[1]], failed)])
        runs = batches.runs(batch_id).set_index("run_id")
        assert list(runs.loc[ids, "status"]) == ["complete", "failed"]
        assert runs.loc[ids[1], "error"] == "ValueError: constructed"
