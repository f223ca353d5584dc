"""Tests of :mod:`commonsim.mechanisms.solidarity`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    solidarity,
)


def test_solidarity_fund_tops_commoners_up_to_the_floor_within_its_means(mech):
    e = mech.tiny("commons-partner-state", n=6, solidarity__floor=0.5, solidarity__state_match=0.0)
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    e.state.agg.median_income = 10.0  # floor 5
    hh.hours_civic[:4] = 0.1  # four commoners; two others are not
    hh.disposable[:] = [1.0, 3.0, 6.0, 4.0, 0.0, 0.0]
    ledger.deposits["solidarity"][0] = 100.0
    solidarity.pay_solidarity(e)
    np.testing.assert_allclose(e.ledger.income["solidarity"], [4.0, 2.0, 0.0, 1.0, 0.0, 0.0])
    # With too little money the gaps are covered pro rata.
    e2 = mech.tiny("commons-partner-state", n=6, solidarity__floor=0.5, solidarity__state_match=0.0)
    mech.jobless(e2)
    e2.state.agg.median_income = 10.0
    e2.state.households.hours_civic[:4] = 0.1
    e2.state.households.disposable[:] = [1.0, 3.0, 6.0, 4.0, 0.0, 0.0]
    e2.ledger.deposits["solidarity"][0] = 3.5
    solidarity.pay_solidarity(e2)
    np.testing.assert_allclose(e2.ledger.income["solidarity"],
                               [2.0, 1.0, 0.0, 0.5, 0.0, 0.0])
    assert e2.ledger.deposits["solidarity"][0] == pytest.approx(0.0)



def test_state_matches_entities_solidarity_contributions_up_to_the_funds_needs(mech):
    e = mech.tiny("commons-partner-state", n=4, solidarity__state_match=1.5, solidarity__floor=1.0)
    hh = e.state.households
    mech.jobless(e)
    hh.hours_civic[:] = 0.1
    e.state.agg.median_income = 10.0
    hh.disposable[:] = [10.0, 10.0, 10.0, 0.0]  # one commoner 10 below the floor
    assert e.ledger.deposits["solidarity"][0] == 0.0
    mech.contribute(e, 2.0)
    st0 = e.ledger.deposits["state"][0]
    solidarity.pay_solidarity(e)
    assert e.ledger.deposits["state"][0] - st0 == pytest.approx(-3.0)  # full match: 1.5 x 2
    assert e.ledger.income["solidarity"][3] == pytest.approx(5.0)  # all the fund has
    # A fund that already holds what it needs gets no public money.
    e2 = mech.tiny("commons-partner-state", n=4, solidarity__state_match=1.5, solidarity__floor=1.0)
    mech.jobless(e2)
    e2.state.households.hours_civic[:] = 0.1
    e2.state.agg.median_income = 10.0
    e2.state.households.disposable[:] = [10.0, 10.0, 10.0, 9.0]
    e2.ledger.deposits["solidarity"][0] = 3.0
    mech.contribute(e2, 2.0)
    st0 = e2.ledger.deposits["state"][0]
    solidarity.pay_solidarity(e2)
    assert e2.ledger.deposits["state"][0] == pytest.approx(st0)
    assert e2.ledger.deposits["solidarity"][0] == pytest.approx(4.0)


def test_gaps_pass_equals_its_array_expression(mech) -> None:
    e = mech.tiny("commons-partner-state", n=400)
    hh = e.state.households
    rng = np.random.default_rng(2)
    hh.hours_civic[:] = rng.choice([0.0, 0.1], 400)
    hh.hours_commons[:] = rng.choice([0.0, 0.0, 0.2], 400)
    hh.hours_gig[:] = rng.choice([0.0, 0.0, 0.5], 400)
    hh.member_of[:] = rng.choice([-1, -1, 0], 400)
    hh.disposable[:] = rng.choice([-1.0, 0.0, 5.0, 5.0 + 1e-15, 9.0, np.nan], 400)
    expected = np.where(solidarity.commoners(e), np.maximum(5.0 - hh.disposable, 0.0), 0.0)
    got = np.empty(400)
    for lo, hi in ((0, 150), (150, 400)):
        solidarity._gaps(lo, hi, hh.hours_civic, hh.hours_commons, hh.hours_gig, hh.member_of,
                         hh.disposable, 5.0, got)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))
