"""Each model-1 mechanism's rule (M1.1-M1.6), on small hand-made economies.

An economy of a few households is built from a preset, its arrays are set by hand, one
mechanism is called, and the rule of ``essay/characteristics.md`` is checked on what it did.
"""

from __future__ import annotations

import numpy as np
import pytest
from mech_helpers import settle_loans

from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy
from commonsim.economy.schedule import begin_period
from commonsim.mechanisms import consumption, finance, firms, fiscal, knowledge, skills, wages
from commonsim.regimes import load_regime

N = 6


def economy(preset: str = "proprietary-weak-labour", n: int = N, **overrides) -> Economy:
    """A tiny economy at the start of a period, with every household employed at firm 0."""
    params = load_regime(preset, overrides or None).params
    e = build_economy(params, n, seed=7)
    e.ledger.open_period()
    begin_period(e)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = np.linspace(0.5, 2.0, n)
    hh.layer[:] = 0
    hh.layer[-1] = 1
    hh.employer[:] = 0
    hh.hours_paid[:] = 1.0
    f.productivity[:] = 1.2
    e.period.gig_need = np.zeros(f.n)
    e.period.gig_served = 0.0
    return e


def test_wages_split_by_skill_with_managers_premium() -> None:
    """M1.2/M1.4: the pay pool is the bargained share of value; managers get a premium."""
    e = economy()
    p, hh = e.params, e.state.households
    wages.pay_labour(e)
    paid = e.ledger.income["wages"]
    pool = p.labour.bargaining * 1.2 * hh.skill.sum()
    assert paid.sum() == pytest.approx(pool)
    per_skill = paid / hh.skill
    # Line workers are paid alike per unit of skill; the manager earns the premium on top.
    assert np.allclose(per_skill[:-1], per_skill[0])
    assert per_skill[-1] / per_skill[0] == pytest.approx(1.0 + p.labour.manager_premium)
    # The money came out of the employer's deposits, through the ledger.
    assert e.ledger.deposits["firms"][0] == pytest.approx(-pool)


def test_deskilling_moves_knowledge_from_line_workers_to_managers() -> None:
    """M1.2: line workers' skill decays; the managerial layer gains what they lose."""
    e = economy()
    hh = e.state.households
    before = hh.skill.copy()
    skills.update_skills(e)
    decay = e.params.households.skill_decay
    assert decay > 0
    line = hh.layer == 0
    expected = before[line] * (1.0 - decay)
    assert np.allclose(hh.skill[line], expected)
    assert hh.skill[~line][0] > before[~line][0]
    assert hh.skill.sum() == pytest.approx(before.sum())
    gap_before = before[~line].mean() / before[line].mean()
    assert hh.skill[~line].mean() / hh.skill[line].mean() > gap_before


def test_no_deskilling_without_the_institution() -> None:
    e = economy(**{"labour.deskilling": False})
    before = e.state.households.skill.copy()
    skills.update_skills(e)
    assert np.array_equal(e.state.households.skill, before)


def test_idle_households_lose_skill() -> None:
    e = economy()
    hh = e.state.households
    hh.employer[:2] = -1
    hh.hours_paid[:2] = 0.0
    before = hh.skill.copy()
    skills.update_skills(e)
    assert (hh.skill[:2] < before[:2]).all()


def test_ip_rent_paid_by_non_owners_to_owners() -> None:
    """M1.3: firms that do not own the knowledge stock pay rent to those that do."""
    e = economy()
    f, p = e.state.firms, e.params
    f.output[:] = 0.0
    prop = np.flatnonzero(f.form == 0)
    f.output[prop] = np.arange(1, prop.size + 1, dtype=float)
    owners = f.ip_owner & (f.form == 0)
    assert owners.any() and (~owners[prop]).any()
    knowledge.knowledge_rent(e)
    dep = e.ledger.deposits["firms"]
    payers = prop[~owners[prop]]
    assert np.allclose(dep[payers], -p.ip.rent_rate * f.output[payers])
    received = dep[owners]
    assert (received > 0).all()
    assert received.sum() == pytest.approx(p.ip.rent_rate * f.output[payers].sum())
    # Owners receive in proportion to their output.
    assert np.allclose(received / f.output[owners], received[0] / f.output[owners][0])


def test_dividends_follow_ownership_stakes() -> None:
    """M1.4: surplus after wages and taxes goes to shareholders by stake."""
    e = economy()
    hh, ledger = e.state.households, e.ledger
    hh.stake[:] = np.array([0, 0, 0, 0.25, 0.25, 0.5])
    f = e.state.firms
    f.capital[:] = 0.0
    e.period.investment_by_firm = np.zeros(f.n)
    ledger.deposits["households"][:] = 100.0
    ledger.transfer("consumption", "households", np.full(N, 10.0), "firms",
                    np.where(np.arange(f.n) == 0, 60.0, 0.0))
    before = ledger.deposits["households"].copy()
    firms.settle_firms(e)
    got = ledger.deposits["households"] - before
    profit_after_tax = 60.0 * (1 - e.params.state.profit_tax)
    assert got.sum() == pytest.approx(e.params.finance.payout * profit_after_tax)
    assert np.allclose(got, got.sum() * hh.stake)
    assert np.allclose(e.ledger.income["dividends"][:3], 0.0)


