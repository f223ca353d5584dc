"""Tests of the validation checks (``commonsim.validation``) and of ``commonsim validate``.

The checks run the engine, so these tests run them (at smaller sizes where the published
result allows) and assert that they pass; each kind of check is also run on a deliberately
broken configuration to show that it can fail.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

import commonsim.validation as validation
import commonsim.validation.suite as suite
from commonsim.api import Result, simulate
from commonsim.economy import schedule
from commonsim.economy.balance import balance_sheet
from commonsim.economy.engine import AccountsError, build_economy, step_period
from commonsim.regimes import load_regime, preset_names
from commonsim.validation import (
    STANDARD,
    CheckRow,
    SimParameters,
    check_alternatives,
    check_hidden_equation,
    check_presets,
    check_published_path,
    check_random_pair,
    check_saving,
    check_steady_state,
    check_yard_sale,
    run_sim,
    sfc_problems,
)
from commonsim.validation import kinetic as kin
from commonsim.validation.cli import rows_markdown, validate_command
from commonsim.validation.rows import bound, compare, failed
from commonsim.validation.sim import PUBLISHED_H, PUBLISHED_Y, steady_state_rows


def all_pass(rows: list[CheckRow]) -> bool:
    return bool(rows) and all(r.passed for r in rows)


def describe(rows: list[CheckRow]) -> str:
    return "\n".join(f"{r.group} | {r.name}: expected {r.expected_text()} got {r.got_text()}"
                     f" {r.note}" for r in rows if not r.passed)


# -- rows ------------------------------------------------------------------------------


def test_compare_and_bound_rows() -> None:
    assert compare("g", "x", 1.0, 1.0005, 1e-3).passed
    assert not compare("g", "x", 1.0, 1.002, 1e-3).passed
    assert not compare("g", "x", 1.0, math.nan, 1e-3).passed
    assert bound("g", "x", "at least", 0.5, 0.9).passed
    assert not bound("g", "x", "at least", 0.5, 0.4).passed
    assert bound("g", "x", "at most", 0.5, 0.4).passed
    row = failed("g", "x", 0.0, 0.0, "boom")
    assert not row.passed and row.got_text() == "error" and row.note == "boom"
    assert compare("g", "x", 38.462, 38.4615, 1e-3).expected_text() == "38.462 ± 0.001"
    assert bound("g", "x", "at least", 0.5, 0.9).expected_text() == ">= 0.5"


# -- SIM -------------------------------------------------------------------------------


def test_sim_parameter_mapping() -> None:
    """G is purchases per household times households; the other three map one to one."""
    over = SimParameters(G=20.0, theta=0.2, alpha1=0.6, alpha2=0.4).overrides(8)
    assert over == {
        "state.purchases_per_household": 2.5,
        "state.income_tax": 0.2,
        "households.propensity_income": 0.6,
        "households.propensity_wealth": 0.4,
    }
    params = load_regime("sim", over).params
    assert params.state.purchases_per_household * 8 == 20.0


def test_sim_published_path_passes_for_several_sizes() -> None:
    rows = check_published_path(households=(1, 7, 250))
    assert len(rows) == 3 * (len(PUBLISHED_Y) + len(PUBLISHED_H))
    assert all_pass(rows), describe(rows)


def test_sim_published_path_fails_with_wrong_alpha1() -> None:
    wrong = SimParameters(G=20.0, theta=0.2, alpha1=0.65, alpha2=0.4)
    rows = check_published_path(households=(5,), params=wrong)
    first = next(r for r in rows if r.name == "Y period 1")
    assert not first.passed
    assert first.got == pytest.approx(20.0 / (1 - 0.65 * 0.8))
    assert sum(not r.passed for r in rows) >= 10


def test_sim_published_path_fails_with_wrong_g_mapping() -> None:
    """Setting purchases_per_household to the book's G (not G / N) multiplies output by N."""
    result = simulate("sim", households=4, years=3,
                      overrides={"state.purchases_per_household": 20.0})
    assert result.metrics["gdp"].iloc[0] == pytest.approx(4 * PUBLISHED_Y[0], abs=4e-3)
    assert abs(result.metrics["gdp"].iloc[0] - PUBLISHED_Y[0]) > 1.0


def test_sim_steady_state_passes() -> None:
    rows = check_steady_state(households=20)
    assert [r.name.split("*")[0] for r in rows] == ["Y", "T", "YD", "C", "H"]
    assert all_pass(rows), describe(rows)


