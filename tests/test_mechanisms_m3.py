"""Model 3 mechanisms (M3.1-M3.11), each rule checked on a small hand-made economy."""

from __future__ import annotations

import numpy as np
import pytest
from mech_helpers import allocate_labour, jobless, make_entity, proprietary, tiny

from commonsim.economy.state import COMMONS_ENTITY
from commonsim.mechanisms import (
    commons,
    entities,
    expectations,
    firms,
    fiscal,
    goods,
    knowledge,
    skills,
    solidarity,
    wages,
)


def fund(e, firm: int, amount: float) -> None:
    """Give firm `firm` money from households (a sale), through the ledger."""
    f = e.state.firms
    paid = np.full(e.n, amount / e.n)
    e.ledger.transfer("consumption", "households", paid, "firms", np.eye(f.n)[firm] * amount)


def contribute(e, amount: float) -> None:
    """Commons-oriented entities pay `amount` into the solidarity fund, through the ledger."""
    paid = np.zeros(e.state.firms.n)
    paid[0] = amount
    e.ledger.transfer("solidarity_contributions", "firms", paid, "solidarity", amount)


# -- M3.2, M3.3, M3.9: cooperative entities ----------------------------------------------


def test_cooperative_pay_ratio_is_bounded():
    e = tiny("commons-partner-state", n=6, cooperatives__pay_ratio=3.0)
    hh = e.state.households
    jobless(e)
    make_entity(e, [0, 1, 2])
    hh.skill[:3] = [1.0, 2.0, 10.0]
    hh.hours_paid[:3] = 1.0
    w = wages.pay_weights(e)[:3]
    assert w.max() / w.min() == pytest.approx(3.0)
    assert w[1] == pytest.approx(2.0)  # within the bound, pay follows skill


def test_member_pay_ratio_holds_in_money_paid():
    e = tiny("commons-partner-state", n=6, cooperatives__pay_ratio=2.0)
    hh, f = e.state.households, e.state.firms
    jobless(e)
    slot = make_entity(e, [0, 1])
    hh.skill[:2] = [1.0, 5.0]
    hh.hours_paid[:2] = 1.0
    f.productivity[:] = 1.0
    e.period.gig_need = np.zeros(f.n)
    e.period.gig_served = 0.0
    wages.pay_labour(e)
    pay = e.ledger.income["coop_pay"][:2]
    assert pay[1] / pay[0] == pytest.approx(2.0)
    assert pay.sum() == pytest.approx(e.params.labour.bargaining * 6.0)
    assert f.wage_bill[slot] == pytest.approx(pay.sum())


def test_surplus_is_split_by_statute_and_the_rest_reinvested():
    e = tiny("commons-partner-state", n=8)
    c = e.params.cooperatives
    hh, ledger = e.state.households, e.ledger
    jobless(e)
    slot = make_entity(e, [0, 1])
    hh.hours_paid[:2] = 1.0
    hh.skill[:2] = 1.0
    fund(e, slot, 100.0)
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


def test_statutory_shares_are_paid_only_from_money_held():
    e = tiny("commons-partner-state", n=8)
    c = e.params.cooperatives
    ledger = e.ledger
    jobless(e)
    slot = make_entity(e, [0])
    fund(e, slot, 10.0)  # surplus 100 but most of it is already in capital goods
    surplus = np.zeros(e.state.firms.n)
    surplus[slot] = 100.0
    firms.split_entity_surplus(e, surplus)
    assert ledger.deposits["firms"][slot] == pytest.approx(0.0, abs=1e-9)
    owed = c.to_members + c.to_commons + c.to_solidarity + c.phyle_insurance
    assert e.ledger.income["coop_surplus"][0] == pytest.approx(10.0 * c.to_members / owed)


