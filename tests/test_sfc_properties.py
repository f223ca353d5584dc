"""Property tests: stock-flow consistency holds for random parameters, sizes and seeds.

For every preset, Hypothesis draws a subset of parameters within the schema's ranges
(institutions switched on and off included), a small economy and a seed, runs the engine
with its own per-period assertion switched off, and checks every period independently of
``check_period``:

* every row and every column of the transaction-flow matrix (TFM) sums to zero;
* the deposits, loans, bonds and equity rows of the balance-sheet matrix (BSM) sum to zero,
  so total net worth equals the capital stock;
* between consecutive periods, each sector's deposits, loans and bonds change by exactly
  its capital-account rows in the TFM, and its financial net worth by exactly the sum of
  its recorded current flows.

All to a relative 1e-9 of the largest entry of the matrices. The last tests check that one
seed gives one result and that different seeds give different results.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonsim.api import Result, simulate
from commonsim.economy.balance import by_sector
from commonsim.economy.ledger import FLOWS, STOCK_ROWS
from commonsim.params import all_keys, is_on, unmet_requirements
from commonsim.regimes import apply_values, load_regime, preset_names

REL_TOL = 1e-9
ECONOMY_PRESETS = (
    "proprietary-balanced",
    "proprietary-weak-labour",
    "netarchical",
    "commons-partner-state",
    "transition",
)
FINANCIAL = ("deposits", "loans", "bonds")
CAPITAL_ROW = {"deposits": "d_deposits", "loans": "d_loans", "bonds": "d_bonds"}

#: Examples per property; raise it (COMMONSIM_SFC_EXAMPLES=500) for a long search for leaks.
PROPERTY = settings(max_examples=int(os.environ.get("COMMONSIM_SFC_EXAMPLES", "12")),
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def unit(lo: float = 0.0, hi: float = 1.0) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


#: Parameters of the economic presets, each drawn within its schema range (narrowed where
#: the schema allows values no regime would use, e.g. a consumption propensity of zero).
ECONOMY_KEYS: dict[str, st.SearchStrategy[Any]] = {
    "households.propensity_income": unit(0.4, 0.98),
    "households.propensity_wealth": unit(0.0, 0.4),
    "households.need_share": unit(0.0, 1.5),
    "households.initial_deposits": unit(0.0, 6.0),
    "households.skill_sigma": unit(0.0, 1.0),
    "households.owner_share": unit(0.01, 0.5),
    "households.civic_propensity": unit(0.0, 0.6),
    "households.learning_rate": unit(0.0, 0.1),
    "technology.capital_output": unit(0.0, 4.0),
    "technology.depreciation": unit(0.0, 0.3),
    "technology.forecast_noise": unit(0.0, 0.5),
    "technology.investment_adjust": unit(0.0, 1.0),
    "technology.forecast_adjust": unit(0.0, 1.0),
    "finance.loan_rate": unit(0.0, 0.2),
    "finance.deposit_rate": unit(0.0, 0.08),
    "finance.bond_rate": unit(0.0, 0.12),
    "finance.repayment": unit(0.0, 0.6),
    "finance.credit_limit": unit(0.0, 6.0),
    "finance.payout": unit(0.0, 1.0),
    "labour.bargaining": unit(0.3, 0.9),
    "labour.manager_share": unit(0.0, 0.3),
    "labour.standard_hours": unit(0.6, 1.0),
    "labour.deskilling": st.booleans(),
    "ip.enabled": st.booleans(),
    "ip.rent_rate": unit(0.0, 0.2),
    "state.income_tax": unit(0.0, 0.5),
    "state.top_tax": unit(0.0, 0.3),
    "state.profit_tax": unit(0.0, 0.5),
    "state.benefit_replacement": unit(0.0, 1.0),
    "state.support_to_finance": unit(0.0, 0.05),
    "state.basic_income": unit(0.0, 0.5),
    "state.public_services": unit(0.0, 0.3),
    "state.commons_support": unit(0.0, 0.02),
    "state.civic_infrastructure": unit(0.0, 0.05),
    "state.coproduction": unit(0.0, 0.5),
    "state.externality_tax": unit(0.0, 1.0),
    "state.commons_levy": unit(0.0, 0.5),
    "platforms.enabled": st.booleans(),
    "platforms.take_rate": unit(0.0, 0.5),
    "platforms.crowdsourcing": unit(0.0, 0.3),
    "platforms.peer_exchange": unit(0.0, 0.1),
    "commons.enabled": st.booleans(),
    "commons.capital_donations": unit(0.0, 0.05),
    "commons.contributor_governance": st.booleans(),
    "cooperatives.enabled": st.booleans(),
    "cooperatives.founding_rate": unit(0.0, 0.02),
    "cooperatives.credit": st.booleans(),
    "cooperatives.phyles": st.booleans(),
    "cooperatives.investor_cap": unit(0.0, 1.0),
    "solidarity.enabled": st.booleans(),
    "solidarity.floor": unit(0.0, 1.0),
    "market.coordination": unit(0.0, 1.0),
    "market.ethical_preference": unit(0.0, 2.0),
    "state.fiscal_rule": st.sampled_from(["none", "debt-target"]),
    "state.debt_target": unit(0.0, 2.0),
    "state.debt_horizon": unit(1.0, 40.0),
    "state.fiscal_effort": unit(0.0, 0.05),
    "state.rule_taxes": st.sampled_from(["income", "profit", "income-and-profit"]),
    "finance.household_bills": st.booleans(),
    "finance.cash_target": unit(0.0, 1.0),
    # A short spin-up exercises the common opening's hand-over to the regime; the default
    # 150 years (tests/test_spinup.py) would make every example a long run.
    "engine.spinup_years": st.sampled_from((0, 4)),
}

SIM_KEYS: dict[str, st.SearchStrategy[Any]] = {
    "state.purchases_per_household": unit(0.0, 100.0),
    "state.income_tax": unit(0.05, 0.6),
    "households.propensity_income": unit(0.0, 0.95),
    "households.propensity_wealth": unit(0.01, 1.0),
}

EXCHANGE_RULES = ("random-pair", "saving", "boltzmann") + (
    ("yard-sale",) if "engine.exchange_fraction" in all_keys() else ()
)
PC_KEYS: dict[str, st.SearchStrategy[Any]] = {
    **SIM_KEYS,
    "finance.bond_rate": unit(0.0, 0.1),
    "finance.bills_lambda0": unit(0.0, 1.0),
    "finance.bills_lambda1": unit(0.0, 10.0),
    "finance.bills_lambda2": unit(0.0, 0.5),
}

KINETIC_KEYS: dict[str, st.SearchStrategy[Any]] = {
    "engine.exchange": st.sampled_from(EXCHANGE_RULES),
    "engine.exchange_steps": st.integers(0, 20),
    "engine.saving_propensity": unit(0.0, 0.95),
    "households.initial_deposits": unit(0.1, 5.0),
}


@st.composite
def some_of(draw: st.DrawFn, keys: dict[str, st.SearchStrategy[Any]]) -> dict[str, Any]:
    """A random subset of `keys`, each with a random value."""
    return {k: draw(s) for k, s in keys.items() if draw(st.booleans())}


def meaningful(preset: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """`overrides` without settings the schema refuses because they would change nothing:
    a setting drawn on whose prerequisite is off is switched off; a prerequisite drawn off
    that the preset (or its schedule) needs is left at the preset's value."""
    regime = load_regime(preset)
    overrides = dict(overrides)
    while True:
        states = [apply_values(regime.params, overrides, "test")]
        for change in regime.schedule:
            states.append(apply_values(states[-1], change.values, "test"))
        broken = [item for state in states for item in unmet_requirements(state)]
        if not broken:
            return overrides
        key, missing = broken[0]
        if is_on(overrides.get(key)):
            value = overrides[key]
            overrides[key] = "none" if isinstance(value, str) else type(value)(0)
        else:  # the preset or its schedule switches `key` on: keep what it needs
            for need in missing:
                overrides.pop(need)