def test_sim_steady_state_fails_with_wrong_alpha2() -> None:
    """H* = (1 - alpha1) / alpha2 YD* depends on alpha2: the wrong one misses H* only."""
    wrong = SimParameters(G=20.0, theta=0.2, alpha1=0.6, alpha2=0.3)
    result = run_sim(wrong, 10, wrong.periods_to_settle())
    rows = {r.name.split("*")[0]: r for r in steady_state_rows("wrong", result, STANDARD)}
    assert rows["Y"].passed and rows["T"].passed and rows["YD"].passed and rows["C"].passed
    assert not rows["H"].passed
    assert rows["H"].got == pytest.approx(0.4 / 0.3 * 80.0, abs=1e-3)


def test_sim_steady_state_fails_when_run_too_short() -> None:
    result = run_sim(STANDARD, 10, 20)
    rows = steady_state_rows("short", result, STANDARD)
    assert not any(r.passed for r in rows if r.name.startswith(("Y", "H", "T")))


def test_sim_alternative_parameters_pass() -> None:
    rows = check_alternatives(households=3)
    assert len(rows) == 6 * len(validation.ALTERNATIVES)
    assert all_pass(rows), describe(rows)


def test_sim_alternatives_fail_when_engine_gets_other_values() -> None:
    """Expected values follow the parameters: a run with another theta misses them."""
    alt = validation.ALTERNATIVES[0]
    other = SimParameters(alt.G, alt.theta + 0.05, alt.alpha1, alt.alpha2)
    result = run_sim(other, 3, other.periods_to_settle())
    rows = steady_state_rows("other theta", result, alt)
    assert not next(r for r in rows if r.name.startswith("Y*")).passed


def test_sim_hidden_equation_holds() -> None:
    rows = check_hidden_equation(households=(1, 50), years=30)
    assert all_pass(rows), describe(rows)


def test_sim_hidden_equation_fails_when_the_bank_loses_money() -> None:
    """Deposit interest paid by a bank with no income drains its net worth: the households'
    money then exceeds the state's debt, and the check says so."""
    rows = check_hidden_equation(households=(10,), years=10,
                                 extra={"finance.deposit_rate": 0.05})
    assert not rows[0].passed
    assert rows[0].got > 1e-3


# -- kinetic exchange ------------------------------------------------------------------


def test_kinetic_money_paths_are_what_simulate_reports() -> None:
    """The period loop the checks drive gives the same Gini as simulate's metric."""
    over = {"engine.exchange": "random-pair", "engine.exchange_steps": 3}
    paths = kin.money_paths(400, 5, 11, over)
    result = simulate("kinetic-exchange", households=400, years=5, seed=11, overrides=over)
    ginis = [validation.kinetic.gini(m) for m in paths]
    np.testing.assert_allclose(ginis, result.metrics["wealth_gini"].to_numpy(), rtol=1e-12)
    assert all(m.sum() == pytest.approx(400.0) for m in paths)


def test_kinetic_random_pair_passes() -> None:
    rows = check_random_pair(households=3000, years=20, seeds=(0, 1, 2))
    assert all_pass(rows), describe(rows)


def test_kinetic_random_pair_fails_for_another_rule() -> None:
    """Mesa's Boltzmann rule settles near 0.63, not at the exponential's 1/2."""
    rows = check_random_pair(households=2000, years=20, seeds=(0, 1),
                             extra={"engine.exchange": "boltzmann"})
    assert not rows[0].passed
    assert rows[0].got > 0.55


def test_kinetic_saving_passes() -> None:
    rows = check_saving(households=3000, years=25, seeds=(0, 1, 2))
    assert all_pass(rows), describe(rows)


def test_kinetic_saving_fails_for_another_lambda() -> None:
    rows = check_saving(households=2000, years=20, seeds=(0,),
                        extra={"engine.saving_propensity": 0.4})
    assert not any(r.passed for r in rows), rows


def test_kinetic_yard_sale_passes() -> None:
    rows = check_yard_sale(households=1000, years=20, seeds=(0, 1))
    assert all_pass(rows), describe(rows)


def test_kinetic_yard_sale_rows_are_computed() -> None:
    rows = check_yard_sale(households=200, years=3, seeds=(0,))
    assert rows and all(math.isfinite(r.got) for r in rows)


