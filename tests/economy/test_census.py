"""The one-pass household statistics agree with the NumPy expressions they replace."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy.census import (
    insecure_main,
    log_growth_stds,
    masked_mean,
    masked_sum,
    masked_sum_of,
    mean_of_positive_sum,
    positive_ratios,
    share,
)
from commonsim.metrics import gini, gini_of_sorted, median_of_sorted, top_share, top_share_of_sorted


@pytest.fixture
def draws() -> np.random.Generator:
    return np.random.default_rng(7)


def test_shares_means_and_sums_equal_numpy(draws):
    x = draws.normal(size=5_001)
    mask = draws.random(5_001) < 0.4
    assert share(mask) == mask.mean()
    assert masked_mean(x, mask) == pytest.approx(x[mask].mean(), rel=1e-12)
    assert masked_mean(mask, mask | (x > 0)) == pytest.approx(mask[mask | (x > 0)].mean())
    assert masked_sum(x, mask) == pytest.approx(x[mask].sum(), rel=1e-12)
    y, z = draws.normal(size=5_001), draws.normal(size=5_001)
    assert masked_sum_of((x, y, z), mask) == pytest.approx((x + y + z)[mask].sum(), rel=1e-12)
    both = x + y
    assert mean_of_positive_sum(x, y) == pytest.approx(both[both > 0].mean(), rel=1e-12)


def test_empty_groups_give_nan_not_an_error():
    x = np.arange(4.0)
    none = np.zeros(4, dtype=bool)
    assert np.isnan(masked_mean(x, none))
    assert masked_sum(x, none) == 0.0
    assert np.isnan(mean_of_positive_sum(-x, -x))
    assert np.isnan(share(none[:0]))


def test_positive_ratios_keep_household_order_and_say_if_any_is_finite():
    debt = np.array([1.0, 2.0, 3.0, np.inf])
    income = np.array([2.0, 0.0, 4.0, 1.0])
    ratios, finite = positive_ratios(debt, income, 1e-12)
    np.testing.assert_array_equal(ratios, [0.5, 0.75, np.inf])
    assert finite
    ratios, finite = positive_ratios(debt[3:], income[3:], 1e-12)
    assert not finite


@pytest.mark.parametrize("floor", [False, True])
def test_insecure_main_equals_the_array_expression(draws, floor):
    n = 4_000
    piece, peer, stipends = (np.where(draws.random(n) < 0.5, 0.0, draws.random(n))
                             for _ in range(3))
    secure = np.maximum(np.where(draws.random(n) < 0.5, 0.0, draws.random(n)), 0.0)
    piece[:3] = np.nan  # NaN propagates as in np.maximum
    workers = draws.random(n) < 0.8
    gig = np.maximum(piece, peer)
    gig_main = (gig > secure) & (gig >= stipends)
    civic_main = (stipends > secure) & (stipends > gig)
    expected = (gig_main | (civic_main & (not floor))) & workers
    got = insecure_main(piece, peer, stipends, secure, workers, floor)
    np.testing.assert_array_equal(got, expected)
    assert got.any() and not got.all()


def test_sorted_forms_equal_the_unsorted_ones(draws):
    for n in (1, 2, 999, 1_000):
        x = draws.lognormal(size=n) - 0.3
        s = np.sort(x)
        assert median_of_sorted(s) == np.median(x)
        assert gini_of_sorted(s) == gini(x)
        for fraction in (0.01, 0.1):
            assert top_share_of_sorted(s, fraction) == pytest.approx(top_share(x, fraction),
                                                                     rel=1e-12)
    assert np.isnan(median_of_sorted(np.sort(np.array([1.0, np.nan, 2.0]))))


def test_non_finite_values_outside_the_mask_do_not_spoil_the_sum():
    x = np.array([1.0, np.inf, 2.0, np.nan, 4.0])
    mask = np.array([True, False, True, False, True])
    assert masked_sum(x, mask) == 7.0
    assert masked_mean(x, mask) == 7.0 / 3
    assert masked_sum_of((x, x), mask) == 14.0
    assert np.isnan(masked_sum(x, ~mask))
    assert masked_mean(mask, np.ones(5, dtype=bool)) == 0.6


def test_log_growth_std_equals_numpy_over_the_qualifying_households(draws):
    now, before = draws.lognormal(size=5_001), draws.lognormal(size=5_001)
    now[::7], before[::11], now[5] = 0.0, -1.0, np.nan
    who = draws.random(5_001) < 0.4
    both = who & (before > 0) & (now > 0)
    expected = np.std(np.log(np.maximum(now[both], 1e-9) / np.maximum(before[both], 1e-9)))
    assert log_growth_stds(now, before, who, who)[0] == pytest.approx(expected, rel=1e-12)
    assert np.isnan(log_growth_stds(now, before, np.zeros(5_001, dtype=bool), who)[0])


def test_two_groups_volatilities_in_one_pass_equal_each_groups_own(draws):
    now, before = draws.lognormal(size=5_001), draws.lognormal(size=5_001)
    now[::7], before[::11] = 0.0, -1.0
    first = draws.random(5_001) < 0.5
    second = first & (draws.random(5_001) < 0.5) | (draws.random(5_001) < 0.05)
    got = log_growth_stds(now, before, first, second)
    for who, value in zip((first, second), got, strict=True):
        kept = who & (before > 0) & (now > 0)
        assert value == pytest.approx(np.std(np.log(now[kept] / before[kept])), rel=1e-12)
    alone = (log_growth_stds(now, before, first, first)[0],
             log_growth_stds(now, before, second, second)[0])
    assert got == alone  # each group's sums as a pass over that group alone takes them
    assert got[0] != got[1]  # the two groups are told apart
    none = np.zeros(5_001, dtype=bool)
    assert np.isnan(log_growth_stds(now, before, first, none)[1])
    assert log_growth_stds(now, before, first, none)[0] == got[0]
