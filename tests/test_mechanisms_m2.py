"""Model 2 mechanisms (M2.1-M2.6), each rule checked on a small hand-made economy."""

from __future__ import annotations

import numpy as np
import pytest
from mech_helpers import (
    allocate_labour,
    jobless,
    make_entity,
    platform,
    proprietary,
    settle_loans,
    tiny,
)

from commonsim.economy.schedule import active_steps
from commonsim.economy.state import CIVIC, GIG, UNEMPLOYED
from commonsim.mechanisms import (
    commons,
    entities,
    firms,
    fiscal,
    platforms,
    production,
    wages,
)
from commonsim.metrics import period_metrics

# -- M2.2, M2.3: platforms ---------------------------------------------------------------


def test_platform_keeps_take_rate_of_task_payments():
    e = tiny("netarchical", n=10, platforms__take_rate=0.25)
    hh, f, ledger = e.state.households, e.state.firms, e.ledger
    jobless(e)
    hh.skill[:] = 1.0
    hh.hours_gig[[0, 1]] = [1.0, 0.5]
    firm = proprietary(e)[0]
    f.productivity[:] = 2.0
    need = np.zeros(f.n)
    need[firm] = 1.5
    e.period.gig_need = need
    e.period.gig_served = 1.5
    before_h = ledger.deposits["households"].copy()
    before_f = ledger.deposits["firms"].copy()
    wages.pay_labour(e)
    gross = e.params.labour.bargaining * 2.0 * 1.5
    received = ledger.deposits["households"] - before_h
    assert received[0] == pytest.approx(0.75 * gross * 1.0 / 1.5)
    assert received[1] == pytest.approx(0.75 * gross * 0.5 / 1.5)
    assert received[2:].sum() == pytest.approx(0.0)
    paid = ledger.deposits["firms"] - before_f
    assert paid[firm] == pytest.approx(-gross)
    assert paid[platform(e)] == pytest.approx(0.25 * gross)


def test_attention_rent_goes_to_the_platform_and_sharers_get_nothing():
    e = tiny("netarchical", n=10, platforms__attention_rate=0.05)
    f, ledger = e.state.firms, e.ledger
    f.output[:] = 0.0
    f.output[proprietary(e)] = 10.0
    before_h = ledger.deposits["households"].copy()
    before_f = ledger.deposits["firms"].copy()
    platforms.attention_rent(e)
    change = ledger.deposits["firms"] - before_f
    total = 0.05 * 10.0 * proprietary(e).size
    assert change[platform(e)] == pytest.approx(total)
    assert change[proprietary(e)] == pytest.approx(np.full(proprietary(e).size, -0.5))
    np.testing.assert_array_equal(ledger.deposits["households"], before_h)
    assert e.ledger.paid("attention_rent") == pytest.approx(total)


def test_peer_exchange_pays_providers_less_the_platform_take():
    e = tiny("netarchical", n=6, platforms__peer_exchange=0.1, platforms__take_rate=0.2)
    hh, ledger = e.state.households, e.ledger
    jobless(e)
    hh.skill[:] = 1.0
    hh.hours_gig[0] = 1.0  # the only provider
    spending = np.full(6, 10.0)
    before = ledger.deposits["households"].copy()
    before_p = ledger.deposits["firms"][platform(e)]
    left = platforms.peer_exchange(e, spending)
    np.testing.assert_allclose(left, 9.0)
    change = ledger.deposits["households"] - before
    assert change[0] == pytest.approx(0.8 * 6.0 - 1.0)  # earns 4.8, spends 1 itself
    assert change[1:] == pytest.approx(np.full(5, -1.0))
    assert ledger.deposits["firms"][platform(e)] - before_p == pytest.approx(1.2)


# -- M2.3, household time: crowdsourcing, task queue, civic time --------------------------


