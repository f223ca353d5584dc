"""The claims harness on constructed data whose verdicts are known."""

from __future__ import annotations

import math

import numpy as np
import pytest

from commonsim.claims import (
    CLAIMS,
    FAILS,
    HOLDS,
    INCONCLUSIVE,
    MISSING,
    Claim,
    Part,
    claims_frame,
    early,
    evaluate,
    final,
    run_claims,
)
from commonsim.report.synthetic import constructed_frame
from commonsim.stats import early_periods, final_periods, interval, window_mean

YEARS = 50


def wobble(scale: float):
    """Growth with replicate- and period-dependent swings (output-growth volatility)."""
    return lambda r, t: 100.0 * math.exp(0.02 * t) * (1.0 + scale * (-1) ** (t + r))


def essay_world() -> dict:
    """Data in which every claim of claims.md holds by construction."""
    v: dict = {}
    for lab in ("1a", "1b"):
        for k in ("income_from_stipends", "income_from_solidarity", "income_from_coop_pay",
                  "income_from_coop_surplus", "commons_stock",
                  "nonowner_other_market_income_share"):
            v[(lab, k)] = 0.0
        v[(lab, "skill_managers")] = lambda r, t: 1.0 + 0.02 * t
        v[(lab, "skill_line")] = lambda r, t: 1.0 - 0.005 * t
        v[(lab, "pay_managers")] = lambda r, t: 2.0 + 0.05 * t
        v[(lab, "pay_line")] = 1.0
        v[(lab, "ip_rent_share")] = 0.04
        v[(lab, "profit_share")] = lambda r, t: 0.2 + 0.01 * r
        v[(lab, "owner_net_worth")] = 50.0
        v[(lab, "other_net_worth")] = 1.0
    v.update({
        ("1a", "wealth_gini"): 0.6, ("1b", "wealth_gini"): 0.8,
        ("1a", "net_fiscal_transfer_bottom_half"): 0.1,
        ("1a", "transfers_finance"): 0.0, ("1b", "transfers_finance"): 10.0,
        ("1b", "debt_dependent_share"): 0.6,
        ("1b", "median_debt_to_income"): lambda r, t: 0.5 + 0.02 * t,
        ("1a", "precarious_share"): 0.05, ("1b", "precarious_share"): 0.1,
        ("1a", "public_services_per_head"): 0.2,
        ("1b", "skill_producers"): 0.8, ("1b", "waste"): 0.05, ("1b", "capital_share"): 0.35,
        ("2", "commons_stock"): lambda r, t: 10.0 + t,
        ("2", "commons_drawn"): 5.0, ("2", "platform_rent"): 3.0,
        ("2", "civic_income"): 0.1, ("2", "civic_contributors_share"): 0.2,
        ("2", "households"): 100.0,
        ("2", "platform_rent_share"): 0.03, ("2", "precarious_share"): 0.3,
        ("2", "civic_poverty_rate"): 0.3, ("2", "poverty_rate"): 0.2,
        ("2", "entity_failure_rate"): 0.1, ("2", "firm_failure_rate"): 0.05,
        ("2", "fb_funding_capital"): 2.0, ("2", "fb_funding_contributors"): 1.0,
        ("2", "solidarity_transfers"): 0.0,
        ("2", "transfers_finance"): 10.0, ("2", "transfers_commons"): 1.0,
        ("2", "public_services_per_head"): 0.15, ("2", "civic_contributor_income"): 0.5,
        ("2", "waste"): 0.05, ("2", "gdp"): wobble(0.05),
        ("2", "commoner_income_volatility"): 0.2, ("2", "damage_per_output"): 1.0,
        ("2", "commons_returned"): 1.0, ("2", "capital_share"): 0.3,
        ("2", "services_per_tax"): 0.5, ("2", "paid_hours_per_worker"): 1.0,
        ("2", "civic_hours_per_household"): 0.05,
        ("3", "skill_producers"): lambda r, t: 0.8 + 0.01 * t,
        ("3", "civic_contributor_income"): 0.8, ("3", "civic_poverty_rate"): 0.1,
        ("3", "member_net_worth"): lambda r, t: 1.0 + 0.1 * t,
        ("3", "coop_output_share"): lambda r, t: 0.3 + 0.01 * t,
        ("3", "waste"): 0.01, ("3", "gdp"): wobble(0.0),
        ("3", "precarious_share"): 0.1, ("3", "commoner_income_volatility"): 0.05,
        ("3", "commons_stock"): lambda r, t: 10.0 * math.exp(0.1 * t),
        ("3", "commons_entity_market_share"): lambda r, t: 0.2 + 0.01 * t,
        ("3", "damage_per_output"): 0.5, ("3", "commons_returned"): 4.0,
        ("3", "commons_drawn"): 5.0, ("3", "capital_share"): 0.1,
        ("3", "services_per_tax"): 0.9, ("3", "paid_hours_per_worker"): 0.85,
        ("3", "civic_hours_per_household"): 0.2, ("3", "poverty_rate"): 0.1,
        ("3", "state_debt_to_gdp"): lambda r, t: 1.0 - 0.01 * t,
    })
    return v


def verdicts(values: dict, **kw) -> dict[str, str]:
    frame = constructed_frame(values, replicates=3, years=YEARS, **kw)
    return {r.id: r.verdict for r in run_claims(frame)}


def test_every_claim_of_claims_md_is_there_in_order():
    ids = [c.id for c in CLAIMS]
    expected = [f"M1.{i}" for i in range(1, 7)] + [f"M2.{i}" for i in range(1, 7)] + [
        f"M3.{i}" for i in range(1, 12)]
    assert ids == expected


