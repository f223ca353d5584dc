"""Tests of :mod:`commonsim.mechanisms.firms`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    commons,
    firms,
)
from commonsim.mechanisms.firms import free_cash


def test_dividends_follow_ownership_stakes(mech) -> None:
    """M1.4: surplus after wages and taxes goes to shareholders by stake."""
    e = mech.employed()
    hh, ledger = e.state.households, e.ledger
    hh.stake[:] = np.array([0, 0, 0, 0.25, 0.25, 0.5])
    f = e.state.firms
    f.capital[:] = 0.0
    e.period.investment_by_firm = np.zeros(f.n)
    ledger.deposits["households"][:] = 100.0
    ledger.transfer("consumption", "households", np.full(e.n, 10.0), "firms",
                    np.where(np.arange(f.n) == 0, 60.0, 0.0))
    before = ledger.deposits["households"].copy()
    firms.settle_firms(e)
    got = ledger.deposits["households"] - before
    profit_after_tax = 60.0 * (1 - e.params.state.profit_tax)
    assert got.sum() == pytest.approx(e.params.finance.payout * profit_after_tax)
    assert np.allclose(got, got.sum() * hh.stake)
    assert np.allclose(e.ledger.income["dividends"][:3], 0.0)



def test_firms_donate_share_of_profit_to_for_benefit_institutions(mech):
    e = mech.tiny("netarchical", n=10, commons__capital_donations=0.1, finance__payout=1.0)
    f, ledger = e.state.firms, e.ledger
    f.capital[:] = 0.0
    firm = mech.proprietary(e)[0]
    ledger.transfer("consumption", "households", np.full(10, 1.0), "firms",
                    np.eye(f.n)[firm] * 10.0)
    firms.settle_firms(e)
    after_tax = 10.0 * (1 - e.params.state.profit_tax)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.1 * after_tax)
    assert commons.forbenefit_funding(e)[0] == pytest.approx(0.1 * after_tax)



def test_surplus_is_split_by_statute_and_the_rest_reinvested(mech):
    e = mech.tiny("commons-partner-state", n=8)
    c = e.params.cooperatives
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    slot = mech.make_entity(e, [0, 1])
    e.state.firms.phyle[slot] = True  # a phyle member pays its dues (M3.3)
    hh.hours_paid[:2] = 1.0
    hh.skill[:2] = 1.0
    mech.fund(e, slot, 100.0)
    surplus = np.zeros(e.state.firms.n)
    surplus[slot] = 100.0
    fb0, sol0 = ledger.deposits["forbenefit"][0], ledger.deposits["solidarity"][0]
    firms.split_entity_surplus(e, surplus)
    assert e.ledger.income["coop_surplus"][:2] == pytest.approx([50 * c.to_members] * 2)
    assert ledger.deposits["forbenefit"][0] - fb0 == pytest.approx(100 * c.to_commons)
    pooled = 100 * (c.to_solidarity + c.phyle_insurance)
    assert ledger.deposits["solidarity"][0] - sol0 == pytest.approx(pooled)
    assert e.state.agg.phyle_pool == pytest.approx(100 * c.phyle_insurance)
    kept = 100 * (1 - c.to_members - c.to_commons - c.to_solidarity - c.phyle_insurance)
    assert ledger.deposits["firms"][slot] == pytest.approx(kept)



def test_statutory_shares_are_paid_only_from_money_held(mech):
    e = mech.tiny("commons-partner-state", n=8)
    c = e.params.cooperatives
    ledger = e.ledger
    mech.jobless(e)
    slot = mech.make_entity(e, [0])
    e.state.firms.phyle[slot] = True  # a phyle member pays its dues (M3.3)
    mech.fund(e, slot, 10.0)  # surplus 100 but most of it is already in capital goods
    surplus = np.zeros(e.state.firms.n)
    surplus[slot] = 100.0
    firms.split_entity_surplus(e, surplus)
    assert ledger.deposits["firms"][slot] == pytest.approx(0.0, abs=1e-9)
    owed = c.to_members + c.to_commons + c.to_solidarity + c.phyle_insurance
    assert e.ledger.income["coop_surplus"][0] == pytest.approx(10.0 * c.to_members / owed)



def test_investor_cap_sends_the_excess_to_the_firms_workers(mech):
    e = mech.tiny("commons-partner-state", n=10, cooperatives__investor_cap=0.1,
             commons__capital_donations=0.0, state__profit_tax=0.0)
    hh, f, ledger = e.state.households, e.state.firms, e.ledger
    mech.jobless(e)
    firm = mech.proprietary(e)[0]
    hh.employer[:4] = firm
    hh.hours_paid[:4] = 1.0
    hh.skill[:4] = 1.0
    hh.layer[:4] = 0
    f.capital[:] = 0.0
    f.capital[firm] = 100.0
    e.period.investment_by_firm = np.zeros(f.n)
    e.period.damage_by_firm = np.zeros(f.n)
    mech.fund(e, firm, 50.0)
    firms.settle_firms(e)
    profit = 50.0 - e.params.technology.depreciation * 100.0
    equity = 100.0 + 50.0  # book equity when the payout is decided: capital plus money
    dividends = ledger.paid("dividends", "firms")
    assert dividends == pytest.approx(0.1 * equity)
    assert e.period.profit_sharing == pytest.approx(profit - 0.1 * equity)
    paid_out = 0.1 * equity + (profit - 0.1 * equity)
    assert ledger.deposits["firms"][firm] == pytest.approx(50.0 - paid_out)
    np.testing.assert_allclose(e.ledger.income["wages"][:4], e.period.profit_sharing / 4)



def test_externality_tax_is_charged_on_damage(mech):
    e = mech.tiny("commons-partner-state", n=10)
    f, ledger = e.state.firms, e.ledger
    damage = np.zeros(f.n)
    damage[mech.proprietary(e)[:2]] = [10.0, 4.0]
    e.period.damage_by_firm = damage
    state0 = ledger.deposits["state"][0]
    firms.settle_firms(e)
    tax = e.params.state.externality_tax * 14.0
    assert ledger.paid("externality_tax") == pytest.approx(tax)
    assert ledger.deposits["state"][0] - state0 >= tax - 1e-9


def test_free_cash_is_what_a_paying_firm_holds_beyond_its_buffer() -> None:
    """Firms in profit return deposits above cash_target x capital; others keep theirs."""
    deposits = np.array([50.0, 10.0, 50.0, -5.0])
    capital = np.array([100.0, 100.0, 100.0, 100.0])
    paying = np.array([1.0, 1.0, 0.0, 1.0])  # the third firm made no profit
    np.testing.assert_allclose(free_cash(0.2, deposits, capital, paying), [30.0, 0.0, 0.0, 0.0])