def test_investor_cap_sends_the_excess_to_the_firms_workers():
    e = tiny("commons-partner-state", n=10, cooperatives__investor_cap=0.1,
             commons__capital_donations=0.0, state__profit_tax=0.0)
    hh, f, ledger = e.state.households, e.state.firms, e.ledger
    jobless(e)
    firm = proprietary(e)[0]
    hh.employer[:4] = firm
    hh.hours_paid[:4] = 1.0
    hh.skill[:4] = 1.0
    hh.layer[:4] = 0
    f.capital[:] = 0.0
    f.capital[firm] = 100.0
    e.period.investment_by_firm = np.zeros(f.n)
    e.period.damage_by_firm = np.zeros(f.n)
    fund(e, firm, 50.0)
    firms.settle_firms(e)
    profit = 50.0 - e.params.technology.depreciation * 100.0
    equity = 100.0 + 50.0  # book equity when the payout is decided: capital plus money
    dividends = ledger.paid("dividends", "firms")
    assert dividends == pytest.approx(0.1 * equity)
    assert e.period.profit_sharing == pytest.approx(profit - 0.1 * equity)
    paid_out = 0.1 * equity + (profit - 0.1 * equity)
    assert ledger.deposits["firms"][firm] == pytest.approx(50.0 - paid_out)
    np.testing.assert_allclose(e.ledger.income["wages"][:4], e.period.profit_sharing / 4)


# -- M3.8: reformed for-profits ---------------------------------------------------------


def test_externality_tax_is_charged_on_damage():
    e = tiny("commons-partner-state", n=10)
    f, ledger = e.state.firms, e.ledger
    damage = np.zeros(f.n)
    damage[proprietary(e)[:2]] = [10.0, 4.0]
    e.period.damage_by_firm = damage
    state0 = ledger.deposits["state"][0]
    firms.settle_firms(e)
    tax = e.params.state.externality_tax * 14.0
    assert ledger.paid("externality_tax") == pytest.approx(tax)
    assert ledger.deposits["state"][0] - state0 >= tax - 1e-9


def test_pricing_damage_makes_firms_abate():
    e = tiny("commons-partner-state", n=10, state__externality_tax=0.4)
    tech = e.params.technology
    from commonsim.mechanisms import production

    production.set_productivity(e)
    assert e.state.firms.abatement == pytest.approx(
        np.full(e.state.firms.n, 0.4 * tech.damage_intensity / tech.abatement_cost))


def test_commons_levy_is_charged_on_value_drawn_by_for_profits():
    e = tiny("commons-partner-state", n=10, state__commons_levy=0.3, ip__enabled=False)
    f, ledger = e.state.firms, e.ledger
    slot = make_entity(e, [0])
    f.drawn[:] = 0.0
    f.drawn[proprietary(e)[0]] = 10.0
    f.drawn[slot] = 10.0  # commons-oriented entities pay no levy
    fb0 = ledger.deposits["forbenefit"][0]
    knowledge.knowledge_rent(e)
    assert ledger.deposits["forbenefit"][0] - fb0 == pytest.approx(3.0)
    assert commons.forbenefit_funding(e)[0] == pytest.approx(3.0)


# -- M3.11, M3.6, M3.10: the Partner State ----------------------------------------------


def test_basic_income_is_paid_to_all_and_financed_by_the_state():
    e = tiny("commons-partner-state", n=10, state__basic_income=0.5)
    hh, ledger = e.state.households, e.ledger
    e.state.agg.median_income = 2.0
    hh.taxable[:] = 0.0
    ledger.deposits["state"][0] = 0.0
    bonds0 = ledger.bonds
    fiscal.taxes_and_transfers(e)
    np.testing.assert_allclose(e.ledger.income["basic_income"], 1.0)
    assert ledger.deposits["state"][0] < 0  # benefits and basic income paid out
    deficit = -ledger.deposits["state"][0]
    fiscal.finance_state(e)
    assert ledger.bonds - bonds0 == pytest.approx(deficit)
    assert ledger.deposits["state"][0] == pytest.approx(0.0)


def test_partner_state_funds_civic_infrastructure_and_counts_coproduced_services():
    e = tiny("commons-partner-state", n=10)
    hh = e.state.households
    s = e.params.state
    e.state.firms.output[proprietary(e)] = 1e6
    hh.hours_civic[:] = 0.1
    hh.skill[:] = 1.0
    e.state.agg.mean_wage = 2.0
    fiscal.public_spending(e)
    potential = fiscal.potential_output(e)
    to_commons = e.ledger.paid("commons_funding", "state") + e.ledger.paid(
        "civic_infrastructure")
    assert to_commons == pytest.approx(
        (s.civic_infrastructure + s.commons_support) * potential)
    assert e.period.coproduced_services == pytest.approx(1.0 * s.coproduction * 2.0)