# -- stock-flow consistency of whole runs ----------------------------------------------


def test_every_preset_is_stock_flow_consistent() -> None:
    rows = check_presets(households=80, years=35)
    assert [r.name.split(":")[0] for r in rows] == preset_names()
    assert all_pass(rows), describe(rows)


def _leaky(step):  # type: ignore[no-untyped-def]
    def leak(e) -> None:  # type: ignore[no-untyped-def]
        step(e)
        e.ledger.deposits["households"][0] += 1.0  # behind the ledger's back
    return leak


def test_preset_check_catches_a_leaking_mechanism(monkeypatch: pytest.MonkeyPatch) -> None:
    index = next(i for i, s in enumerate(schedule.SCHEDULE) if s[0] == "consume")
    name, step, on = schedule.SCHEDULE[index]
    patched = list(schedule.SCHEDULE)
    patched[index] = (name, _leaky(step), on)
    monkeypatch.setattr(schedule, "SCHEDULE", patched)
    rows = check_presets(["proprietary-balanced"], households=40, years=3)
    assert not rows[0].passed
    assert rows[0].got >= 3
    assert "households column" in rows[0].note
    with pytest.raises(AccountsError, match="period 0: .*households column"):
        simulate("proprietary-balanced", households=40, years=2)


def test_sfc_problems_catches_a_stock_changed_between_periods() -> None:
    """A change between periods leaves each period's books closed; only the link between
    consecutive balance sheets shows it."""
    regime = load_regime("proprietary-balanced")
    economy = build_economy(regime.params, 60, 0)
    flows, sheets = [], []
    for t in range(3):
        if t == 2:  # money appears, matched by bonds so that the balance sheet still closes
            economy.ledger.deposits["households"][5] += 2.0
            economy.ledger.bonds += 2.0
        tfm, bsm = step_period(economy)
        flows.append(tfm)
        sheets.append(bsm)
    result = Result(regime, 60, 3, 0, None, economy.state,  # type: ignore[arg-type]
                    transaction_flows=flows, balance_sheets=sheets)
    problems = sfc_problems(result)
    assert problems, "the planted change was not detected"
    assert all(p.startswith("period 2:") for p in problems)
    assert any("households deposits changed by" in p for p in problems)
    assert any("state bonds changed by" in p for p in problems)
    assert balance_sheet(economy).loc["deposits"].sum() == pytest.approx(0.0, abs=1e-9)


# -- run_all and the command -----------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("validate")(validate_command)

    @app.callback()
    def main() -> None:
        """Local wrapper so that `validate` is a sub-command, as in the real CLI."""

    return app


def _fake(rows: list[CheckRow]):  # type: ignore[no-untyped-def]
    return lambda: rows


def test_run_all_reports_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    good = compare("g", "one", 1.0, 1.0, 0.0)
    monkeypatch.setattr(suite, "CHECKS", (("first", _fake([good])), ("second",
                                                                          _fake([good]))))
    seen: list[tuple[int, int, str]] = []
    rows = validation.run_all(progress=lambda d, t, label: seen.append((d, t, label)))
    assert rows == [good, good]
    assert seen == [(0, 2, "first"), (1, 2, "second"), (2, 2, "done")]


def test_validate_command_exit_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    good = compare("SIM", "Y period 1", 38.462, 38.4615, 1e-3)
    bad = compare("SIM", "Y period 2", 47.929, 50.0, 1e-3)
    runner = CliRunner()
    monkeypatch.setattr(suite, "CHECKS", (("ok", _fake([good])),))
    result = runner.invoke(_app(), ["validate"])
    assert result.exit_code == 0, result.output
    assert "Y period 1" in result.output and "pass" in result.output
    assert "all 1 checks passed" in result.output
    monkeypatch.setattr(suite, "CHECKS", (("ok", _fake([good])), ("bad", _fake([bad]))))
    result = runner.invoke(_app(), ["validate"])
    assert result.exit_code == 1
    assert "FAIL" in result.output and "1 of 2 checks failed" in result.output
    result = runner.invoke(_app(), ["validate", "--markdown"])
    assert result.exit_code == 1
    assert "| SIM | Y period 2 | 47.929 ± 0.001 | 50 | FAIL |" in result.output


def test_markdown_table() -> None:
    text = rows_markdown([compare("SIM", "Y period 1", 38.462, 38.4615, 1e-3)])
    assert text.splitlines()[2] == "| SIM | Y period 1 | 38.462 ± 0.001 | 38.4615 | pass |"


