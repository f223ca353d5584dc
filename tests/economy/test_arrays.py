"""The one-pass helpers give NumPy's numbers exactly (ties, zeros, NaN, odd and even sizes)."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy.arrays import (
    group_count,
    group_sum,
    in_order,
    masked,
    max_of,
    median,
    power_by_value,
    ranked_sum,
    scaled_plus_per_head,
    shares_of,
    sparse_sum,
    stable_argsort,
    sum_of,
)


def _draw(rng: np.random.Generator, n: int) -> np.ndarray:
    # Few distinct values (ties), zeros and negatives; tiny and huge scales.
    return rng.integers(-3, 4, n).astype(float) * rng.choice([1.0, 0.1, 1e-300, 1e300])


@pytest.mark.parametrize("seed", range(20))
def test_median_equals_numpy(seed: int):
    rng = np.random.default_rng(seed)
    x = _draw(rng, int(rng.integers(1, 40)))
    assert median(x) == float(np.median(x))
    x = rng.lognormal(0.0, 1.0, int(rng.integers(1, 3000)))
    assert median(x) == float(np.median(x))


def test_median_of_nan_and_of_nothing():
    assert np.isnan(median(np.array([1.0, np.nan, 2.0])))
    assert np.isnan(median(np.zeros(0)))


@pytest.mark.parametrize("seed", range(10))
def test_masked_sum_of_and_max_of_equal_numpy(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 500))
    arrays = tuple(rng.normal(size=n) * 10.0 ** rng.integers(-5, 5) for _ in range(4))
    mask = rng.random(n) < rng.random()
    np.testing.assert_array_equal(masked(arrays[0], mask), arrays[0][mask])
    np.testing.assert_array_equal(masked(mask, mask), mask[mask])
    total = np.zeros(n)
    high = np.zeros(n)
    for a in arrays:
        total += a
        np.maximum(high, a, out=high)
    np.testing.assert_array_equal(sum_of(arrays), total)
    np.testing.assert_array_equal(max_of(arrays), high)
    arrays[1][0] = np.nan
    assert np.isnan(max_of(arrays)[0])


@pytest.mark.parametrize("n", [1, 7, 8, 9, 127, 128, 129, 300, 1001, 8193, 100_003])
def test_ranked_sum_equals_numpy_pairwise(n: int):
    rng = np.random.default_rng(n)
    x = np.sort(rng.lognormal(0.0, 2.0, n) - 1.0)
    assert ranked_sum(x) == float(np.sum(np.arange(1, n + 1) * x))


@pytest.mark.parametrize("seed", range(12))
def test_stable_argsort_equals_numpy_stable_sort(seed: int):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 3000))
    keys = _draw(rng, n)  # many ties, zeros of both signs
    keys[rng.random(n) < 0.05] = np.nan
    keys[rng.random(n) < 0.05] = -0.0
    np.testing.assert_array_equal(stable_argsort(keys), np.argsort(keys, kind="stable"))
    keys = rng.random(n)
    np.testing.assert_array_equal(stable_argsort(keys), np.argsort(keys, kind="stable"))


@pytest.mark.parametrize("seed", range(8))
def test_group_sum_and_in_order_equal_numpy(seed: int):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 2000)), int(rng.integers(1, 30))
    group = rng.integers(-1, m, n)
    weights = rng.lognormal(0.0, 3.0, n) * rng.choice([-1.0, 1.0], n)
    keep = group >= 0
    np.testing.assert_array_equal(
        group_sum(group, weights, m), np.bincount(group[keep], weights=weights[keep], minlength=m))
    order = rng.permutation(n)
    mask = rng.random(n) < rng.random()
    np.testing.assert_array_equal(in_order(order, mask), order[mask[order]])


@pytest.mark.parametrize("y", [0.34, 2.0, 0.5, -1.0, 0.0, 1.0, 3.7])
def test_power_by_value_equals_numpy(y: float):
    rng = np.random.default_rng(11)
    x = np.where(rng.random(5000) < 0.6, 1.25, rng.integers(0, 300, 5000) / 7.0)
    x[:6] = [np.nan, -0.0, 0.0, np.inf, -1.0, 1e-300]
    with np.errstate(all="ignore"):
        got, expected = power_by_value(x, y), x**y
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))
    x = rng.random(5000)  # every value distinct: more than the table holds
    np.testing.assert_array_equal(power_by_value(x, y), x**y)
    assert power_by_value(np.zeros(0), y).size == 0


@pytest.mark.parametrize("seed", range(6))
def test_group_count_and_scaled_plus_per_head_equal_numpy(seed: int):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(0, 2000)), int(rng.integers(1, 30))
    group = rng.integers(-1, m, n)
    keep = group >= 0
    heads = np.bincount(group[keep], minlength=m)
    np.testing.assert_array_equal(group_count(group, m), heads)
    x, plus, totals = rng.normal(size=n), rng.normal(size=n) * 1e5, rng.normal(size=m) * 1e3
    scale = float(rng.normal()) * 1e3
    expected = scale * x
    expected[keep] += np.where(heads > 0, totals / np.maximum(heads, 1), 0.0)[group[keep]]
    np.testing.assert_array_equal(scaled_plus_per_head(scale, x, group, totals), expected)
    expected += plus  # counts passed by a caller that has them, and a last addend
    got = scaled_plus_per_head(scale, x, group, totals, heads, plus)
    np.testing.assert_array_equal(got.view(np.uint64), expected.view(np.uint64))


def test_shares_of_equals_numpy():
    rng = np.random.default_rng(5)
    x = rng.lognormal(0.0, 2.0, 3000) * rng.choice([0.0, 1.0], 3000)
    np.testing.assert_array_equal(shares_of(7.3, x, x.sum()), 7.3 * x / x.sum())


@pytest.mark.parametrize("n", [1, 7, 8, 128, 129, 1000, 5003, 300_000])
def test_sparse_sum_equals_numpy_sum_of_the_full_array(n: int):
    rng = np.random.default_rng(n)
    for k in {0, 1, min(n, 7), min(n, 900)}:
        at = rng.choice(n, k, replace=False)  # in no particular order
        for values in (rng.lognormal(0.0, 3.0, k), np.full(k, 1234.567), rng.normal(size=k)):
            full = np.zeros(n)
            full[at] = values
            assert sparse_sum(at, values, n) == float(np.sum(full))