# -- M3.5: solidarity ----------------------------------------------------------------------


def test_solidarity_fund_tops_commoners_up_to_the_floor_within_its_means():
    e = tiny("commons-partner-state", n=6, solidarity__floor=0.5, solidarity__state_match=0.0)
    hh, ledger = e.state.households, e.ledger
    jobless(e)
    e.state.agg.median_income = 10.0  # floor 5
    hh.hours_civic[:4] = 0.1  # four commoners; two others are not
    hh.disposable[:] = [1.0, 3.0, 6.0, 4.0, 0.0, 0.0]
    ledger.deposits["solidarity"][0] = 100.0
    solidarity.pay_solidarity(e)
    np.testing.assert_allclose(e.ledger.income["solidarity"], [4.0, 2.0, 0.0, 1.0, 0.0, 0.0])
    # With too little money the gaps are covered pro rata.
    e2 = tiny("commons-partner-state", n=6, solidarity__floor=0.5, solidarity__state_match=0.0)
    jobless(e2)
    e2.state.agg.median_income = 10.0
    e2.state.households.hours_civic[:4] = 0.1
    e2.state.households.disposable[:] = [1.0, 3.0, 6.0, 4.0, 0.0, 0.0]
    e2.ledger.deposits["solidarity"][0] = 3.5
    solidarity.pay_solidarity(e2)
    np.testing.assert_allclose(e2.ledger.income["solidarity"],
                               [2.0, 1.0, 0.0, 0.5, 0.0, 0.0])
    assert e2.ledger.deposits["solidarity"][0] == pytest.approx(0.0)


def test_state_matches_entities_solidarity_contributions_up_to_the_funds_needs():
    e = tiny("commons-partner-state", n=4, solidarity__state_match=1.5, solidarity__floor=1.0)
    hh = e.state.households
    jobless(e)
    hh.hours_civic[:] = 0.1
    e.state.agg.median_income = 10.0
    hh.disposable[:] = [10.0, 10.0, 10.0, 0.0]  # one commoner 10 below the floor
    assert e.ledger.deposits["solidarity"][0] == 0.0
    contribute(e, 2.0)
    st0 = e.ledger.deposits["state"][0]
    solidarity.pay_solidarity(e)
    assert e.ledger.deposits["state"][0] - st0 == pytest.approx(-3.0)  # full match: 1.5 x 2
    assert e.ledger.income["solidarity"][3] == pytest.approx(5.0)  # all the fund has
    # A fund that already holds what it needs gets no public money.
    e2 = tiny("commons-partner-state", n=4, solidarity__state_match=1.5, solidarity__floor=1.0)
    jobless(e2)
    e2.state.households.hours_civic[:] = 0.1
    e2.state.agg.median_income = 10.0
    e2.state.households.disposable[:] = [10.0, 10.0, 10.0, 9.0]
    e2.ledger.deposits["solidarity"][0] = 3.0
    contribute(e2, 2.0)
    st0 = e2.ledger.deposits["state"][0]
    solidarity.pay_solidarity(e2)
    assert e2.ledger.deposits["state"][0] == pytest.approx(st0)
    assert e2.ledger.deposits["solidarity"][0] == pytest.approx(4.0)


# -- M3.3: phyles ---------------------------------------------------------------------------


def test_phyle_insurance_covers_overdrafts_before_failure():
    e = tiny("commons-partner-state", n=10, cooperatives__credit=False)
    slot = make_entity(e, [0, 1])
    e.ledger.deposits["solidarity"][0] = 5.0
    e.state.agg.phyle_pool = 5.0
    e.ledger.deposits["households"][0] -= 5.0
    e.ledger.deposits["firms"][slot] = -2.0
    e.ledger.deposits["households"][0] += 2.0
    entities.fail_insolvent(e)
    assert e.state.firms.alive[slot]
    assert e.ledger.deposits["firms"][slot] == pytest.approx(0.0)
    assert e.state.agg.phyle_pool == pytest.approx(3.0)
    assert e.period.phyle_insurance_paid == pytest.approx(2.0)


