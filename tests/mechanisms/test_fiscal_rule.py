"""Tests of :mod:`commonsim.mechanisms.fiscal_rule`: pure functions on numbers, the step
on hand-made economies, and runs whose accounts still close."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.api import simulate
from commonsim.mechanisms.fiscal_rule import (
    RATE_CEILING,
    apply_fiscal_rule,
    effective_rate,
    expected_growth,
    moving_taxes,
    rate_change,
    required_balance,
)


def test_required_balance_closes_a_twentieth_of_the_gap() -> None:
    # Debt 1.6 x GDP, target 0.6, horizon 20: a surplus of 5% of GDP.
    assert required_balance(160.0, 100.0, 0.6, 20.0) == pytest.approx(5.0)
    # Below target the rule allows a deficit of the same proportion.
    assert required_balance(40.0, 100.0, 0.6, 20.0) == pytest.approx(-1.0)
    # Running the required surplus for a year moves debt/GDP 1/horizon of the way.
    debt, gdp, target, horizon = 250.0, 100.0, 0.6, 10.0
    after = debt - required_balance(debt, gdp, target, horizon)
    assert after / gdp == pytest.approx(2.5 - (2.5 - 0.6) / 10.0)


def test_with_growth_the_required_balance_moves_the_ratio_and_settles_on_target() -> None:
    # A year of 5% nominal growth: the surplus still moves the ratio 1/horizon of the way.
    debt, gdp, target, horizon, growth = 250.0, 100.0, 0.6, 10.0, 0.05
    after = debt - required_balance(debt, gdp, target, horizon, growth)
    assert after / (gdp * (1 + growth)) == pytest.approx(2.5 - (2.5 - 0.6) / 10.0)
    # Run the rule for a century at 1.2% growth a year from a debt ratio of 1.0: the ratio
    # ends on its target; ignoring growth it would settle at target / (1 + g * horizon).
    for with_growth, settles_at in ((True, 0.6), (False, 0.6 / (1 + 0.012 * 20.0))):
        debt, gdp = 100.0, 100.0
        for _ in range(400):
            surplus = required_balance(debt, gdp, 0.6, 20.0, 0.012 if with_growth else 0.0)
            debt, gdp = debt - surplus, gdp * 1.012
        assert debt / gdp == pytest.approx(settles_at, rel=1e-3)


def test_expected_growth_is_this_years_growth_or_zero_without_a_past() -> None:
    assert expected_growth(105.0, 100.0) == pytest.approx(0.05)
    assert expected_growth(105.0, 0.0) == 0.0


def test_rate_change_raises_the_shortfall_on_the_base_within_the_effort() -> None:
    # A surplus 2 short of the required one on a base of 400: half a point of tax.
    assert rate_change(realised=1.0, required=3.0, base=400.0, most=10.0) == pytest.approx(0.005)
    # The yearly effort bounds the change both ways.
    assert rate_change(realised=0.0, required=30.0, base=400.0, most=2.0) == pytest.approx(0.005)
    assert rate_change(realised=30.0, required=0.0, base=400.0, most=2.0) == pytest.approx(-0.005)
    assert rate_change(realised=0.0, required=5.0, base=0.0, most=2.0) == 0.0


def test_effective_rate_stays_between_zero_and_the_ceiling() -> None:
    assert effective_rate(0.2, 0.1) == pytest.approx(0.3)
    assert effective_rate(0.2, -0.5) == 0.0
    assert effective_rate(0.2, 5.0) == RATE_CEILING


def test_institutions_choose_which_taxes_move() -> None:
    assert moving_taxes("income") == (True, False)
    assert moving_taxes("profit") == (False, True)
    assert moving_taxes("income-and-profit") == (True, True)


def _closed_period(e, debt_change: float, gdp: float, base: float,
                   previous_gdp: float | None = None) -> None:
    """Pretend the period closed with net debt up by `debt_change` on this GDP and base.

    Last period's GDP is `previous_gdp` (default: the same, no growth).
    """
    e.state.agg.gdp = gdp if previous_gdp is None else previous_gdp
    e.period.bonds_open = e.ledger.bonds
    e.period.deposits_open["state"] = e.ledger.deposits["state"].copy()
    e.ledger.bonds += debt_change
    e.state.firms.sales[:] = gdp / e.state.firms.n
    e.period.income_tax_base = base
    e.period.profit_tax_base = base / 2


def test_rule_raises_the_moved_tax_when_debt_is_above_target(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", state__debt_target=0.6, state__debt_horizon=20.0,
             state__fiscal_effort=1.0)
    e.ledger.deposits["state"][:] = 0.0
    e.ledger.bonds = 160.0
    _closed_period(e, debt_change=0.0, gdp=100.0, base=50.0)
    apply_fiscal_rule(e)
    # Required surplus (160 - 60) / 20 = 5, realised 0: 5 on a base of 50 is 10 points.
    assert e.state.agg.income_tax_adjust == pytest.approx(0.1)
    assert e.state.agg.profit_tax_adjust == 0.0


def test_rule_allows_the_deficit_that_growth_makes_room_for(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", state__debt_target=0.6, state__debt_horizon=20.0,
                  state__fiscal_effort=1.0)
    e.ledger.deposits["state"][:] = 0.0
    e.ledger.bonds = 60.0
    # Debt on target, GDP up 5% on last year: keeping the ratio at 0.6 next year allows a
    # deficit of 0.05 x 60 = 3; a balanced budget (realised 0) is 3 too tight on a base of
    # 50, so the rate falls 6 points.
    _closed_period(e, debt_change=0.0, gdp=100.0, base=50.0, previous_gdp=100.0 / 1.05)
    apply_fiscal_rule(e)
    assert e.state.agg.income_tax_adjust == pytest.approx(-0.06)


def test_rule_cuts_taxes_when_debt_is_below_target_and_moves_profit_tax_if_told(mech) -> None:
    e = mech.tiny("proprietary-weak-labour", state__rule_taxes="income-and-profit",
             state__fiscal_effort=1.0)
    e.ledger.deposits["state"][:] = 0.0
    e.ledger.bonds = 3.0
    _closed_period(e, debt_change=-3.0, gdp=100.0, base=40.0)
    apply_fiscal_rule(e)
    # Debt 3 -> 0. Required (0 - 60) / 20 = -3, realised +3: 6 too much on a base of 40 + 20.
    assert e.state.agg.income_tax_adjust == pytest.approx(-0.1)
    assert e.state.agg.profit_tax_adjust == pytest.approx(-0.1)


def test_rule_off_keeps_the_statutory_rates() -> None:
    result = simulate("proprietary-weak-labour", households=300, years=8, seed=1,
                      overrides={"state.fiscal_rule": "none", "engine.spinup_years": 0},
                      keep_matrices=False)
    assert np.allclose(result.metrics["income_tax_rate"], 0.2)
    assert np.allclose(result.metrics["profit_tax_rate"], 0.21)


@pytest.mark.parametrize("regime", ["proprietary-weak-labour", "commons-partner-state"])
def test_rule_moves_rates_gradually_and_accounts_close(regime: str) -> None:
    """Runs check every identity every period; the rate moves by at most the effort."""
    result = simulate(regime, households=400, years=12, seed=2,
                      overrides={"state.fiscal_rule": "debt-target"}, keep_matrices=False)
    m = result.metrics
    assert m["income_tax_rate"].nunique() > 1
    # At most 0.5% of GDP a year on a base below GDP: well under 5 points a year.
    assert (m["income_tax_rate"].diff().abs().iloc[1:] < 0.05).all()
    assert m["profit_tax_rate"].eq(0.21).all()
