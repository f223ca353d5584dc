"""Tests of :mod:`commonsim.mechanisms.consumption`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import consumption


def test_consumption_function_alpha1_income_alpha2_wealth(mech) -> None:
    """Consumption is alpha1 * disposable income + alpha2 * opening net wealth (no homes
    here; home equity has its own propensity, tests/test_housing.py)."""
    e = mech.employed(**{"households.need_share": 0.0, "housing.enabled": False})
    hh, ledger, h = e.state.households, e.ledger, e.params.households
    hh.stake[:] = 0.0
    hh.disposable[:] = np.linspace(1.0, 3.0, e.n)
    hh.opening_wealth[:] = np.linspace(0.0, 10.0, e.n)
    ledger.deposits["households"][:] = 100.0
    plan = consumption.consumption_plan(e)
    assert np.allclose(plan, h.propensity_income * hh.disposable
                       + h.propensity_wealth * hh.opening_wealth)



def test_the_defended_consumption_is_a_share_of_ones_own_last_consumption(mech) -> None:
    """Internal habit: the norm follows the household's own consumption of last year, so a
    household whose income fell for good stops borrowing once its habit has followed."""
    e = mech.employed(**{"households.need_share": 0.5, "finance.credit_limit": 10.0,
                         "households.propensity_income": 0.5, "housing.enabled": False})
    hh, ledger = e.state.households, e.ledger
    hh.stake[:] = 0.0
    hh.opening_wealth[:] = 0.0
    e.state.agg.mean_income = 50.0  # others' income plays no part
    hh.disposable[:] = 1.0
    hh.consumption[:] = np.array([0.0, 1.0, 2.0, 4.0, 8.0, 0.5])
    ledger.deposits["households"][:] = 100.0
    plan = consumption.consumption_plan(e)
    assert np.allclose(plan, np.maximum(0.5 * 1.0, 0.5 * hh.consumption))


def test_households_borrow_when_income_falls_short_of_needs(mech) -> None:
    """M1.6: below the consumption they defend, households borrow, within a credit limit."""
    e = mech.employed(**{"households.need_share": 0.8, "finance.credit_limit": 2.0,
                   "households.propensity_income": 0.5, "housing.enabled": False,
                   "households.need_reference": "mean-income"})
    hh, ledger = e.state.households, e.ledger
    hh.stake[:] = 0.0
    hh.opening_wealth[:] = 0.0
    e.state.agg.mean_income = 1.0
    hh.disposable[:] = np.array([0.1, 0.2, 1.0, 1.0, 1.0, 1.0])
    ledger.deposits["households"][:] = np.array([0.0, 0.0, 0.0, 5.0, 5.0, 5.0])
    plan = consumption.consumption_plan(e)
    need = 0.8
    # Poor households without savings want `need` but may only borrow 2 years of income.
    assert plan[0] == pytest.approx(min(need, 2.0 * 0.1))
    assert plan[1] == pytest.approx(min(need, 2.0 * 0.2))
    assert plan[2] == pytest.approx(need)
    e.state.firms.output[:] = 100.0
    consumption.consume(e)
    assert hh.borrowed[:3].all() and not hh.borrowed[3:].any()
    mech.settle_loans(e)
    loans = ledger.loans["households"]
    assert (loans[:3] > 0).all() and np.allclose(loans[3:], 0.0)
    assert (ledger.deposits["households"] >= -1e-12).all()
