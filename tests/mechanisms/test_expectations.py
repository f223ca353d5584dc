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
    expectations.plan_output(e)
    prod = f.alive & (f.form != 1)
    np.testing.assert_allclose(f.planned[prod], 5.0)
    f.demand[:] = 7.0
    expectations.update_expectations(e)
    np.testing.assert_allclose(f.expected[f.alive], 7.0)
