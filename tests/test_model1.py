"""Model 1 (proprietary capitalism) end to end: both variants run, close their accounts,
and differ as their institutions say (M1.1-M1.6)."""

from __future__ import annotations

import numpy as np
import pytest

import commonsim
from commonsim.economy.ledger import check_period

PRESETS = ("proprietary-balanced", "proprietary-weak-labour")
SEEDS = (0, 1, 2)
YEARS = 50


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, int], commonsim.api.Result]:
    return {
        (preset, seed): commonsim.simulate(preset, households=2000, years=YEARS, seed=seed)
        for preset in PRESETS
        for seed in SEEDS
    }


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("seed", SEEDS)
def test_stock_flow_identities_hold_every_period(runs, preset: str, seed: int) -> None:
    """The engine asserts the identities; check again from the stored matrices."""
    result = runs[preset, seed]
    assert len(result.metrics) == YEARS
    for t in range(result.years):
        assert check_period(result.tfm(t), result.bsm(t)) == []


@pytest.mark.parametrize("preset", PRESETS)
def test_no_commons_income_and_non_owners_live_on_wages_and_interest(runs, preset) -> None:
    """M1.1: no commons or civic income; non-owners' market income is wages and interest."""
    result = runs[preset, 0]
    hh = result.state.households
    for kind in ("coop_pay", "piece", "peer", "coop_surplus", "stipends", "solidarity"):
        assert np.allclose(result.metrics[f"income_from_{kind}"], 0.0)
    non_owner = hh.stake == 0
    assert non_owner.any()
    assert (result.metrics["nonowner_other_market_income_share"] == 0).all()
    assert (result.metrics["commons_stock"] == 0).all()
    assert (result.metrics["civic_hours_per_household"] == 0).all()


@pytest.mark.parametrize("preset", PRESETS)
def test_ip_rent_and_profits_are_positive(runs, preset) -> None:
    """M1.3/M1.4: IP rent is a positive share of income after start-up; profits positive."""
    m = runs[preset, 0].metrics
    assert (m["ip_rent_share"].iloc[5:] > 0).all()
    assert (m["profit_share"].iloc[5:] > 0).all()


def test_balanced_variant_pays_labour_more_and_finance_nothing(runs) -> None:
    """M1.5 vs M1.6: stronger bargaining and no state support to finance in 1a."""
    share = {preset: np.mean([runs[preset, seed].metrics["labour_share"].iloc[5:].mean()
                              for seed in SEEDS])
             for preset in ("proprietary-balanced", "proprietary-weak-labour")}
    # Over the seeds: in one seed of three the shares are within 0.001 (prices follow
    # wages through the markup, so stronger claims show first as money wages).
    assert share["proprietary-balanced"] > share["proprietary-weak-labour"]
    for seed in SEEDS:
        a = runs["proprietary-balanced", seed].metrics
        b = runs["proprietary-weak-labour", seed].metrics
        assert a["money_wage"].iloc[-1] > b["money_wage"].iloc[-1]
        # Year 0 is the common opening (1b's institutions); 1a's own act from year 1.
        assert a["transfers_finance"].iloc[1:].sum() == 0.0
        assert b["transfers_finance"].sum() > 0.0


def test_balanced_variant_redistributes_to_the_bottom_half(runs) -> None:
    """M1.5 as claims.md defines it: in 1a the bottom half receives net fiscal transfers.

    Whether 1a's bottom half receives more than 1b's is an outcome, not a rule (it depends
    on how many are unemployed and on the taxes their wages pay); `commonsim compare`
    reports it. The rule itself (higher benefits in 1a) is tested in test_mechanisms_m1.
    """
    for seed in SEEDS:
        a = runs["proprietary-balanced", seed].metrics["net_fiscal_transfer_bottom_half"]
        assert a.iloc[-5:].mean() > 0


def test_one_seed_one_result() -> None:
    first = commonsim.simulate("proprietary-weak-labour", households=200, years=8, seed=3)
    again = commonsim.simulate("proprietary-weak-labour", households=200, years=8, seed=3)
    assert first.metrics.equals(again.metrics)