# -- M3.7: ethical economy --------------------------------------------------------------


def share_of_entity_sales(preference: float) -> float:
    e = tiny("commons-partner-state", n=10)
    f = e.state.firms
    slot = make_entity(e, [0])
    f.output[:] = 0.0
    f.sales[:] = 0.0
    f.output[proprietary(e)[0]] = 10.0
    f.output[slot] = 10.0
    e.ledger.deposits["state"][0] = 100.0
    goods.buy(e, "government_purchases", "state", 10.0, preference)
    return float(f.sales[slot] / f.sales.sum())


def test_procurement_preference_raises_entities_share_of_sales():
    assert share_of_entity_sales(0.0) == pytest.approx(0.5)
    assert share_of_entity_sales(1.0) == pytest.approx(2 / 3)


def test_demand_addressed_to_a_firm_is_at_least_what_it_sold():
    e = tiny("commons-partner-state", n=10)
    f = e.state.firms
    slot = make_entity(e, [0])
    firm = proprietary(e)[0]
    f.output[:] = 0.0
    f.output[firm] = 10.0
    f.output[slot] = 2.0  # preferred but small: buyers it turns away go to the firm
    e.ledger.deposits["state"][0] = 100.0
    goods.buy(e, "government_purchases", "state", 12.0, 1.0)
    assert f.sales[firm] == pytest.approx(10.0)
    assert f.demand[firm] == pytest.approx(10.0)
    assert f.demand[slot] > f.sales[slot]


# -- M3.4: open supply chains (expectations.py) -----------------------------------------


def test_shared_signals_remove_forecast_error_and_lag():
    e = tiny("commons-partner-state", n=10, market__coordination=1.0)
    f = e.state.firms
    f.expected[:] = 5.0
    expectations.plan_output(e)
    prod = f.alive & (f.form != 1)
    np.testing.assert_allclose(f.planned[prod], 5.0)
    f.demand[:] = 7.0
    expectations.update_expectations(e)
    np.testing.assert_allclose(f.expected[f.alive], 7.0)


# -- M3.1: reskilling (skills.py) and entity work sharing -------------------------------


def test_commons_work_raises_skill_and_routine_line_work_lowers_it():
    e = tiny("commons-partner-state", n=4)
    hh = e.state.households
    jobless(e)
    hh.skill[:] = 1.0
    hh.layer[:] = 0
    make_entity(e, [0])
    hh.hours_paid[0] = e.params.labour.standard_hours
    hh.employer[1] = proprietary(e)[0]
    hh.hours_paid[1] = e.params.labour.standard_hours
    hh.hours_civic[2] = 0.1
    skills.update_skills(e)
    learn, decay = e.params.households.learning_rate, e.params.households.skill_decay
    assert hh.skill[0] == pytest.approx(1 + learn)
    assert hh.skill[1] == pytest.approx(1 - decay)
    assert hh.skill[2] == pytest.approx(1 + learn * 0.1 / e.params.labour.standard_hours)
    assert hh.skill[3] == pytest.approx(1 - decay)


def test_entities_share_work_among_members_and_recruit_when_short():
    e = tiny("commons-partner-state", n=20, platforms__crowdsourcing=0.0,
             commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    h = e.params.labour.standard_hours
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    slot = make_entity(e, [0, 1, 2, 3])
    f.planned[slot] = 2.0 * h  # half of what four members could do
    allocate_labour(e)
    np.testing.assert_allclose(hh.hours_paid[:4], 0.5 * h)
    assert (hh.member_of == slot).sum() == 4
    f.planned[slot] = 6.0 * h  # more than they can do: two recruits
    allocate_labour(e)
    assert (hh.member_of == slot).sum() == 6
    assert f.labour[slot] == pytest.approx(6.0 * h)
    assert (f.form[hh.member_of[hh.member_of >= 0]] == COMMONS_ENTITY).all()
