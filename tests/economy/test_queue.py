"""The hiring queue re-ranked in one pass equals a fresh stable sort by priority."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy import halves
from commonsim.economy.queue import queue_order, rerank


@pytest.mark.parametrize("seed", range(6))
def test_rerank_equals_a_fresh_sort(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    # Few distinct values, so ties across kept and moved households are common.
    priority = rng.integers(0, 8, n).astype(float)
    queue = queue_order(priority)
    changed = np.flatnonzero(rng.random(n) < rng.random())
    priority[changed] = rng.integers(0, 8, changed.size).astype(float)
    rerank(queue, priority, changed)
    np.testing.assert_array_equal(queue, np.argsort(-priority, kind="stable"))


def test_rerank_of_nobody_or_everybody():
    priority = np.array([0.3, 0.9, 0.3, 0.1])
    queue = queue_order(priority)
    rerank(queue, priority, np.zeros(0, dtype=np.int64))
    np.testing.assert_array_equal(queue, [1, 0, 2, 3])
    priority[:] = [0.5, 0.2, 0.7, 0.5]
    rerank(queue, priority, np.arange(4))
    np.testing.assert_array_equal(queue, [2, 0, 3, 1])


@pytest.mark.parametrize("seed", range(3))
def test_rerank_of_a_few_among_many_equals_a_fresh_sort(seed: int):
    rng = np.random.default_rng(seed)
    n = 20_000
    priority = np.round(rng.lognormal(0.0, 0.5, n), 2)  # ties among kept and entrants
    queue = queue_order(priority)
    changed = np.flatnonzero(rng.random(n) < 0.02)
    priority[changed] = np.round(rng.lognormal(0.0, 0.5, changed.size), 2)
    rerank(queue, priority, changed)
    np.testing.assert_array_equal(queue, np.argsort(-priority, kind="stable"))


@pytest.mark.parametrize("seed", range(8))
def test_rerank_split_over_two_threads_equals_a_fresh_sort(seed: int, monkeypatch):
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    rng = np.random.default_rng(100 + seed)
    n = int(rng.choice([1, 2, 3, 257, 5_000, 20_000]))
    priority = np.round(rng.lognormal(0.0, 0.5, n), 1)  # many ties
    queue = queue_order(priority)
    share = rng.choice([0.0005, 0.02, 0.5, 1.0])
    changed = np.flatnonzero(rng.random(n) < share)
    if changed.size == 0:
        changed = np.array([int(rng.integers(n))])
    priority[changed] = np.round(rng.lognormal(0.0, 0.5, changed.size), 1)
    rerank(queue, priority, changed)
    np.testing.assert_array_equal(queue, np.argsort(-priority, kind="stable"))
