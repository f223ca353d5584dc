"""Tests of :mod:`commonsim.mechanisms.commons`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    commons,
    production,
    time_use,
)


def test_commons_grows_with_hours_times_skill_and_depreciates(mech):
    e = mech.tiny("netarchical", n=5, technology__knowledge_depreciation=0.1,
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



def test_for_benefit_money_buys_hours_that_households_work(mech):
    """M3.6: the budget buys commons hours households take from their unsold time and work;
    stipends pay for those hours, and only those, through the ledger."""
    e = mech.tiny("netarchical", n=4, technology__knowledge_depreciation=1e-9,
                  commons__contributor_donations=0.0, households__volunteer_share=1.0)
    hh, f, agg, ledger = e.state.households, e.state.firms, e.state.agg, e.ledger
    mech.jobless(e)
    agg.commons = 0.0
    hh.skill[:] = 1.0
    hh.civic_taste[:] = [0.0, 0.0, 2.0, 2.0]  # two take part, two never do
    hh.hours_paid[:] = [0.0, 0.75, 0.0, 0.0]  # the second sold three quarters of its year
    f.commons_labour[:] = 0.0
    f.labour[:] = 0.0
    f.labour[mech.proprietary(e)[0]] = 2.0
    f.productivity[:] = 1.5
    ledger.transfer("commons_funding", "state", 0.6, "forbenefit", 0.6)
    rate = e.params.labour.bargaining * 1.5
    time_use.allot_time(e)
    # 0.6 / rate effective hours offered in proportion to unsold time (1 and 0.25).
    offered = 0.6 / rate
    np.testing.assert_allclose(hh.hours_commons, [offered * 0.8, offered * 0.2, 0.0, 0.0])
    commons.fund_commons(e)
    assert e.period.commons_funded_hours == pytest.approx(offered)
    np.testing.assert_allclose(ledger.income["stipends"], [0.48, 0.12, 0.0, 0.0])
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)
    civic = float(hh.hours_civic.sum()) * (1 - e.params.state.coproduction)
    assert agg.commons == pytest.approx(civic + offered)


def test_money_nobody_takes_up_buys_no_hours_and_is_granted(mech):
    """M3.6: money no household takes up as work adds no hours; it is granted to
    contributors instead of lying idle."""
    e = mech.tiny("netarchical", n=3, commons__contributor_donations=0.0,
                  households__volunteer_share=1.0)
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    hh.hours_paid[:] = [1.0, 1.0, 0.0]  # two sold their whole year
    hh.civic_taste[:] = [0.0, 0.0, 2.0]  # and the one with time never takes part
    ledger.transfer("commons_funding", "state", 5.0, "forbenefit", 5.0)
    time_use.allot_time(e)
    commons.fund_commons(e)
    assert hh.hours_commons.sum() == 0.0
    assert e.period.commons_funded_hours == 0.0
    civic = hh.hours_civic * hh.skill
    assert civic[0] > 0 and civic[1] > 0 and civic[2] == 0.0
    assert e.period.commons_added == pytest.approx(
        civic.sum() * (1 - e.params.state.coproduction))
    # Contributor-governed share by hours, capital-governed share by skill-weighted hours.
    assert ledger.income["stipends"].sum() == pytest.approx(5.0)
    assert ledger.income["stipends"][2] == 0.0
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)


def test_a_larger_budget_buys_no_more_than_the_time_households_have(mech):
    e = mech.tiny("netarchical", n=2, commons__contributor_donations=0.0,
                  households__volunteer_share=1.0)
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.civic_taste[:] = 0.0
    hh.hours_paid[:] = [0.5, 0.9]
    ledger.transfer("commons_funding", "state", 1e6, "forbenefit", 1e6)
    time_use.allot_time(e)
    np.testing.assert_allclose(hh.hours_commons, [0.5, 0.1])
    commons.fund_commons(e)
    rate = e.period.commons_offer_rate
    assert e.period.commons_funded_hours == pytest.approx(0.6)
    assert e.period.commons_grants == pytest.approx(1e6 - 0.6 * rate)
    assert ledger.deposits["forbenefit"][0] == pytest.approx(0.0)


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



def test_capital_steered_money_offers_more_work_to_the_skilled(mech):
    """M2.5: the share of the budget capital steers is offered towards skill."""
    e = mech.tiny("netarchical", n=2, commons__contributor_donations=0.0,
                  households__volunteer_share=1.0)
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    hh.skill[:] = [1.0, 2.0]
    hh.civic_taste[:] = 0.0
    ledger.transfer("commons_funding", "state", 0.1, "forbenefit", 0.1)
    e.state.agg.forbenefit_capital_weight = 0.0
    time_use.allot_time(e)
    by_time = (hh.hours_commons * hh.skill).copy()
    e.state.agg.forbenefit_capital_weight = 1.0
    time_use.allot_time(e)
    by_capital = hh.hours_commons * hh.skill
    assert by_time[1] / by_time[0] == pytest.approx(2.0)  # effective time available
    assert by_capital[1] / by_capital[0] == pytest.approx(4.0)  # weighted once more by skill
    assert by_capital.sum() == pytest.approx(by_time.sum())


def test_open_design_saves_materials_as_the_commons_grows(mech):
    e = mech.tiny("netarchical", n=10, technology__open_design_saving=0.3)
    e.state.agg.commons = 0.0
    production.set_productivity(e)
    assert e.period.materials_per_output == pytest.approx(1.0)
    public, proprietary, _ = production.knowledge_stocks(e)
    # A commons as large as the public and proprietary stocks together: half the designs.
    e.state.agg.commons = (public + proprietary) / e.params.technology.productivity
    production.set_productivity(e)
    assert e.period.materials_per_output == pytest.approx(1.0 - 0.3 * 0.5)
    closed = mech.tiny("proprietary-balanced", n=10, technology__open_design_saving=0.3)
    assert commons.materials_per_output(closed, 0.5) == 1.0


def test_donations_pass_equals_its_array_expression() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    civic = rng.choice([0.0, 0.0, 0.2], n)
    paid = rng.choice([0.0, 0.0, 0.1], n)
    disposable = rng.choice([-1.0, -0.0, 0.0, 2.0, np.nan, 5.5], n)
    deposits = rng.choice([-3.0, -0.0, 0.0, 0.05, np.nan, 9.0], n)
    gift = np.empty(n)
    for lo, hi in ((0, 1000), (1000, n)):
        commons._donations(lo, hi, civic, paid, disposable, deposits, 0.02, gift)
    anyone = commons._anyone_contributes(civic, paid)
    contributors = (civic > 0) | (paid > 0)
    expected = np.minimum(np.where(contributors, 0.02 * np.maximum(disposable, 0.0), 0.0),
                          np.maximum(deposits, 0.0))
    np.testing.assert_array_equal(gift, expected)
    np.testing.assert_array_equal(np.signbit(gift), np.signbit(expected))
    assert anyone == contributors.any()
    assert not commons._anyone_contributes(np.zeros(n), np.zeros(n))
