"""Tests of :mod:`commonsim.mechanisms.phyles`: federations of commons-oriented entities."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy.state import COMMONS_ENTITY
from commonsim.mechanisms import commons, entities, firms, phyles


def federation(mech, **overrides):
    """Two live entities (members 0-1 and 2-3) in a model-3 economy without bank credit."""
    e = mech.tiny("commons-partner-state", n=10, cooperatives__credit=False, **overrides)
    a = mech.make_entity(e, [0, 1], 0)
    b = mech.make_entity(e, [2, 3], 1)
    return e, a, b


def test_failure_risk_updates_the_prior_with_what_entities_saw(mech):
    e, _, _ = federation(mech, cooperatives__phyle_prior_failure=0.1,
                         cooperatives__phyle_prior_years=10.0)
    agg = e.state.agg
    agg.failures[COMMONS_ENTITY], agg.firm_years[COMMONS_ENTITY] = 0, 0
    assert phyles.failure_risk(e) == pytest.approx(0.1)
    agg.failures[COMMONS_ENTITY], agg.firm_years[COMMONS_ENTITY] = 9, 30
    assert phyles.failure_risk(e) == pytest.approx((9 + 1) / 40)


def test_entities_join_when_insurance_is_worth_their_dues(mech):
    e, a, b = federation(mech, cooperatives__phyle_insurance=0.5)
    f, agg = e.state.firms, e.state.agg
    agg.failures[COMMONS_ENTITY], agg.firm_years[COMMONS_ENTITY] = 10, 90  # risk 0.11
    f.expected[[a, b]] = 10.0  # a year of business at stake: benefit 1.1
    profit = np.zeros(f.n)
    profit[[a, b]] = [1.0, 4.0]  # dues 0.5 and 2.0
    e.period.profit_by_firm = profit
    phyles.choose_membership(e)
    assert f.phyle[a] and not f.phyle[b]
    assert e.period.phyle_members == 1.0
    # A riskier world brings the thriving entity in too; a dead entity is never a member.
    agg.failures[COMMONS_ENTITY] = 40
    f.alive[a] = False
    phyles.choose_membership(e)
    assert f.phyle[b] and not f.phyle[a]


def test_membership_does_not_change_with_the_price_level(mech):
    """Benefit (business at stake) and dues (surplus) are both money: a price level ten
    times higher, with surplus ten times higher, leaves every choice as it was."""
    e, a, b = federation(mech, cooperatives__phyle_insurance=0.5)
    f, agg = e.state.firms, e.state.agg
    agg.failures[COMMONS_ENTITY], agg.firm_years[COMMONS_ENTITY] = 10, 90  # risk 0.11
    f.expected[[a, b]] = 10.0
    profit = np.zeros(f.n)
    profit[[a, b]] = [1.0, 4.0]
    e.period.profit_by_firm = profit
    phyles.choose_membership(e)
    before = f.phyle.copy()
    f.price[:] *= 10.0
    e.period.profit_by_firm = profit * 10.0
    phyles.choose_membership(e)
    np.testing.assert_array_equal(f.phyle, before)
    assert f.phyle[a] and not f.phyle[b]


def test_only_members_pay_dues_into_the_pool(mech):
    e, a, b = federation(mech, cooperatives__phyle_insurance=0.1)
    f, ledger, agg = e.state.firms, e.ledger, e.state.agg
    f.phyle[a], f.phyle[b] = True, False
    ledger.deposits["firms"][[a, b]] = 100.0
    ledger.deposits["households"][:4] -= 50.0
    surplus = np.zeros(f.n)
    surplus[[a, b]] = 10.0
    agg.phyle_pool = 0.0
    firms.split_entity_surplus(e, surplus)
    assert agg.phyle_pool == pytest.approx(1.0)
    assert ledger.paid("mutual_insurance", "firms", "solidarity") == pytest.approx(1.0)


def test_the_pool_covers_members_overdrafts_not_others(mech):
    e, a, b = federation(mech)
    f, ledger, agg = e.state.firms, e.ledger, e.state.agg
    f.phyle[a], f.phyle[b] = True, False
    ledger.transfer("mutual_insurance", "households", np.r_[5.0, np.zeros(9)], "solidarity",
                    5.0)
    agg.phyle_pool = 5.0
    ledger.deposits["firms"][[a, b]] = -2.0
    ledger.deposits["households"][[4, 5]] += 2.0
    phyles.insure_members(e)
    assert ledger.deposits["firms"][a] == pytest.approx(0.0)
    assert ledger.deposits["firms"][b] == pytest.approx(-2.0)
    assert agg.phyle_pool == pytest.approx(3.0)
    assert e.period.phyle_insurance_paid == pytest.approx(2.0)


def test_the_phyle_backs_members_credit_so_they_fail_by_the_firms_rule(mech):
    e, a, b = federation(mech)
    f, ledger = e.state.firms, e.ledger
    f.phyle[a], f.phyle[b] = True, False
    f.expected[[a, b]] = 10.0
    ledger.deposits["firms"][[a, b]] = -3.0  # an overdraft well within a year's sales
    ledger.deposits["households"][[4, 5]] += 3.0
    entities.fail_insolvent(e)
    assert f.alive[a] and not f.alive[b]


def test_members_share_their_work_with_the_commons(mech):
    e, a, b = federation(mech, cooperatives__phyle_sharing=0.1)
    f = e.state.firms
    f.labour[:] = 0.0
    f.labour[[a, b]] = [3.0, 5.0]
    f.phyle[a], f.phyle[b] = True, False
    assert commons.phyle_shared_work(e) == pytest.approx(0.3)
    off = mech.tiny("commons-partner-state", n=10, cooperatives__phyles=False)
    off.state.firms.phyle[:] = True
    off.state.firms.labour[:] = 1.0
    assert commons.phyle_shared_work(off) == 0.0
