"""Passes split over two threads: the bits of whole passes; errors and forks handled."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sys
import threading

import numpy as np
import pytest

from commonsim.economy import halves
from commonsim.economy.arrays import total_of
from commonsim.economy.engine import build_economy, step_period
from commonsim.experiments.evaluators import ProcessEvaluator
from commonsim.regimes import load_regime

HOUSEHOLDS = 3_000
YEARS = 4


def _run(preset: str) -> dict[str, np.ndarray]:
    """Every household, firm and ledger array and both matrices after a short run."""
    e = build_economy(load_regime(preset).params, HOUSEHOLDS, seed=3)
    out: dict[str, np.ndarray] = {}
    for t in range(YEARS):
        tfm, bsm = step_period(e)
        out[f"tfm{t}"], out[f"bsm{t}"] = tfm.to_numpy(), bsm.to_numpy()
    for name, part in (("hh", e.state.households), ("firms", e.state.firms)):
        for field in dataclasses.fields(part):
            value = getattr(part, field.name)
            if isinstance(value, np.ndarray):
                out[f"{name}.{field.name}"] = value
    for book in ("deposits", "loans", "income"):
        for key, value in getattr(e.ledger, book).items():
            out[f"{book}.{key}"] = value
    return out


@pytest.mark.parametrize("preset", ["proprietary-weak-labour", "netarchical",
                                    "commons-partner-state"])
def test_split_passes_give_the_bits_of_whole_passes(preset, monkeypatch) -> None:
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**12)
    whole = _run(preset)
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)  # every pass split, even the firms'
    split = _run(preset)
    assert whole.keys() == split.keys()
    for key, value in whole.items():
        got = split[key]
        assert got.dtype == value.dtype, key
        # Bits, not values: NaNs and signed zeros must match too.
        assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(value).tobytes(), key



@pytest.fixture
def two_cores(monkeypatch):
    """Split from 1,000 entries on, as if the process had two cores."""
    monkeypatch.setattr(halves, "SPLIT_FROM", 1_000)
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)


def _recording_kernel(calls: list):
    def kernel(lo, hi, out):
        calls.append((lo, hi, threading.current_thread() is threading.main_thread()))
        out[lo:hi] = np.arange(lo, hi)
    return kernel


def test_a_large_pass_runs_its_two_halves_on_two_threads(two_cores):
    calls: list = []
    out = np.full(5_001, -1.0)
    halves.over_halves(_recording_kernel(calls), out.size, out)
    assert sorted(calls) == [(0, 2_500, True), (2_500, 5_001, False)]
    assert np.array_equal(out, np.arange(5_001.0))


@pytest.mark.parametrize("n, cores", [(999, 2), (5_000, 1)])
def test_a_small_pass_or_a_single_core_runs_the_whole_pass_in_the_caller(
        two_cores, monkeypatch, n, cores):
    monkeypatch.setattr(halves, "usable_cores", lambda: cores)
    calls: list = []
    halves.over_halves(_recording_kernel(calls), n, np.zeros(n))
    assert calls == [(0, n, True)]


def test_a_caller_that_finds_the_helper_busy_runs_both_halves_itself(two_cores):
    calls: list = []
    with halves._busy:  # another thread's split is running
        halves.over_halves(_recording_kernel(calls), 5_000, np.zeros(5_000))
    assert calls == [(0, 2_500, True), (2_500, 5_000, True)]


def test_a_pass_started_while_the_helper_is_held_runs_whole_then_splits_again(two_cores):
    calls: list = []
    with halves.helper_held():  # the caller's own threads keep both cores busy
        halves.over_halves(_recording_kernel(calls), 5_000, np.zeros(5_000))
    assert calls == [(0, 2_500, True), (2_500, 5_000, True)]
    calls.clear()
    halves.over_halves(_recording_kernel(calls), 5_000, np.zeros(5_000))
    assert sorted(calls) == [(0, 2_500, True), (2_500, 5_000, False)]


@pytest.mark.parametrize("n", [1_000, 1_001, 4_099, 100_003, 1_000_000])
def test_a_total_summed_in_two_halves_has_numpys_bits(two_cores, n):
    draws = np.random.default_rng(n)
    for _ in range(5):
        x = draws.lognormal(size=n) * draws.choice([-1.0, 1.0], size=n)
        assert total_of(x) == float(np.sum(x))
    assert total_of(np.ones(n, dtype=bool)) == n  # not float64: NumPy's own sum
    assert total_of(2.5) == 2.5


def test_an_error_in_the_helpers_half_reaches_the_caller_and_frees_the_helper(two_cores):
    def kernel(lo, hi, out):
        if lo > 0:
            raise FloatingPointError("second half")
        out[lo:hi] = 1.0

    with pytest.raises(FloatingPointError, match="second half"):
        halves.over_halves(kernel, 5_000, np.zeros(5_000))
    calls: list = []
    halves.over_halves(_recording_kernel(calls), 5_000, np.zeros(5_000))
    assert len(calls) == 2


def _split_in_child(n: int) -> None:
    """Split a pass in a forked child (which inherits the two-core setting); exit 0 if right."""
    out = np.zeros(n)
    halves.over_halves(_fill_with_index, n, out)
    sys.exit(0 if np.array_equal(out, np.arange(float(n))) else 1)


def _fill_with_index(lo, hi, out):
    out[lo:hi] = np.arange(lo, hi)


def test_a_forked_child_starts_its_own_helper(two_cores):
    # The parent's helper thread does not exist in a forked child; without the at-fork
    # reset the child's split would wait for it for ever.
    halves.over_halves(_fill_with_index, 5_000, np.zeros(5_000))
    assert halves._pool is not None
    child = multiprocessing.get_context("fork").Process(target=_split_in_child, args=(5_000,))
    child.start()
    child.join(60)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child's split did not finish within 60 s")
    assert child.exitcode == 0


def test_a_worker_of_a_pool_with_a_worker_per_core_runs_one_thread(monkeypatch):
    monkeypatch.setattr(halves, "usable_cores", lambda: 4)
    monkeypatch.setattr(halves, "_sharing", 1)
    assert halves.worth_splitting(halves.SPLIT_FROM)
    assert not halves.worth_splitting(halves.SPLIT_FROM - 1)
    halves.share_cores(2)  # two cores each
    assert halves.worth_splitting(halves.SPLIT_FROM)
    halves.share_cores(4)
    assert not halves.worth_splitting(10**7)


def _cores_shared_with(_: int) -> int:
    return halves._sharing


def test_the_process_pools_tell_their_workers_how_many_share_the_cores():
    with ProcessEvaluator(workers=2) as pool:
        shared = list(pool.map_unordered(_cores_shared_with, range(4)))
    assert shared and set(shared) == {2}
