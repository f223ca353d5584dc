"""Tests of :mod:`commonsim.mechanisms.prices`: the pure rules, the steps on hand-made
economies (every legal form prices by one rule), and runs whose accounts close with
inventories and revaluations."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.api import simulate
from commonsim.economy.balance import real_stock_problems
from commonsim.economy.engine import build_economy, step_period
from commonsim.economy.state import COMMONS_ENTITY, PROPRIETARY
from commonsim.mechanisms import labour, prices
from commonsim.params import Parameters
from commonsim.regimes import load_regime

ESSAY = ("proprietary-balanced", "proprietary-weak-labour", "netarchical",
         "commons-partner-state")


# -- the pure rules -----------------------------------------------------------------------


def test_markup_rises_below_the_inventory_target_and_falls_above_it() -> None:
    markup = np.array([0.5, 0.5, 0.5])
    inventory = np.array([0.0, 5.0, 20.0])  # empty shelf (unmet demand), short, long
    target = np.full(3, 10.0)
    step = np.full(3, 0.1)
    revised = prices.markup_revision(markup, inventory, target, step, most=4.0)
    assert revised[0] == pytest.approx(0.55)  # the whole step on an empty shelf
    assert revised[1] == pytest.approx(0.525)  # half the step for a gap of half the target
    assert revised[2] == pytest.approx(0.45)  # the whole step down at twice the target
    # At the target the markup does not move, whatever the draw (no ratchet from below).
    assert prices.markup_revision(np.array([0.5]), np.full(1, 10.0), np.full(1, 10.0),
                                  np.full(1, 0.3), most=4.0)[0] == pytest.approx(0.5)
    # The markup stays within [0, max_markup].
    assert prices.markup_revision(np.array([3.9]), np.zeros(1), np.ones(1), np.full(1, 0.5),
                                  most=4.0)[0] == 4.0


def test_firms_with_steady_sales_hold_their_inventory_target_and_keep_their_markup() -> None:
    # Hand-made state: 20 firms with steady sales of 50 units each, staffed from one queue
    # of households of uneven skill, planning by Godley & Lavoie's rule and revising their
    # markups on the inventory signal with the default parameters. Output must equal plans
    # (no firm short of the labour it hired for), so inventories settle at their target and
    # markups stop moving; before the hiring fix a straddling household left the next firm
    # short every year and every markup rose without end.
    m = Parameters().market
    rng = np.random.default_rng(3)
    capacity = rng.uniform(0.5, 3.0, 2000)
    queue = np.arange(capacity.size)
    sales = np.full(20, 50.0)
    expected, inventory = sales.copy(), np.zeros(20)
    markup, path = np.full(20, 0.8), []
    for _ in range(60):
        target = m.inventory_target * sales
        markup = prices.markup_revision(markup, inventory, target, np.full(20, m.markup_step),
                                        m.max_markup)
        path.append(markup.mean())
        plan = np.maximum(expected + m.inventory_adjust * (m.inventory_target * expected
                                                           - inventory), 0.0)
        chosen, firm, share = labour.fill_queue(capacity, queue, plan)
        output = np.minimum(plan, np.bincount(firm, weights=capacity[chosen] * share,
                                              minlength=20))
        sold = np.minimum(sales, inventory + output)
        inventory = inventory + output - sold
    assert inventory == pytest.approx(m.inventory_target * sales, rel=1e-3)
    assert path[-1] == pytest.approx(path[-20], rel=1e-4)  # no trend over the last 20 years
    assert path[-1] < 1.0  # the approach from empty shelves raised markups by ~12% once


def test_money_wages_make_up_inflation_and_close_the_claims_gap() -> None:
    # No gap: wages make up the indexed part of inflation only.
    assert prices.wage_growth(0.04, 0.6, 0.6, 0.5, 0.5, 0.0) == pytest.approx(0.02)
    # Workers' target above the share they got: wages rise faster.
    assert prices.wage_growth(0.0, 0.5, 0.6, 0.5, 0.5, 0.0) == pytest.approx(0.1)
    # Below it they fall, by no more than the cut limit (0: money wages are not cut).
    assert prices.wage_growth(0.0, 0.6, 0.5, 0.5, 0.5, 1.0) < 0
    assert prices.wage_growth(0.0, 0.6, 0.5, 0.5, 0.5, 0.02) == pytest.approx(-0.02)
    assert prices.wage_growth(-0.1, 0.6, 0.5, 0.5, 0.5, 0.0) == 0.0


def test_unemployment_lowers_workers_target_along_the_wage_curve() -> None:
    at_reference = prices.target_wage_share(0.6, 0.05, 0.05, 0.1)
    assert at_reference == pytest.approx(0.6)
    high = prices.target_wage_share(0.6, 0.15, 0.05, 0.1)
    assert high == pytest.approx(0.6 * 3 ** -0.1)
    assert prices.target_wage_share(0.6, 0.01, 0.05, 0.1) > at_reference > high
    # Held flat outside the range the curve is estimated on.
    assert prices.target_wage_share(0.6, 0.0, 0.05, 0.1) == prices.target_wage_share(
        0.6, 0.02, 0.05, 0.1)


def test_taylor_rule_leans_against_inflation_and_unemployment() -> None:
    p = load_regime("proprietary-weak-labour", {"finance.policy_rule": "taylor"}).params
    # At target inflation and reference unemployment: r* + pi* (Taylor 1993: 4%).
    assert prices.taylor_rate(0.02, 0.05, p) == pytest.approx(0.04)
    assert prices.taylor_rate(0.05, 0.05, p) == pytest.approx(0.02 + 0.05 + 0.5 * 0.03)
    assert prices.taylor_rate(0.02, 0.07, p) == pytest.approx(0.04 - 0.5 * 2.0 * 0.02)
    assert prices.taylor_rate(-0.1, 0.3, p) == 0.0


# -- the steps on hand-made economies -----------------------------------------------------


def test_every_form_prices_by_the_same_rule(mech) -> None:
    e = mech.tiny("commons-partner-state", n=20)
    f = e.state.firms
    firm = int(mech.proprietary(e)[0])
    entity = mech.make_entity(e, [0, 1])
    f.productivity[[firm, entity]] = 1.0
    f.markup[[firm, entity]] = 0.6
    f.sold[[firm, entity]] = 100.0  # last year's sales
    e.state.agg.unit_wage = 0.7
    # Both short of their inventory target: both raise the markup, by the same rule.
    f.inventory[[firm, entity]] = 0.0
    prices.set_prices(e)
    assert f.markup[firm] > 0.6 and f.markup[entity] > 0.6
    for j in (firm, entity):
        assert f.price[j] == pytest.approx((1.0 + f.markup[j]) * 0.7)
        assert f.unit_cost[j] == pytest.approx(0.7)
    # Both above target: both lower it.
    f.markup[[firm, entity]] = 0.6
    f.inventory[[firm, entity]] = 50.0
    prices.set_prices(e)
    assert f.markup[firm] < 0.6 and f.markup[entity] < 0.6
    assert f.form[firm] == PROPRIETARY and f.form[entity] == COMMONS_ENTITY


def test_a_firm_with_demand_it_could_not_serve_raises_its_markup(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", n=20)
    f = e.state.firms
    firms = mech.proprietary(e)
    f.markup[firms] = 0.5
    f.sold[firms] = 10.0  # last year's sales
    f.inventory[firms] = 1.0  # exactly its target (0.1 x last year's sales)
    a, b = int(firms[0]), int(firms[1])
    f.inventory[a] = 0.0  # sold out: last year's buyers were turned away
    f.inventory[b] = 5.0  # unsold goods pile up
    prices.set_prices(e)
    assert f.markup[a] > 0.5 > f.markup[b]


def test_fixed_prices_keep_markups_and_wages(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", n=20, engine__prices="fixed")
    f, agg = e.state.firms, e.state.agg
    before = f.markup.copy()
    agg.unemployment, agg.inflation = 0.3, 0.1
    prices.set_money_wage(e)
    prices.set_prices(e)
    assert agg.unit_wage == pytest.approx(e.params.labour.bargaining)
    np.testing.assert_array_equal(f.markup[f.alive], before[f.alive])
    assert agg.price_index == pytest.approx(1.0)


def test_money_wages_respond_to_unemployment_and_prices(mech) -> None:
    def grown(unemployment: float, inflation: float, cut: float = 0.0) -> float:
        e = mech.tiny("proprietary-weak-labour", n=20, labour__wage_cut_limit=cut,
                      labour__wage_indexation=0.5)
        agg = e.state.agg
        agg.unemployment, agg.inflation = unemployment, inflation
        w0 = agg.unit_wage
        prices.set_money_wage(e)
        return agg.unit_wage / w0 - 1.0

    assert grown(0.05, 0.0) == pytest.approx(0.0)
    assert grown(0.15, 0.0) == 0.0 < grown(0.03, 0.0)  # money wages are not cut
    assert grown(0.15, 0.0, cut=1.0) < 0.0  # unless the cut limit allows it
    assert grown(0.05, 0.04) == pytest.approx(0.5 * 0.04)  # half of inflation, as set


def test_unsold_output_becomes_inventories_valued_at_unit_cost(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", n=20)
    f = e.state.firms
    j = int(mech.proprietary(e)[0])
    f.output[j], f.sold[j], f.unit_cost[j] = 10.0, 7.0, 0.5
    inventory = f.inventory[j]
    prices.stock_inventories(e)
    assert f.inventory[j] == pytest.approx(inventory + 3.0)
    assert e.period.inventory_change_by_firm[j] == pytest.approx(1.5)


def test_home_prices_follow_nominal_output_and_record_revaluation(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", n=50)
    agg, hh = e.state.agg, e.state.households
    old = agg.house_price
    e.state.firms.sales[:] = 0.0
    e.state.firms.sales[0] = 2.0 * old * e.n / e.params.housing.price_to_output
    prices.price_homes(e)
    lam = e.params.housing.price_adjust
    assert agg.house_price == pytest.approx(old + lam * (2.0 * old - old))
    assert e.period.home_revaluation == pytest.approx(hh.home.sum() * (agg.house_price - old))


def test_policy_rate_sets_the_bank_rates_by_their_spreads(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", n=20, finance__policy_rule="taylor")
    agg, fin = e.state.agg, e.params.finance
    agg.inflation, agg.unemployment = 0.06, 0.05
    prices.set_policy_rate(e)
    assert agg.policy_rate == pytest.approx(prices.taylor_rate(0.06, 0.05, e.params))
    assert agg.bond_rate == agg.policy_rate
    assert agg.loan_rate - agg.policy_rate == pytest.approx(fin.loan_rate - fin.bond_rate)
    assert agg.deposit_rate - agg.policy_rate == pytest.approx(fin.deposit_rate - fin.bond_rate)


# -- runs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", ESSAY)
def test_accounts_close_with_inventories_and_revaluations(preset: str) -> None:
    params = load_regime(preset).params
    e = build_economy(params, 200, seed=3)
    stocked = revalued = homes = 0.0
    for _ in range(12):
        step_period(e)  # raises AccountsError if any identity fails
        assert real_stock_problems(e) == []
        stocked = max(stocked, float(e.state.firms.inventory.sum()))
        revalued += abs(e.period.inventory_revaluation)
        homes += abs(e.period.home_revaluation)
    assert stocked > 0 and revalued > 0 and homes > 0


def test_the_real_stock_check_catches_goods_that_appear_from_nowhere() -> None:
    e = build_economy(load_regime("proprietary-weak-labour").params, 100, seed=3)
    step_period(e)
    e.state.firms.inventory[0] += 5.0
    assert any("inventories" in p for p in real_stock_problems(e))


def test_one_seed_one_result_with_prices() -> None:
    a = simulate("netarchical", households=150, years=6, seed=4, keep_matrices=False)
    b = simulate("netarchical", households=150, years=6, seed=4, keep_matrices=False)
    cols = ["price_index", "inflation", "real_gdp", "mean_markup", "inventories_to_gdp"]
    np.testing.assert_array_equal(a.metrics[cols].to_numpy(), b.metrics[cols].to_numpy())
    assert a.metrics["price_index"].nunique() > 1


def test_validation_presets_keep_prices_at_one() -> None:
    for preset in ("sim", "kinetic-exchange"):
        m = simulate(preset, households=20, years=5, seed=0, keep_matrices=False).metrics
        np.testing.assert_allclose(m["price_index"], 1.0)
        np.testing.assert_allclose(m["inflation"], 0.0)
