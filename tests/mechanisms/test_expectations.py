"""Tests of :mod:`commonsim.mechanisms.expectations`."""

from __future__ import annotations

import numpy as np

from commonsim.mechanisms import (
    expectations,
)


def test_shared_signals_remove_forecast_error_and_lag(mech):
    e = mech.tiny("commons-partner-state", n=10, market__coordination=1.0)
    f = e.state.firms
    f.expected[:] = 5.0
    # Inventories at their target, so the plan is expected sales alone.
    f.inventory[:] = e.params.market.inventory_target * 5.0
    expectations.plan_output(e)
    prod = f.alive & (f.form != 1)
    np.testing.assert_allclose(f.planned[prod], 5.0)
    f.demand[:] = 7.0
    expectations.update_expectations(e)
    np.testing.assert_allclose(f.expected[f.alive], 7.0)


def test_plans_move_inventories_part_of_the_way_to_their_target(mech):
    e = mech.tiny("proprietary-weak-labour", n=10, market__coordination=1.0)
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
