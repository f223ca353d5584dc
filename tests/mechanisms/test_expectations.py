"""Tests of :mod:`commonsim.mechanisms.expectations`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    expectations,
)


def test_open_books_plan_a_known_share_of_pooled_demand():
    expected = np.array([2.0, 3.0, 5.0, 4.0])
    signal = np.array([2.2, 2.7, 5.5, 5.0])
    open_ = np.array([True, True, True, False])
    planned = expectations.plan_from_books(expected, signal, open_)
    pooled = 2.2 + 2.7 + 5.5
    np.testing.assert_allclose(planned, [0.2 * pooled, 0.3 * pooled, 0.5 * pooled, 5.0])
    # One open book learns nothing from the others: it plans from its own signal.
    alone = expectations.plan_from_books(expected, signal, np.array([True] + [False] * 3))
    np.testing.assert_allclose(alone, signal)


def test_forecast_errors_fall_with_the_share_of_open_books(mech):
    """M3.4: the same noisy signals, pooled, give smaller errors the more books are open."""
    rng = np.random.default_rng(3)
    expected = rng.uniform(1.0, 3.0, 400)
    signal = expected * np.exp(0.1 * rng.normal(size=400) - 0.005)
    spread = []
    for share in (0.0, 0.25, 1.0):
        open_ = expectations.open_books(400, share)
        assert open_.mean() == pytest.approx(share, abs=0.01)
        planned = expectations.plan_from_books(expected, signal, open_)
        spread.append(float(np.std(np.log(planned / expected))))
    assert spread[0] == pytest.approx(0.1, rel=0.15)
    assert spread[0] > spread[1] > spread[2]
    assert spread[2] < 0.01  # the error is averaged out over 400 books


def test_open_books_spread_over_forms_and_the_rule_is_the_same_for_all(mech):
    e = mech.tiny("commons-partner-state", n=10, market__coordination=0.5)
    f = e.state.firms
    open_ = expectations.open_books(f.n, 0.5)
    for form in (0, 2):
        assert open_[f.form == form].mean() == pytest.approx(0.5, abs=0.1)
    f.expected[:] = 5.0
    f.demand[:] = 7.0
    expectations.update_expectations(e)
    w = e.params.technology.forecast_adjust
    np.testing.assert_allclose(f.expected[f.alive], 5.0 + w * 2.0)


def test_plans_move_inventories_part_of_the_way_to_their_target(mech):
    e = mech.tiny("proprietary-weak-labour", n=10, technology__forecast_noise=0.0)
    f, m = e.state.firms, e.params.market
    f.expected[:] = 10.0
    f.inventory[:] = 0.0
    expectations.plan_output(e)
    prod = f.alive & (f.form != 1)
    gap = m.inventory_target * 10.0
    np.testing.assert_allclose(f.planned[prod], 10.0 + m.inventory_adjust * gap)
    f.inventory[:] = 4.0  # well above target: plan below expected sales
    expectations.plan_output(e)
    assert (f.planned[prod] < 10.0).all()
