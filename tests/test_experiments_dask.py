"""The Dask evaluator on a real LocalCluster of two worker processes (no mock)."""

from __future__ import annotations

import os
import textwrap

from commonsim.economy import heap
from commonsim.experiments.batch import BatchStore
from commonsim.experiments.evaluators import DaskEvaluator, Evaluator
from commonsim.experiments.runner import run_experiment
from commonsim.experiments.spec import load_spec
from commonsim.store import Store

SPEC = """
name = "dask-check"
regimes = ["proprietary-balanced"]
households = 60
years = 8
replicates = 2
[design]
kind = "latin"
samples = 2
[parameters."households.need_share"]
low = 0.1
high = 0.5
"""


def test_dask_local_cluster_gives_the_same_numbers_as_in_process(tmp_path):
    path = tmp_path / "spec.toml"
    path.write_text(textwrap.dedent(SPEC))
    spec = load_spec(path)
    local = run_experiment(spec, tmp_path / "a.duckdb", Evaluator())
    evaluator = DaskEvaluator(workers=2)
    dask = run_experiment(spec, tmp_path / "b.duckdb", evaluator)
    assert evaluator._client is None  # the cluster was closed on leaving
    assert (local.done, dask.done, dask.failed) == (4, 4, 0)
    frames = []
    for name in ("a", "b"):
        with Store(tmp_path / f"{name}.duckdb", read_only=True) as db:
            frames.append(BatchStore(db).metrics(dask.batch_id)
                          .sort_values(["point", "replicate", "period", "variable"])
                          .reset_index(drop=True))
    assert len(frames[0]) > 0 and frames[0].equals(frames[1])  # one seed, one result



def _worker_heap(_: int) -> tuple[str | None, bool]:
    """In a worker: Dask's trim setting, and whether the engine's heap setting took."""
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), heap.keep_freed_memory()


def test_local_cluster_workers_keep_freed_arrays():
    # Dask starts workers trimming every freed block; ours keep household-sized arrays.
    with DaskEvaluator(workers=1) as evaluator:
        [(trim, kept)] = list(evaluator.map_unordered(_worker_heap, [0]))
    assert trim is None
    assert kept is True
