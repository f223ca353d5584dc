"""Tests of :mod:`commonsim.mechanisms.commons`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    commons,
)


def test_commons_grows_with_hours_times_skill_and_depreciates(mech):
    e = mech.tiny("netarchical", n=5, technology__commons_depreciation=0.1,
             commons__contributor_donations=0.0)
    hh, f, agg = e.state.households, e.state.firms, e.state.agg
    agg.commons = 100.0
    hh.skill[:] = [1.0, 2.0, 0.5, 1.0, 1.0]
    hh.hours_civic[:] = [0.1, 0.2, 0.4, 0.0, 0.0]
    f.commons_labour[:] = 0.0
    f.commons_labour[mech.proprietary(e)[:2]] = [1.0, 0.5]
    commons.fund_commons(e)
    added = 0.1 + 0.4 + 0.2 + 1.5
    assert agg.commons == pytest.approx(0.9 * 100.0 + added)
    assert e.period.commons_added == pytest.approx(added)



def test_for_benefit_money_buys_commons_work_at_the_going_rate(mech):
    """M2.5/M3.6: what the for-benefit institutions receive pays for commons hours."""
    e = mech.tiny("netarchical", n=4, technology__commons_depreciation=0.0,
             commons__contributor_donations=0.0)
    hh, f, agg, ledger = e.state.households, e.state.firms, e.state.agg, e.ledger
    agg.commons = 0.0
    hh.skill[:] = 1.0
    hh.hours_civic[:] = [0.1, 0.1, 0.0, 0.0]
    f.commons_labour[:] = 0.0
    f.labour[:] = 0.0
    f.labour[mech.proprietary(e)[0]] = 2.0
    f.productivity[:] = 1.5
    ledger.transfer("commons_funding", "state", 3.0, "forbenefit", 3.0)
    commons.fund_commons(e)
    rate = e.params.labour.bargaining * 1.5
    assert e.period.commons_funded_hours == pytest.approx(3.0 / rate)
    assert agg.commons == pytest.approx(0.2 * (1 - e.params.state.coproduction) + 3.0 / rate)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)
    np.testing.assert_allclose(e.ledger.income["stipends"], [1.5, 1.5, 0.0, 0.0])



def test_governance_weights_follow_funding(mech):
    assert commons.funding_weights(3.0, 1.0, 0.0) == pytest.approx((0.75, 0.25))
    assert commons.funding_weights(1.0, 3.0, 4.0) == pytest.approx((1 / 8, 7 / 8))
    e = mech.tiny("netarchical", n=5)
    e.ledger.transfer("donations", "firms", np.r_[3.0, np.zeros(e.state.firms.n - 1)],
                      "forbenefit", 3.0)
    e.ledger.transfer("donations", "households", np.r_[1.0, np.zeros(4)], "forbenefit", 1.0)
    assert commons.governance_weights(e) == pytest.approx((0.75, 0.25))
    e3 = mech.tiny("commons-partner-state", n=5)
    e3.ledger.transfer("donations", "firms", np.r_[3.0, np.zeros(e3.state.firms.n - 1)],
                       "forbenefit", 3.0)
    assert commons.governance_weights(e3) == (0.0, 1.0)



def test_capital_funded_stipends_favour_skill_weighted_contribution(mech):
    e = mech.tiny("netarchical", n=4, commons__contributor_donations=0.0)
    hh, ledger = e.state.households, e.ledger
    hh.skill[:] = [1.0, 2.0, 1.0, 1.0]
    hh.hours_civic[:] = [0.2, 0.1, 0.0, 0.0]  # equal effective hours 0.2 each
    ledger.transfer("donations", "firms", np.r_[10.0, np.zeros(e.state.firms.n - 1)],
                    "forbenefit", 10.0)
    commons.fund_commons(e)
    st = e.ledger.income["stipends"]
    # All capital-governed: weights hours*skill^2 -> 0.2 and 0.4.
    assert st[0] == pytest.approx(10.0 / 3)
    assert st[1] == pytest.approx(20.0 / 3)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)