def test_crowdsourcing_splits_labour_demand_and_task_work_is_rationed():
    e = tiny("netarchical", n=40, seed=3, platforms__crowdsourcing=0.25,
             commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    firm = proprietary(e)[0]
    f.planned[firm] = 20.0  # 15 jobs, 5 task-hours
    allocate_labour(e)
    assert (hh.employer >= 0).sum() == 15
    assert e.period.gig_need[firm] == pytest.approx(5.0)
    gig = hh.hours_gig > 0
    # Tasks go to five job seekers in full loads, not in slivers to all twenty-five.
    assert gig.sum() == 5
    assert hh.hours_gig[gig] == pytest.approx(np.full(5, e.params.labour.standard_hours))
    assert (hh.status[gig] == GIG).all()
    rest = (hh.employer < 0) & ~gig
    assert set(np.unique(hh.status[rest])) <= {UNEMPLOYED, CIVIC}
    assert f.labour[firm] == pytest.approx(20.0)


def test_task_work_goes_first_to_those_under_income_pressure():
    e = tiny("netarchical", n=30, seed=1, platforms__crowdsourcing=1.0, commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    f.planned[proprietary(e)[0]] = 10.0
    e.state.agg.mean_income = 1.0
    hh.previous_disposable[:] = 5.0
    poor = np.arange(0, 30, 3)  # ten households whose last income fell short of needs
    hh.previous_disposable[poor] = 0.1
    allocate_labour(e)
    assert set(np.flatnonzero(hh.hours_gig > 0)) == set(poor)


def test_civic_time_is_what_income_pressure_leaves_of_free_time():
    e = tiny("netarchical", n=4, households__civic_propensity=0.2, labour__standard_hours=0.8)
    hh, f = e.state.households, e.state.firms
    f.planned[:] = 0.0
    e.state.agg.mean_income = 2.0  # need = need_share * 2 = 1 with the default 0.5
    need = e.params.households.need_share * 2.0
    hh.previous_disposable[:] = [2 * need, 0.5 * need, 0.0, need]
    hh.volunteer[:] = [True, True, True, False]
    allocate_labour(e)
    # Nobody works: free time is the leisure plus the whole standard year; only volunteers
    # give any of it.
    free = e.params.households.leisure + 1.0
    np.testing.assert_allclose(hh.hours_civic, 0.2 * free * np.array([1.0, 0.5, 0.0, 0.0]))
    assert hh.status[2] == UNEMPLOYED
    assert hh.status[3] == UNEMPLOYED
    assert hh.status[0] == CIVIC


def test_full_time_workers_give_civic_time_from_their_leisure():
    """M2.1/M3.11: a full-time job leaves leisure, so employed people contribute too."""
    e = tiny("netarchical", n=6, households__civic_propensity=0.1, households__leisure=0.7,
             platforms__crowdsourcing=0.0, commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    h = e.params.labour.standard_hours
    f.planned[proprietary(e)[0]] = 3.0 * h  # three full-time jobs, three idle households
    e.state.agg.mean_income = 1.0
    need = e.params.households.need_share
    hh.previous_disposable[:] = [need, 0.5 * need, need, need, 0.5 * need, need]
    hh.volunteer[:] = True
    allocate_labour(e)
    employed = hh.employer >= 0
    assert employed.sum() == 3
    np.testing.assert_allclose(hh.hours_paid[employed], h)
    security = np.where(hh.previous_disposable >= need, 1.0, 0.5)
    expected = np.where(employed, 0.1 * 0.7, 0.1 * (0.7 + 1.0 - 0.0)) * security
    np.testing.assert_allclose(hh.hours_civic, expected)
    assert (hh.hours_civic[employed] > 0).all()
    # An idle household with the same security gives more than an employed one.
    for s in (0.5, 1.0):
        assert (hh.hours_civic[~employed & (security == s)].min()
                > hh.hours_civic[employed & (security == s)].max())


def test_precarious_share_counts_task_workers():
    e = tiny("netarchical", n=10)
    hh = e.state.households
    jobless(e)
    hh.employer[:5] = proprietary(e)[0]
    hh.hours_paid[:5] = 1.0
    hh.hours_gig[5:8] = 1.0
    hh.status[:] = UNEMPLOYED
    hh.status[5:8] = GIG
    # Precarity is about the main source of income (sfc-primer definition).
    e.ledger.income["wages"][:5] = 1.0
    e.ledger.income["piece"][5:8] = 0.5
    m = period_metrics(e)
    assert m["precarious_share"] == pytest.approx(3 / 8)
    # A task worker living mainly on dividends is not precarious.
    e.ledger.income["dividends"][7] = 2.0
    m = period_metrics(e)
    assert m["precarious_share"] == pytest.approx(2 / 8)


# -- M2.1: the commons pool ----------------------------------------------------------------


def test_commons_grows_with_hours_times_skill_and_depreciates():
    e = tiny("netarchical", n=5, technology__commons_depreciation=0.1,
             commons__contributor_donations=0.0)
    hh, f, agg = e.state.households, e.state.firms, e.state.agg
    agg.commons = 100.0
    hh.skill[:] = [1.0, 2.0, 0.5, 1.0, 1.0]
    hh.hours_civic[:] = [0.1, 0.2, 0.4, 0.0, 0.0]
    f.commons_labour[:] = 0.0
    f.commons_labour[proprietary(e)[:2]] = [1.0, 0.5]
    commons.fund_commons(e)
    added = 0.1 + 0.4 + 0.2 + 1.5
    assert agg.commons == pytest.approx(0.9 * 100.0 + added)
    assert e.period.commons_added == pytest.approx(added)


def test_for_benefit_money_buys_commons_work_at_the_going_rate():
    """M2.5/M3.6: what the for-benefit institutions receive pays for commons hours."""
    e = tiny("netarchical", n=4, technology__commons_depreciation=0.0,
             commons__contributor_donations=0.0)
    hh, f, agg, ledger = e.state.households, e.state.firms, e.state.agg, e.ledger
    agg.commons = 0.0
    hh.skill[:] = 1.0
    hh.hours_civic[:] = [0.1, 0.1, 0.0, 0.0]
    f.commons_labour[:] = 0.0
    f.labour[:] = 0.0
    f.labour[proprietary(e)[0]] = 2.0
    f.productivity[:] = 1.5
    ledger.transfer("commons_funding", "state", 3.0, "forbenefit", 3.0)
    commons.fund_commons(e)
    rate = e.params.labour.bargaining * 1.5
    assert e.period.commons_funded_hours == pytest.approx(3.0 / rate)
    assert agg.commons == pytest.approx(0.2 * (1 - e.params.state.coproduction) + 3.0 / rate)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)
    np.testing.assert_allclose(e.ledger.income["stipends"], [1.5, 1.5, 0.0, 0.0])


def test_commons_is_non_rival_every_producer_gains_and_nothing_is_used_up():
    e = tiny("netarchical", n=50)
    e.state.agg.commons = 40.0
    production.set_productivity(e)
    f = e.state.firms
    gain = production.commons_gain(e)
    assert gain > 0
    prop = proprietary(e)
    base = e.params.technology.productivity
    ip = e.params.technology.ip_productivity  # every proprietary firm uses the IP stock
    np.testing.assert_allclose(f.productivity[prop], base * (1 + ip + gain))
    f.planned[:] = 0.0
    f.planned[prop] = 5.0
    f.labour[:] = 100.0
    production.produce(e)
    assert e.state.agg.commons == 40.0
    assert (f.drawn[prop] > 0).all()


# -- M2.4: capital co-creates, ventures unsupported ----------------------------------------


def test_firms_finance_commons_work_from_their_labour_demand():
    e = tiny("netarchical", n=40, commons__firm_funded=0.1, platforms__crowdsourcing=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    firm = proprietary(e)[0]
    f.planned[firm] = 10.0
    allocate_labour(e)
    assert f.commons_labour[firm] == pytest.approx(1.0)
    assert (hh.employer == firm).sum() == 11  # paid for production and commons work
    assert f.labour[firm] == pytest.approx(10.0)


def test_venture_without_credit_fails_when_overdrawn():
    e = tiny("netarchical", n=10)
    slot = make_entity(e, [0, 1, 2])
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


def test_venture_with_credit_borrows_instead_of_failing():
    e = tiny("netarchical", n=10, cooperatives__credit=True)
    slot = make_entity(e, [0, 1, 2])
    e.state.firms.expected[slot] = 10.0
    e.ledger.deposits["firms"][slot] = -3.0
    e.ledger.deposits["households"][0] += 3.0
    settle_loans(e)
    assert e.state.firms.alive[slot]
    assert e.ledger.loans["firms"][slot] == pytest.approx(3.0)
    assert e.ledger.deposits["firms"][slot] == pytest.approx(0.0)


def test_entity_without_credit_invests_only_the_money_it_holds():
    from commonsim.mechanisms import investment

    e = tiny("netarchical", n=10)
    f = e.state.firms
    slot = make_entity(e, [0, 1])
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


# -- M2.5: for-benefit institutions ---------------------------------------------------------


def test_governance_weights_follow_funding():
    assert commons.funding_weights(3.0, 1.0, 0.0) == pytest.approx((0.75, 0.25))
    assert commons.funding_weights(1.0, 3.0, 4.0) == pytest.approx((1 / 8, 7 / 8))
    e = tiny("netarchical", n=5)
    e.ledger.transfer("donations", "firms", np.r_[3.0, np.zeros(e.state.firms.n - 1)],
                      "forbenefit", 3.0)
    e.ledger.transfer("donations", "households", np.r_[1.0, np.zeros(4)], "forbenefit", 1.0)
    assert commons.governance_weights(e) == pytest.approx((0.75, 0.25))
    e3 = tiny("commons-partner-state", n=5)
    e3.ledger.transfer("donations", "firms", np.r_[3.0, np.zeros(e3.state.firms.n - 1)],
                       "forbenefit", 3.0)
    assert commons.governance_weights(e3) == (0.0, 1.0)


def test_capital_funded_stipends_favour_skill_weighted_contribution():
    e = tiny("netarchical", n=4, commons__contributor_donations=0.0)
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


def test_firms_donate_share_of_profit_to_for_benefit_institutions():
    e = tiny("netarchical", n=10, commons__capital_donations=0.1, finance__payout=1.0)
    f, ledger = e.state.firms, e.ledger
    f.capital[:] = 0.0
    firm = proprietary(e)[0]
    ledger.transfer("consumption", "households", np.full(10, 1.0), "firms",
                    np.eye(f.n)[firm] * 10.0)
    firms.settle_firms(e)
    after_tax = 10.0 * (1 - e.params.state.profit_tax)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.1 * after_tax)
    assert commons.forbenefit_funding(e)[0] == pytest.approx(0.1 * after_tax)


def test_model_two_has_no_solidarity_mechanism():
    e = tiny("netarchical", n=5)
    names = [name for name, _ in active_steps(e.params)]
    assert "pay_solidarity" not in names
    assert not e.params.cooperatives.phyles


# -- M2.6: the weak state -------------------------------------------------------------------


def test_weak_state_pays_finance_more_than_the_commons():
    e = tiny("netarchical", n=20)
    f = e.state.firms
    f.output[proprietary(e)] = 1e6  # room for all purchases
    fiscal.public_spending(e)
    potential = fiscal.potential_output(e)
    s = e.params.state
    to_finance = e.ledger.paid("support_to_finance")
    to_commons = e.ledger.paid("commons_funding", "state")
    assert to_finance == pytest.approx(s.support_to_finance * potential)
    assert to_commons == pytest.approx(s.commons_support * potential)
    assert to_finance > to_commons
    assert e.period.security == pytest.approx(s.security * potential)
    assert e.ledger.deposits["forbenefit"][0] == pytest.approx(s.commons_support * potential)


def test_task_workers_get_no_unemployment_benefit():
    e = tiny("netarchical", n=6)
    hh = e.state.households
    jobless(e)
    hh.hours_gig[0] = 1.0
    e.state.agg.mean_wage = 1.0
    fiscal.taxes_and_transfers(e)
    b = e.ledger.income["benefits"]
    assert b[0] == 0.0
    assert b[1:] == pytest.approx(np.full(5, e.params.state.benefit_replacement))
