"""Tests of :mod:`commonsim.mechanisms.investment`."""

from __future__ import annotations

import pytest


def test_entity_without_credit_invests_only_the_money_it_holds(mech):
    from commonsim.mechanisms import investment

    e = mech.tiny("netarchical", n=10)
    f = e.state.firms
    slot = mech.make_entity(e, [0, 1])
    f.expected[slot] = 100.0
    f.capital[slot] = 0.0
    f.output[:] = 1000.0
    f.output[slot] = 0.0  # it cannot sell capital goods to itself
    e.ledger.deposits["firms"][slot] = 2.0
    e.ledger.deposits["households"][0] -= 2.0
    investment.invest(e)
    spent = e.period.investment_by_firm[slot]
    assert 0 < spent <= 2.0 + 1e-12
    assert e.ledger.deposits["firms"][slot] == pytest.approx(2.0 - spent)
    assert spent == pytest.approx(2.0)  # it wanted far more than it had