def run(preset: str, households: int, years: int, seed: int, overrides: dict[str, Any]) -> Result:
    overrides = {"engine.spinup_years": 0, **meaningful(preset, overrides)}
    return simulate(preset, households=households, years=years, seed=seed,
                    overrides={**overrides, "engine.check_accounts": False})


def assert_consistent(result: Result) -> None:
    """Every stock-flow identity of every period, checked directly on the matrices."""
    for t in range(result.years):
        tfm, bsm = result.tfm(t), result.bsm(t)
        assert list(tfm.index[-len(STOCK_ROWS):]) == list(STOCK_ROWS)
        scale = max(float(np.abs(tfm.to_numpy()).max()), float(np.abs(bsm.to_numpy()).max()), 1.0)
        tol = REL_TOL * scale
        rows = tfm.sum(axis=1)
        bad = rows[rows.abs() > tol]
        assert bad.empty, f"period {t}: TFM rows not zero:\n{bad}"
        cols = tfm.sum(axis=0)
        assert (cols.abs() <= tol).all(), f"period {t}: TFM columns (leaks):\n{cols}"
        for stock in (*FINANCIAL, "equity"):
            total = float(bsm.loc[stock].sum())
            assert abs(total) <= tol, f"period {t}: BSM row {stock} sums to {total}"
        net = float(bsm.loc["net_worth"].sum())
        real = float(sum(bsm.loc[row].sum() for row in ("capital", "inventories", "housing")))
        assert abs(net - real) <= tol, f"period {t}: net worth {net} != capital + homes {real}"
        if t == 0:
            continue
        before = result.bsm(t - 1)
        tfm = by_sector(tfm)  # the firms' current and capital accounts as one sector
        tol = REL_TOL * max(scale, float(np.abs(before.to_numpy()).max()))
        for stock in FINANCIAL:
            change = bsm.loc[stock] - before.loc[stock]
            gap = tfm.loc[CAPITAL_ROW[stock]] + change
            assert (gap.abs() <= tol).all(), (
                f"period {t}: {stock} changed by\n{change}\nbut the TFM records\n"
                f"{-tfm.loc[CAPITAL_ROW[stock]]}")
        # A sector's financial net worth moves by exactly its recorded current flows.
        saving = tfm.loc[list(FLOWS)].sum(axis=0)
        financial_change = before.loc[list(FINANCIAL)].sum(axis=0)
        financial_change = bsm.loc[list(FINANCIAL)].sum(axis=0) - financial_change
        gap = saving - financial_change
        assert (gap.abs() <= tol).all(), (
            f"period {t}: net lending\n{saving}\ndiffers from the change in financial net"
            f" worth\n{financial_change}")