# -- stationarity under fixed institutions -------------------------------------------------


def test_trend_is_the_rise_of_the_fitted_line() -> None:
    from commonsim.validation.stationarity import trend

    assert trend(np.linspace(0.1, 0.4, 151)) == pytest.approx(0.3)
    assert trend(np.full(40, 0.07)) == pytest.approx(0.0, abs=1e-12)
    # Cycles without a trend give a small rise; noise is not drift.
    years = np.arange(150)
    assert abs(trend(0.07 + 0.02 * np.sin(2 * np.pi * years / 10))) < 0.005
    assert np.isnan(trend(np.array([0.1, np.nan, 0.2])))


def test_stationarity_check_runs_the_engine_and_judges_each_series() -> None:
    from commonsim.validation.stationarity import BOUNDS, check_stationarity

    rows = check_stationarity(households=200, years=60, presets=("proprietary-weak-labour",),
                              spinup_years=8)
    assert [r.name.split(" trend")[0].strip("|") for r in rows] == list(BOUNDS)
    for row in rows:
        assert row.mode == "at most" and row.expected == BOUNDS[row.name.split("|")[1].split(
            " trend")[0]]
        assert np.isfinite(row.got) and row.passed == (row.got <= row.expected)


# -- Godley & Lavoie's PC on the engine ------------------------------------------------------


def test_bill_demand_is_tobins_rule_within_wealth() -> None:
    from commonsim.mechanisms.portfolio import bill_demand

    got = bill_demand(np.array([100.0, 1.0, -5.0]), np.array([80.0, 500.0, 10.0]), 0.025,
                      0.635, 5.0, 0.01)
    assert got[0] == pytest.approx(100.0 * 0.76 - 0.8)
    assert got[1] == 0.0  # would be negative: no short sales of bills
    assert got[2] == 0.0  # no wealth, no bills


def test_pc_settles_at_the_books_stationary_state_for_any_n() -> None:
    from commonsim.validation.pc import check_pc_steady_state

    rows = check_pc_steady_state(households=(1, 7), settle=120)
    assert len(rows) == 10 and all(r.passed for r in rows), [r for r in rows if not r.passed]


def test_pc_path_after_the_books_rate_rise_follows_its_equations() -> None:
    from commonsim.validation.pc import SHOCKS, check_pc_paths

    rows = check_pc_paths(households=3, shocks=SHOCKS[:1], settle=150)
    assert all(r.passed for r in rows), [r for r in rows if not r.passed]
    stationary = {r.name.split()[3]: r.got for r in rows if "new stationary" in r.name}
    assert stationary["Y"] == pytest.approx(110.09, abs=0.01)  # rate 3.5%: Y rises


def test_pc_check_fails_when_interest_is_not_paid() -> None:
    """Switching the bills' interest off must break the path (the check can fail)."""
    from commonsim.validation import pc

    shock = pc.SHOCKS[0]
    result = pc.run_pc(pc.STANDARD, shock, 1, 40, shock_year=20)
    broken = simulate(pc.load_regime("pc", {**pc.STANDARD.overrides(1),
                                             "finance.household_bills": False}),
                      households=1, years=40, seed=0, keep_matrices=False)
    assert result.metrics["gdp"].iloc[-1] != pytest.approx(broken.metrics["gdp"].iloc[-1],
                                                           abs=0.01)


def test_bills_earn_the_bills_rate_and_only_money_earns_deposit_interest() -> None:
    """With a deposit rate as well, households' interest is r_bills B_h + r_dep (V - B_h)."""
    from commonsim.validation import pc

    over = {**pc.STANDARD.overrides(1), "finance.deposit_rate": 0.01}
    result = simulate(pc.load_regime("pc", over), households=1, years=6, seed=0)
    m, state = result.metrics, result.state.households
    for t in (3, 4, 5):
        before = m.iloc[t - 1]
        bills, money = before["household_bills"], before["household_deposits"] - before[
            "household_bills"]
        tfm = result.tfm(t)
        assert tfm.loc["interest_bills", "households"] == pytest.approx(0.025 * bills)
        assert tfm.loc["interest_deposits", "households"] == pytest.approx(0.01 * money)
    assert state.bills[0] == pytest.approx(m["household_bills"].iloc[-1])