def test_constructed_world_makes_every_claim_hold():
    got = verdicts(essay_world())
    assert got == {cid: HOLDS for cid in got}
    assert len(got) == 23


@pytest.mark.parametrize("change, claim", [
    ((("2", "precarious_share"), 0.01), "M2.3"),
    ((("1b", "wealth_gini"), 0.5), "M1.5"),
    ((("1a", "commons_stock"), 3.0), "M1.3"),
    ((("2", "fb_funding_capital"), 0.5), "M2.5"),
    ((("3", "coop_output_share"), lambda r, t: 0.45 - 0.001 * t), "M3.8"),
    ((("3", "gdp"), wobble(0.2)), "M3.4"),
])
def test_a_claim_that_must_fail_does_fail(change, claim):
    world = essay_world()
    key, value = change
    world[key] = value
    assert verdicts(world)[claim] == FAILS


def test_debt_that_rises_ever_faster_fails_sustainability():
    world = essay_world()
    world[("3", "state_debt_to_gdp")] = lambda r, t: 0.5 * math.exp(0.08 * t) + 0.01 * r
    result = {r.id: r for r in run_claims(constructed_frame(world, replicates=3, years=YEARS))}
    assert result["M3.11"].verdict == FAILS
    assert result["M3.11"].parts[-1].verdict == FAILS
    # Rising but slowing (bounded, approaching a ceiling) is sustainable.
    world[("3", "state_debt_to_gdp")] = lambda r, t: 2.0 - 1.5 * math.exp(-0.1 * t)
    assert verdicts(world)["M3.11"] == HOLDS


def test_noise_without_signal_is_inconclusive():
    frame = constructed_frame({("2", "waste"): 0.05, ("3", "waste"): 0.05}, replicates=8,
                              years=YEARS, noise=0.01, seed=3)
    claim = Claim("X", "waste 3 < 2", [Part("w", final("3", "waste"), "<",
                                             final("2", "waste"))])
    assert evaluate(claim, frame).verdict == INCONCLUSIVE


def test_missing_metric_or_regime_is_named():
    frame = constructed_frame({("2", "waste"): 0.05}, replicates=3, years=YEARS)
    by_metric = evaluate(Claim("X", "", [Part("p", final("2", "nonexistent"), ">", 0.0)]),
                         frame)
    assert by_metric.verdict == MISSING
    assert "nonexistent" in by_metric.parts[0].note
    by_regime = evaluate(Claim("X", "", [Part("p", final("3", "waste"), "<",
                                              final("2", "waste"))]), frame)
    assert by_regime.verdict == MISSING
    assert "commons-partner-state" in by_regime.parts[0].note


def test_a_failing_part_decides_even_when_another_is_missing():
    frame = constructed_frame({("2", "waste"): 0.05, ("3", "waste"): 0.1}, replicates=3,
                              years=YEARS)
    claim = Claim("X", "", [Part("a", final("3", "waste"), "<", final("2", "waste")),
                            Part("b", final("3", "absent"), ">", 0.0)])
    assert evaluate(claim, frame).verdict == FAILS


def test_windows_follow_claims_md():
    assert final_periods(50) == (45, 50)
    assert early_periods(50) == (5, 10)
    frame = constructed_frame({("2", "x"): lambda r, t: float(t)}, replicates=2, years=50)
    assert window_mean(frame, "netarchical", "x", final_periods(50)).tolist() == [47.0, 47.0]
    assert window_mean(frame, "netarchical", "x", early_periods(50)).tolist() == [7.0, 7.0]


def test_effect_and_interval_are_reported_with_the_verdict():
    frame = constructed_frame({("2", "x"): lambda r, t: 1.0 + r, ("3", "x"): 0.0},
                              replicates=3, years=20)
    result = evaluate(Claim("X", "", [Part("p", final("2", "x"), ">", final("3", "x"))]),
                      frame)
    part = result.parts[0]
    assert part.effect.mean == pytest.approx(2.0)
    # t(0.975, 2) = 4.3027 (tables), sd of (1, 2, 3) = 1.
    assert part.effect.high - part.effect.mean == pytest.approx(4.3027 / math.sqrt(3), 1e-4)
    # 2 +- 2.48 straddles zero: with three replicates this difference is not yet decisive.
    assert result.verdict == INCONCLUSIVE
    table = claims_frame([result])
    assert table.loc[0, "effect"] == pytest.approx(2.0)
    assert table.loc[0, "n"] == 3


def test_interval_edge_cases():
    assert interval([]).n == 0 and math.isnan(interval([]).mean)
    one = interval([2.0])
    assert one.mean == 2.0 and math.isinf(one.low) and math.isinf(one.high)
    assert interval([1.0, np.nan, 3.0]).n == 2


def test_early_vs_final_within_one_regime():
    frame = constructed_frame({("1b", "y"): lambda r, t: 10.0 - 0.1 * t + 0.01 * r},
                              replicates=4, years=YEARS)
    rising = Claim("X", "", [Part("p", final("1b", "y"), ">", early("1b", "y"))])
    assert evaluate(rising, frame).verdict == FAILS


def test_a_tie_is_neither_held_nor_reversed():
    frame = constructed_frame({("2", "a"): 0.0, ("2", "b"): 0.0}, replicates=3, years=YEARS)
    result = evaluate(Claim("X", "", [Part("p", final("2", "a"), ">", final("2", "b"))]),
                      frame)
    assert result.verdict == INCONCLUSIVE
    assert "equal in every replicate" in result.parts[0].note