def test_benefits_higher_under_balance_than_weakness() -> None:
    """M1.5/M1.6: the unemployed receive more under capital-labour balance (1a) than 1b."""
    paid = {}
    for preset in ("proprietary-balanced", "proprietary-weak-labour"):
        e = economy(preset)
        hh = e.state.households
        hh.employer[0] = -1
        e.state.agg.mean_wage = 1.0
        fiscal.taxes_and_transfers(e)
        paid[preset] = e.ledger.income["benefits"][0]
        assert paid[preset] == pytest.approx(e.params.state.benefit_replacement)
        assert np.allclose(e.ledger.income["benefits"][1:], 0.0)
    assert paid["proprietary-balanced"] > paid["proprietary-weak-labour"] > 0


def test_state_supports_finance_only_under_labour_weakness() -> None:
    """M1.6: the state transfers to the financial sector in 1b, not in 1a."""
    flows = {}
    for preset in ("proprietary-balanced", "proprietary-weak-labour"):
        e = economy(preset)
        e.state.firms.output[:] = 100.0
        fiscal.public_spending(e)
        flows[preset] = e.ledger.flows["support_to_finance"][2]  # the banks' column
    assert flows["proprietary-balanced"] == 0.0
    assert flows["proprietary-weak-labour"] > 0.0


def test_consumption_function_alpha1_income_alpha2_wealth() -> None:
    """Consumption is alpha1 * disposable income + alpha2 * opening net wealth (no homes
    here; home equity has its own propensity, tests/test_housing.py)."""
    e = economy(**{"households.need_share": 0.0, "housing.enabled": False})
    hh, ledger, h = e.state.households, e.ledger, e.params.households
    hh.stake[:] = 0.0
    hh.disposable[:] = np.linspace(1.0, 3.0, N)
    hh.opening_wealth[:] = np.linspace(0.0, 10.0, N)
    ledger.deposits["households"][:] = 100.0
    plan = consumption.consumption_plan(e)
    assert np.allclose(plan, h.propensity_income * hh.disposable
                       + h.propensity_wealth * hh.opening_wealth)


def test_households_borrow_when_income_falls_short_of_needs() -> None:
    """M1.6: below the consumption they defend, households borrow, within a credit limit."""
    e = economy(**{"households.need_share": 0.8, "finance.credit_limit": 2.0,
                   "households.propensity_income": 0.5, "housing.enabled": False})
    hh, ledger = e.state.households, e.ledger
    hh.stake[:] = 0.0
    hh.opening_wealth[:] = 0.0
    e.state.agg.mean_income = 1.0
    hh.disposable[:] = np.array([0.1, 0.2, 1.0, 1.0, 1.0, 1.0])
    ledger.deposits["households"][:] = np.array([0.0, 0.0, 0.0, 5.0, 5.0, 5.0])
    plan = consumption.consumption_plan(e)
    need = 0.8
    # Poor households without savings want `need` but may only borrow 2 years of income.
    assert plan[0] == pytest.approx(min(need, 2.0 * 0.1))
    assert plan[1] == pytest.approx(min(need, 2.0 * 0.2))
    assert plan[2] == pytest.approx(need)
    e.state.firms.output[:] = 100.0
    consumption.consume(e)
    assert hh.borrowed[:3].all() and not hh.borrowed[3:].any()
    settle_loans(e)
    loans = ledger.loans["households"]
    assert (loans[:3] > 0).all() and np.allclose(loans[3:], 0.0)
    assert (ledger.deposits["households"] >= -1e-12).all()


def test_debt_above_the_credit_limit_is_written_off_to_the_limit() -> None:
    """M1.6: debt a household cannot carry is written off by the bank, down to its limit."""
    e = economy(**{"finance.credit_limit": 2.0, "housing.enabled": False})
    hh, ledger = e.state.households, e.ledger
    hh.disposable[:] = 1.0
    ledger.lend("households", np.array([0.5, 2.0, 3.0, 5.0, 0.0, 0.0]))
    finance.default_households(e)
    assert np.allclose(ledger.loans["households"], [0.5, 2.0, 2.0, 2.0, 0.0, 0.0])
    assert e.ledger.written_off("households") == pytest.approx(4.0)
    assert ledger.flows["loan_writeoff"][0] == pytest.approx(4.0)
    assert ledger.flows["loan_writeoff"][2] == pytest.approx(-4.0)
