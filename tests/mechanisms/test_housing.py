"""Tests of :mod:`commonsim.mechanisms.housing`: homes and mortgages on small economies."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.api import simulate
from commonsim.economy.balance import balance_sheet
from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy
from commonsim.economy.ledger import check_period
from commonsim.economy.schedule import begin_period
from commonsim.mechanisms import consumption, housing
from commonsim.regimes import load_regime

N = 10


def economy(n: int = N, **overrides) -> Economy:
    params = load_regime("proprietary-weak-labour", overrides or None).params
    e = build_economy(params, n, seed=3)
    e.ledger.open_period()
    begin_period(e)
    return e


def test_annuity_repays_the_loan_in_exactly_its_term() -> None:
    """Paying the annuity each year leaves the balance remaining_balance says, and 0 at term."""
    rate, term, principal = 0.06, 30, 100.0
    payment = principal * housing.annuity_factor(rate, term)
    balance = principal
    for year in range(1, term + 1):
        balance = balance * (1 + rate) - payment
        expected = housing.remaining_balance(np.array([principal]), rate, term, np.array([year]))
        assert balance == pytest.approx(float(expected[0]), abs=1e-9)
    assert balance == pytest.approx(0.0, abs=1e-9)
    assert housing.annuity_factor(0.0, 20) == pytest.approx(1 / 20)


def test_opening_homes_go_to_the_best_placed_with_aged_mortgages() -> None:
    e = economy(n=1000)
    hh, hp, agg = e.state.households, e.params.housing, e.state.agg
    assert hh.home.sum() == round(hp.ownership_rate * 1000)
    assert set(np.flatnonzero(hh.home)) == set(hh.queue[: hh.home.sum()])
    assert agg.house_price == pytest.approx(hp.price_to_output * agg.gdp / 1000)
    # Mortgages are part of the ledger's loans, never above the purchase loan.
    assert (hh.mortgage <= e.ledger.loans["households"] + 1e-12).all()
    assert hh.mortgage.max() <= (1 - hp.down_payment) * agg.house_price + 1e-9
    assert (hh.mortgage[~hh.home] == 0).all()
    # Some owners have paid off (bought more than a term ago), most have not.
    owners = hh.home
    paid_off = float((hh.mortgage[owners] == 0).mean())
    assert 0.05 < paid_off < 0.6
    bsm = balance_sheet(e)
    assert bsm.loc["housing", "households"] == pytest.approx(agg.house_price * owners.sum())
    assert check_period(e.ledger.transaction_flow_matrix(), bsm) == []


def test_sales_move_homes_money_and_mortgages_through_the_ledger() -> None:
    """Movers who cannot carry a new mortgage sell to eligible renters; the buyer borrows,
    the seller's mortgage is repaid."""
    e = economy(**{"housing.turnover": 1.0})
    hh, ledger, agg, hp = e.state.households, e.ledger, e.state.agg, e.params.housing
    price = agg.house_price
    owners_before = hh.home.copy()
    hh.previous_disposable[:] = agg.mean_income * 2
    hh.previous_disposable[owners_before] = 0.0  # no owner can take on a new mortgage
    deposits = ledger.deposits["households"]
    deposits[:] = 0.0
    renters = np.flatnonzero(~owners_before)
    rich = renters[:2]  # two renters can pay the down payment; the others cannot
    deposits[rich] = hp.down_payment * price
    mortgage_before = hh.mortgage.copy()
    loans_before = ledger.loans["households"].copy()
    ledger.open_period()  # the hand-set deposits are this period's opening stocks
    housing.trade_homes(e)
    assert e.period.home_sales == 2
    assert hh.home.sum() == owners_before.sum()  # the stock of homes is fixed
    assert hh.home[rich].all()
    sellers = np.flatnonzero(owners_before & ~hh.home)
    assert sellers.size == 2
    principal = (1 - hp.down_payment) * price
    assert np.allclose(hh.mortgage[rich], principal)
    assert np.allclose(deposits[rich], 0.0)  # down payment plus the loan went to the seller
    # Sellers got the price and repaid their whole mortgage out of it.
    assert np.allclose(deposits[sellers], price - mortgage_before[sellers])
    assert np.allclose(ledger.loans["households"][sellers],
                       loans_before[sellers] - mortgage_before[sellers])
    assert (hh.mortgage[sellers] == 0).all()
    assert ledger.flows["home_sales"][0] == pytest.approx(0.0)  # within the household sector
    assert check_period(ledger.transaction_flow_matrix(), balance_sheet(e)) == []


def test_movers_who_can_carry_a_new_mortgage_buy_again() -> None:
    """Repeat buyers: the old mortgage is repaid, a new one taken at the down payment, the
    equity above it drawn out as deposits; the household still owns a home."""
    e = economy(**{"housing.turnover": 1.0})
    hh, ledger, agg, hp = e.state.households, e.ledger, e.state.agg, e.params.housing
    owners = hh.home.copy()
    hh.previous_disposable[:] = 10.0 * agg.mean_income
    old = hh.mortgage.copy()
    loans, deposits = ledger.loans["households"].copy(), ledger.deposits["households"].copy()
    ledger.open_period()
    housing.trade_homes(e)
    principal = (1 - hp.down_payment) * agg.house_price
    assert (hh.home == owners).all()
    assert e.period.home_sales == owners.sum()
    assert np.allclose(hh.mortgage[owners], principal)
    drawn = np.where(owners, principal - old, 0.0)
    assert np.allclose(ledger.loans["households"], loans + drawn)
    assert np.allclose(ledger.deposits["households"], deposits + drawn)
    assert check_period(ledger.transaction_flow_matrix(), balance_sheet(e)) == []


