"""Tests of :mod:`commonsim.mechanisms.entities`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    entities,
)


def test_venture_without_credit_fails_when_overdrawn(mech):
    e = mech.tiny("netarchical", n=10)
    slot = mech.make_entity(e, [0, 1, 2])
    e.ledger.deposits["firms"][slot] = -3.0
    e.ledger.deposits["households"][0] += 3.0  # where the money went
    entities.fail_insolvent(e)
    f = e.state.firms
    assert not f.alive[slot]
    assert (e.state.households.member_of[:3] == -1).all()
    assert e.ledger.loans["firms"][slot] == 0.0
    assert e.ledger.deposits["firms"][slot] == pytest.approx(0.0)
    assert e.state.agg.failures[2] == 1
    assert e.ledger.lending["writeoff"] == pytest.approx(3.0)



def test_venture_with_credit_borrows_instead_of_failing(mech):
    e = mech.tiny("netarchical", n=10, cooperatives__credit=True)
    slot = mech.make_entity(e, [0, 1, 2])
    e.state.firms.expected[slot] = 10.0
    e.ledger.deposits["firms"][slot] = -3.0
    e.ledger.deposits["households"][0] += 3.0
    mech.settle_loans(e)
    assert e.state.firms.alive[slot]
    assert e.ledger.loans["firms"][slot] == pytest.approx(3.0)
    assert e.ledger.deposits["firms"][slot] == pytest.approx(0.0)



def test_one_exit_rule_a_proprietary_firm_fails_and_is_refounded(mech):
    """The same rule fails a firm: net debt beyond capital plus a year of sales."""
    e = mech.tiny("proprietary-balanced", n=10)
    f, ledger = e.state.firms, e.ledger
    firm, other = mech.proprietary(e)[:2]
    f.capital[firm], f.expected[firm] = 2.0, 1.0
    f.capital[other] = 6.0
    capital_before = float(f.capital.sum())
    ledger.lend("firms", np.eye(f.n)[firm] * 10.0)
    ledger.transfer("wages", "firms", np.eye(f.n)[firm] * 10.0, "households",
                    np.full(e.n, 1.0), "wages")
    entities.fail_insolvent(e)
    assert e.state.agg.failures[0] == 1
    assert f.alive[firm]  # refounded by its shareholders
    assert f.capital[firm] == 0.0
    # Its capital was sold to the surviving firms through the books, not lost.
    assert float(f.capital.sum()) == pytest.approx(capital_before)
    assert e.period.capital_sold == pytest.approx(2.0)
    assert ledger.paid("capital_sales") == pytest.approx(2.0)
    # The sale repaid part of the loan; the rest (10 - 2) was written off.
    assert ledger.lending["writeoff"] == pytest.approx(8.0)
    assert ledger.loans["firms"][firm] == 0.0


def test_distress_must_last_exit_periods(mech):
    e = mech.tiny("netarchical", n=10, finance__exit_periods=2)
    slot = mech.make_entity(e, [0, 1, 2])
    e.ledger.deposits["firms"][slot] = -3.0
    e.ledger.deposits["households"][0] += 3.0
    entities.fail_insolvent(e)
    assert e.state.firms.alive[slot] and e.state.firms.distress[slot] == 1
    entities.fail_insolvent(e)
    assert not e.state.firms.alive[slot]


def test_an_entity_whose_members_left_closes_and_its_reserves_go_to_the_commons(mech):
    e = mech.tiny("commons-partner-state", n=10)
    slot = mech.make_entity(e, [])
    e.state.firms.capital[slot] = 4.0
    mech.fund(e, slot, 1.5)
    commons_before = float(e.ledger.deposits["forbenefit"].sum())
    entities.fail_insolvent(e)
    assert not e.state.firms.alive[slot]
    assert e.state.agg.failures[2] == 0
    assert e.period.capital_sold == pytest.approx(4.0)
    # Its cash and the price of its capital go to the commons (indivisible reserves).
    assert float(e.ledger.deposits["forbenefit"].sum()) - commons_before == pytest.approx(5.5)
    assert e.ledger.deposits["firms"][slot] == pytest.approx(0.0)
