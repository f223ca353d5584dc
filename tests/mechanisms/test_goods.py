"""Tests of :mod:`commonsim.mechanisms.goods`."""

from __future__ import annotations

import pytest

from commonsim.mechanisms import (
    goods,
)


def share_of_entity_sales(mech, preference: float) -> float:
    e = mech.tiny("commons-partner-state", n=10)
    f = e.state.firms
    slot = mech.make_entity(e, [0])
    f.output[:] = 0.0
    f.sales[:] = 0.0
    f.output[mech.proprietary(e)[0]] = 10.0
    f.output[slot] = 10.0
    e.ledger.deposits["state"][0] = 100.0
    goods.buy(e, "government_purchases", "state", 10.0, preference)
    return float(f.sales[slot] / f.sales.sum())



def test_procurement_preference_raises_entities_share_of_sales(mech):
    assert share_of_entity_sales(mech, 0.0) == pytest.approx(0.5)
    assert share_of_entity_sales(mech, 1.0) == pytest.approx(2 / 3)



def test_demand_addressed_to_a_firm_is_at_least_what_it_sold(mech):
    e = mech.tiny("commons-partner-state", n=10)
    f = e.state.firms
    slot = mech.make_entity(e, [0])
    firm = mech.proprietary(e)[0]
    f.output[:] = 0.0
    f.output[firm] = 10.0
    f.output[slot] = 2.0  # preferred but small: buyers it turns away go to the firm
    e.ledger.deposits["state"][0] = 100.0
    goods.buy(e, "government_purchases", "state", 12.0, 1.0)
    assert f.sales[firm] == pytest.approx(10.0)
    assert f.demand[firm] == pytest.approx(10.0)
    assert f.demand[slot] > f.sales[slot]
