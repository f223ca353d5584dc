"""Tests of :mod:`commonsim.economy.balance`: flow matrix, revaluation account, closure."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.api import simulate
from commonsim.economy.balance import (
    FIRMS_CAPITAL,
    FIRMS_CURRENT,
    balance_sheet,
    by_sector,
    check_revaluation,
    flow_matrix,
    household_equity,
    net_worth,
    revaluation_account,
)
from commonsim.economy.engine import step_period
from commonsim.economy.halves import helper_held
from commonsim.economy.ledger import check_period
from commonsim.regimes import load_regime, preset_names


def invest_and_pay(e, mech) -> tuple[int, int]:
    """Firm a buys 5 of capital goods from firm b, which pays 3 of wages; 1 wears out."""
    a, b = mech.proprietary(e)[:2]
    f = e.state.firms
    paid = np.zeros(f.n)
    paid[a] = 5.0
    received = np.zeros(f.n)
    received[b] = 5.0
    e.ledger.transfer("investment", "firms", paid, "firms", received)
    f.capital[a] += 5.0
    wages = np.zeros(e.n)
    wages[0] = 3.0
    e.ledger.pay_by_index("wages", "firms", np.full(e.n, b), wages, "households", "wages")
    e.period.investment = 5.0
    e.period.depreciation = 1.0
    f.capital[a] -= 1.0
    return a, b


def test_flow_matrix_shows_investment_on_the_firms_capital_account(mech):
    e = mech.tiny("proprietary-balanced", n=5)
    invest_and_pay(e, mech)
    tfm = flow_matrix(e)
    assert list(tfm.columns[:3]) == ["households", FIRMS_CURRENT, FIRMS_CAPITAL]
    assert tfm.loc["investment", FIRMS_CURRENT] == pytest.approx(5.0)
    assert tfm.loc["investment", FIRMS_CAPITAL] == pytest.approx(-5.0)
    # Current account: sales 5 less wages 3 less depreciation 1 leaves 1 retained.
    assert tfm.loc["depreciation", FIRMS_CURRENT] == pytest.approx(-1.0)
    assert tfm.loc["retained_earnings", FIRMS_CURRENT] == pytest.approx(-1.0)
    assert tfm.loc["retained_earnings", FIRMS_CAPITAL] == pytest.approx(1.0)
    assert tfm[FIRMS_CURRENT].sum() == pytest.approx(0.0, abs=1e-12)
    assert tfm[FIRMS_CAPITAL].sum() == pytest.approx(0.0, abs=1e-12)
    assert check_period(tfm, balance_sheet(e)) == []
    # Merged back, the firms' column is the ledger's own.
    books = e.ledger.transaction_flow_matrix()
    np.testing.assert_allclose(by_sector(tfm)["firms"], books["firms"], atol=1e-12)
    assert list(by_sector(tfm).index) == list(books.index)


def test_revaluation_account_explains_every_change_in_net_worth(mech):
    e = mech.tiny("netarchical", n=8)
    opening = balance_sheet(e)
    slot = mech.entity_slot(e)
    e.state.firms.capital[slot] = 2.0  # an entity's capital appearing without a transaction
    invest_and_pay(e, mech)
    e.state.agg.house_price *= 1.1
    closing = balance_sheet(e)
    tfm = flow_matrix(e)
    account = revaluation_account(opening, closing, tfm, 5.0, 1.0)
    assert check_revaluation(account) == []
    assert account.loc["net_capital_formation", "firms"] == pytest.approx(4.0)
    assert account.loc["other_volume_changes", "firms"] == pytest.approx(2.0)
    homes = float(e.state.households.home.sum())
    assert account.loc["housing_revaluation", "households"] == pytest.approx(
        0.1 * homes * e.state.agg.house_price / 1.1)
    assert account.loc["net_lending", "households"] == pytest.approx(3.0)
    # Households' equity gains what the firms' book value gained and they own.
    assert account.loc["equity_revaluation"].sum() == pytest.approx(0.0, abs=1e-9)
    assert account.loc["equity_revaluation", "households"] > 0


def test_revaluation_check_catches_a_stock_moved_outside_the_books(mech):
    e = mech.tiny("proprietary-balanced", n=5)
    opening = balance_sheet(e)
    invest_and_pay(e, mech)
    tfm = flow_matrix(e)
    e.ledger.deposits["households"][0] += 1.0  # money from nowhere, after the flows
    e.ledger.bonds += 1.0
    closing = balance_sheet(e)
    problems = check_revaluation(revaluation_account(opening, closing, tfm, 5.0, 1.0))
    assert any(p.startswith("households") for p in problems)


@pytest.mark.parametrize("preset", preset_names())
def test_every_period_closes_with_the_revaluation_account(preset):
    """The engine checks each period's flows, balance sheet and revaluation account."""
    last = max((c.year for c in load_regime(preset).schedule), default=0)
    result = simulate(preset, households=40, years=max(4, last + 2), seed=1)
    for t in range(1, result.years):
        tfm, before, after = result.tfm(t), result.bsm(t - 1), result.bsm(t)
        assert FIRMS_CAPITAL in tfm.columns
        assert check_period(tfm, after) == []
        invest = -float(tfm.loc["investment", FIRMS_CAPITAL])
        wear = float(tfm.loc["depreciation", FIRMS_CAPITAL])
        assert check_revaluation(revaluation_account(before, after, tfm, invest, wear)) == []


@pytest.mark.parametrize("split", [False, True])
def test_net_worth_has_the_bits_of_the_array_expression(mech, monkeypatch, split):
    e = mech.tiny("proprietary-weak-labour", n=3_000)
    for _ in range(4):
        step_period(e)
    hh, ledger = e.state.households, e.ledger
    assert hh.home.any() and not hh.home.all() and ledger.loans["households"].any()
    claims = household_equity(e)
    expected = (ledger.deposits["households"] - ledger.loans["households"] + claims
                + e.state.agg.house_price * hh.home)
    monkeypatch.setattr("commonsim.economy.halves.SPLIT_FROM", 1_000)
    monkeypatch.setattr("commonsim.economy.halves.usable_cores", lambda: 2 if split else 1)
    assert net_worth(e).tobytes() == expected.tobytes()
    with helper_held():
        assert net_worth(e, claims).tobytes() == expected.tobytes()
