"""Tests of :mod:`commonsim.mechanisms.entities`."""

from __future__ import annotations

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