def test_assert_consistent_catches_a_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mechanism that changes a deposit behind the ledger's back fails the property."""
    from commonsim.economy import schedule

    def leak(e: Any) -> None:
        e.ledger.deposits["firms"][0] -= 0.5

    patched = [*schedule.SCHEDULE]
    patched.insert(-1, ("leak", leak, lambda p: True))
    monkeypatch.setattr(schedule, "SCHEDULE", patched)
    with pytest.raises(AssertionError, match="TFM columns"):
        assert_consistent(run("proprietary-balanced", 50, 3, 0, {}))


def test_every_preset_is_covered() -> None:
    assert sorted((*ECONOMY_PRESETS, "sim", "pc", "kinetic-exchange")) == preset_names()


@pytest.mark.parametrize("preset", ECONOMY_PRESETS)
@PROPERTY
@given(overrides=some_of(ECONOMY_KEYS), households=st.integers(50, 300),
       years=st.integers(3, 8), seed=st.integers(0, 2**32 - 1))
def test_economy_presets_are_stock_flow_consistent(
    preset: str, overrides: dict[str, Any], households: int, years: int, seed: int
) -> None:
    if preset == "transition":
        years += 32  # run past every scheduled switch (years 10 to 34)
    assert_consistent(run(preset, households, years, seed, overrides))


@PROPERTY
@given(overrides=some_of(SIM_KEYS), households=st.integers(1, 300),
       years=st.integers(3, 8), seed=st.integers(0, 2**32 - 1))
def test_sim_is_stock_flow_consistent(
    overrides: dict[str, Any], households: int, years: int, seed: int
) -> None:
    assert_consistent(run("sim", households, years, seed, overrides))


@PROPERTY
@given(overrides=some_of(PC_KEYS), households=st.integers(1, 300),
       years=st.integers(3, 8), seed=st.integers(0, 2**32 - 1))
def test_pc_is_stock_flow_consistent(
    overrides: dict[str, Any], households: int, years: int, seed: int
) -> None:
    assert_consistent(run("pc", households, years, seed, overrides))


@PROPERTY
@given(overrides=some_of(KINETIC_KEYS), households=st.integers(50, 300),
       years=st.integers(3, 8), seed=st.integers(0, 2**32 - 1))
def test_kinetic_exchange_is_stock_flow_consistent(
    overrides: dict[str, Any], households: int, years: int, seed: int
) -> None:
    result = run("kinetic-exchange", households, years, seed, overrides)
    assert_consistent(result)
    # Exchange only moves money between households: their total never changes.
    deposits = [float(result.bsm(t).loc["deposits", "households"]) for t in range(years)]
    np.testing.assert_allclose(deposits, deposits[0], rtol=1e-12)


@pytest.mark.parametrize("preset", preset_names())
def test_same_seed_same_result(preset: str) -> None:
    years = 35 if preset == "transition" else 5  # past the last scheduled switch
    a = simulate(preset, households=120, years=years, seed=7)
    b = simulate(preset, households=120, years=years, seed=7)
    pd.testing.assert_frame_equal(a.metrics, b.metrics, check_exact=True)
    for t in range(years):
        pd.testing.assert_frame_equal(a.tfm(t), b.tfm(t), check_exact=True)
        pd.testing.assert_frame_equal(a.bsm(t), b.bsm(t), check_exact=True)


@pytest.mark.parametrize("preset", [p for p in preset_names() if p not in ("sim", "pc")])
def test_different_seeds_differ(preset: str) -> None:
    years = 35 if preset == "transition" else 5  # past the last scheduled switch
    a = simulate(preset, households=120, years=years, seed=1).metrics
    b = simulate(preset, households=120, years=years, seed=2).metrics
    assert not a.equals(b)
    key = "wealth_gini"
    assert not np.allclose(a[key].to_numpy(), b[key].to_numpy(), rtol=1e-12), key


@pytest.mark.parametrize("preset", ["sim", "pc"])
def test_sim_has_no_randomness(preset: str) -> None:
    """Identical households, output to order, no noise: the seed changes nothing in SIM/PC."""
    a = simulate(preset, households=50, years=5, seed=1).metrics
    b = simulate(preset, households=50, years=5, seed=2).metrics
    pd.testing.assert_frame_equal(a, b, check_exact=True)