def test_the_lending_rule_refuses_buyers_whose_payments_would_not_fit() -> None:
    e = economy(**{"housing.turnover": 1.0})
    hh, ledger, agg, hp = e.state.households, e.ledger, e.state.agg, e.params.housing
    price = agg.house_price
    payment = (1 - hp.down_payment) * price * housing.annuity_factor(
        e.params.finance.loan_rate, hp.mortgage_term)
    renters = np.flatnonzero(~hh.home)
    ledger.deposits["households"][renters] = price  # everyone can pay the down payment
    hh.previous_disposable[:] = 0.0
    hh.previous_disposable[renters[0]] = payment / hp.payment_to_income * 1.01
    hh.previous_disposable[renters[1]] = payment / hp.payment_to_income * 0.99
    housing.trade_homes(e)
    assert hh.home[renters[0]] and not hh.home[renters[1:]].any()


def test_owners_whose_other_debt_is_past_the_limit_must_sell() -> None:
    e = economy(**{"housing.turnover": 0.0})
    hh, ledger, agg = e.state.households, e.ledger, e.state.agg
    owner = np.flatnonzero(hh.home)[0]
    renter = np.flatnonzero(~hh.home)[0]
    hh.previous_disposable[:] = agg.mean_income
    ledger.deposits["households"][:] = 0.0
    ledger.deposits["households"][renter] = agg.house_price
    ledger.lend("households", np.where(np.arange(N) == owner, 10.0 * agg.mean_income * 10, 0))
    housing.trade_homes(e)
    assert not hh.home[owner] and hh.home[renter]


def test_mortgages_follow_their_schedule_and_are_not_written_off(mech) -> None:
    """Repayment: the annuity's principal on mortgages, finance.repayment on other loans; a
    default writes off only non-mortgage debt above the credit limit."""
    e = economy(**{"finance.credit_limit": 1.0})
    hh, ledger, p = e.state.households, e.ledger, e.params
    owner = int(np.flatnonzero(hh.mortgage > 0)[0])
    ledger.deposits["households"][:] = 1e6
    hh.disposable[:] = 1.0
    mortgage = float(hh.mortgage[owner])
    other = 5.0
    ledger.lend("households", np.where(np.arange(N) == owner, other, 0.0))
    e.period.mortgage_open = hh.mortgage.copy()
    mech.settle_loans(e)
    principal = hh.mortgage_payment[owner] - p.finance.loan_rate * mortgage
    assert hh.mortgage[owner] == pytest.approx(mortgage - principal)
    # The other loan: repaid at finance.repayment, then the excess over 1 year of income
    # is written off; the mortgage is untouched by the default.
    left = other * (1 - p.finance.repayment)
    assert ledger.loans["households"][owner] == pytest.approx(hh.mortgage[owner] + 1.0)
    assert e.ledger.written_off("households") == pytest.approx(left - 1.0)


def test_home_equity_is_consumed_at_its_own_propensity() -> None:
    e = economy(**{"households.need_share": 0.0, "households.propensity_wealth": 0.0,
                   "households.propensity_income": 0.0})
    hh, agg, h = e.state.households, e.state.agg, e.params.households
    hh.stake[:] = 0.0  # no equity at book in anyone's wealth (a run needs owners)
    e.ledger.deposits["households"][:] = 1e6  # nothing binds
    plan = consumption.consumption_plan(e)
    equity = agg.house_price * hh.home - hh.mortgage
    assert np.allclose(plan, h.propensity_housing * np.maximum(equity, 0.0))
    assert plan[hh.home].min() >= 0 and (plan[~hh.home] == 0).all()


def test_housing_off_leaves_no_homes_or_mortgages() -> None:
    # From the opening balance sheets: without homes the reference's spin-up slumps under
    # the fiscal rule (households' wealth norm, docs/opening.md), which is refused.
    r = simulate("proprietary-weak-labour", households=200, years=5, seed=1,
                 overrides={"housing.enabled": False, "engine.spinup_years": 0})
    assert r.state.households.home.sum() == 0
    assert (r.metrics["mortgage_debt_to_income"] == 0).all()
    assert r.bsm(4).loc["housing"].abs().sum() == 0


def test_housing_run_keeps_the_books_and_the_stock_of_homes() -> None:
    r = simulate("proprietary-weak-labour", households=500, years=15, seed=2)
    hh = r.state.households
    assert hh.home.sum() == round(0.656 * 500)
    assert (r.metrics["mortgage_debt_to_income"] > 0).all()
    for t in range(15):
        bsm = r.bsm(t)
        assert check_period(r.tfm(t), bsm) == []
        real = sum(bsm.loc[row].sum() for row in ("capital", "inventories", "housing"))
        assert bsm.loc["net_worth"].sum() == pytest.approx(real)


def test_principal_due_pass_equals_the_numpy_expression() -> None:
    """The compiled principal due gives np.where(M0 > 0, np.clip(mp - r M0, 0, M), 0)."""
    rng = np.random.default_rng(0)
    values = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.5, 1e-300, 5.0])
    payment, opening, mortgage = (rng.choice(values, 5000) for _ in range(3))
    for rate in (0.05, 0.0):
        with np.errstate(all="ignore"):
            expected = np.where(opening > 0, np.clip(payment - rate * opening, 0.0, mortgage),
                                0.0)
        got = np.empty(opening.size)
        housing._principal_due(0, 2000, payment, rate, opening, mortgage, got)
        housing._principal_due(2000, opening.size, payment, rate, opening, mortgage, got)
        np.testing.assert_array_equal(got.view(np.uint64), expected.view(np.uint64))
