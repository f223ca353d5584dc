"""The claims harness (verdict rule version 2) on constructed data whose verdicts are known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commonsim.claims import (
    CLAIMS,
    DEFINITION,
    DEFINITIONAL,
    EMERGENT,
    FAILS,
    HOLDS,
    INCONCLUSIVE,
    MISSING,
    NEGLIGIBLE,
    SHARE,
    TRANSIENT,
    VERDICTS,
    Claim,
    Part,
    claims_frame,
    early,
    evaluate,
    evaluate_all,
    final,
    headline,
    horizons_of,
    run_claims,
)
from commonsim.report.synthetic import constructed_frame
from commonsim.stats import (
    difference,
    early_periods,
    final_periods,
    holm_levels,
    interval,
    window_mean,
)

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


def verdicts(values: dict, years: int = YEARS, **kw) -> dict[str, str]:
    frame = constructed_frame(values, replicates=3, years=years, **kw)
    return {r.id: r.verdict for r in run_claims(frame)}


def test_every_claim_of_claims_md_is_there_in_order():
    ids = [c.id for c in CLAIMS]
    expected = [f"M1.{i}" for i in range(1, 7)] + [f"M2.{i}" for i in range(1, 7)] + [
        f"M3.{i}" for i in range(1, 12)]
    assert ids == expected


def test_classes_follow_the_table_of_claims_md():
    """D/E per part in the table's order (model-1 claims: the same classes for 1a and 1b)."""
    table = {"M1.1": "DD", "M1.2": "EEE", "M1.3": "DD", "M1.4": "EE", "M1.5": "EE",
             "M1.6": "DEE", "M2.1": "E", "M2.2": "ED", "M2.3": "EE", "M2.4": "EE",
             "M2.5": "ED", "M2.6": "DE", "M3.11": "DEEE"}
    for claim in CLAIMS:
        got = "".join(p.cls for p in claim.parts)
        want = table.get(claim.id, "E" * len(claim.parts))
        if claim.id in ("M1.1", "M1.2", "M1.3", "M1.4"):
            want *= 2  # stated for 1a and for 1b
        assert got == want, claim.id
        assert all(p.class_reason == "" for p in claim.parts)  # no class argued otherwise


def test_constructed_world_makes_every_claim_hold():
    results = run_claims(constructed_frame(essay_world(), replicates=3, years=YEARS))
    got = {r.id: r.verdict for r in results}
    assert got["M1.1"] == got["M1.3"] == DEFINITIONAL  # no emergent part: listed, not counted
    assert {v for k, v in got.items() if k not in ("M1.1", "M1.3")} == {HOLDS}
    assert len(got) == 23
    counts = headline(results)
    assert counts[HOLDS] == sum(p.cls == EMERGENT for c in CLAIMS for p in c.parts)
    assert counts[DEFINITIONAL] == sum(p.cls == DEFINITION for c in CLAIMS for p in c.parts)


@pytest.mark.parametrize("change, claim", [
    ((("2", "precarious_share"), 0.01), "M2.3"),
    ((("1b", "wealth_gini"), 0.5), "M1.5"),
    ((("2", "fb_funding_capital"), 0.5), "M2.5"),
    ((("3", "coop_output_share"), lambda r, t: 0.45 - 0.001 * t), "M3.8"),
    ((("3", "gdp"), wobble(0.2)), "M3.4"),
])
def test_a_claim_that_must_fail_does_fail(change, claim):
    world = essay_world()
    key, value = change
    world[key] = value
    assert verdicts(world)[claim] == FAILS


def test_a_failing_definitional_part_shows_but_does_not_count():
    world = essay_world()
    world[("1a", "commons_stock")] = 3.0
    result = {r.id: r for r in run_claims(constructed_frame(world, replicates=3, years=YEARS))}
    assert result["M1.3"].verdict == DEFINITIONAL
    assert [p.verdict for p in result["M1.3"].parts][1] == FAILS


def one_part(left: str, relation: str, right: str | float, label="3", other="2", **kw
             ) -> Claim:
    rhs = final(other, right) if isinstance(right, str) else right
    return Claim("X", "", [Part("p", final(label, left), relation, rhs, **kw)])


def verdict_of(values: dict, claim: Claim, replicates: int = 6, years: int = 100,
               **kw) -> str:
    frame = constructed_frame(values, replicates=replicates, years=years, **kw)
    return evaluate(claim, frame).parts[0].verdict


def test_the_harness_gives_every_verdict_class():
    claim = one_part("x", ">", "x", scale=SHARE)
    seen = {
        HOLDS: verdict_of({("3", "x"): lambda r, t: 0.5 + 0.001 * r, ("2", "x"): 0.4}, claim),
        FAILS: verdict_of({("3", "x"): lambda r, t: 0.3 + 0.001 * r, ("2", "x"): 0.4}, claim),
        # 0.004 above, precisely: real but below the 0.01 floor for a share.
        NEGLIGIBLE: verdict_of({("3", "x"): lambda r, t: 0.404 + 0.0001 * r,
                                ("2", "x"): 0.4}, claim),
        INCONCLUSIVE: verdict_of({("3", "x"): 0.4, ("2", "x"): 0.4}, claim, noise=0.05,
                                 seed=1),
        # Above at year 50, below by year 100 (same runs).
        TRANSIENT: verdict_of({("3", "x"): lambda r, t: (0.6 if t < 50 else 0.2) + 0.001 * r,
                               ("2", "x"): 0.4}, claim),
    }
    assert seen == {v: v for v in seen}
    assert set(seen) | {MISSING} == set(VERDICTS)


def test_transient_reports_both_horizons():
    frame = constructed_frame({("3", "x"): lambda r, t: (0.6 if t < 50 else 0.2) + 0.001 * r,
                               ("2", "x"): 0.4}, replicates=4, years=100)
    part = evaluate(one_part("x", ">", "x", scale=SHARE), frame).parts[0]
    assert horizons_of(100) == (50, 100)
    assert part.at[50].verdict == HOLDS and part.at[100].verdict == FAILS
    assert part.at[50].effect.mean == pytest.approx(0.2 + 0.0015)  # mean of r/1000, r<4
    assert part.at[100].effect.mean == pytest.approx(-0.2 + 0.0015)
    # Holding only at the end is not holding either.
    late = constructed_frame({("3", "x"): lambda r, t: (0.2 if t < 50 else 0.6) + 0.001 * r,
                              ("2", "x"): 0.4}, replicates=4, years=100)
    assert evaluate(one_part("x", ">", "x", scale=SHARE), late).parts[0].verdict == (
        INCONCLUSIVE)


def test_floors_shares_levels_and_stated():
    share = one_part("x", ">", "x", scale=SHARE)
    level = one_part("x", ">", "x")
    data = {("3", "x"): lambda r, t: 100.0 + 3.0 + 0.01 * r, ("2", "x"): 100.0}
    # 3% above: beyond 0.01 as a share, within 5% of the larger side as a level.
    assert verdict_of(data, share) == HOLDS
    assert verdict_of(data, level) == NEGLIGIBLE
    part = evaluate(level, constructed_frame(data, replicates=4, years=100)).parts[0]
    assert part.at[100].floor == pytest.approx(0.05 * 103.015)
    stated = one_part("x", ">", "x", floor=5.0, floor_reason="test")
    assert verdict_of(data, stated) == NEGLIGIBLE
    assert stated.parts[0].floor_text() == "5 (test)"
    smaller = one_part("x", ">", "x", floor=1.0, floor_reason="test")
    assert verdict_of(data, smaller) == HOLDS


def test_holm_on_a_known_example():
    # Sorted p: 0.005 <= 0.05/4, 0.01 <= 0.05/3, 0.03 > 0.05/2: stop; 0.04 not rejected.
    levels, adjusted = holm_levels([0.01, 0.04, 0.03, 0.005])
    assert levels == pytest.approx([0.05 / 3, 0.05 / 2, 0.05 / 2, 0.05 / 4])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    rejected = [p <= lv for p, lv in zip([0.01, 0.04, 0.03, 0.005], levels, strict=True)]
    assert rejected == [True, False, False, True]
    assert rejected == [a <= 0.05 for a in adjusted]


def test_holm_widens_intervals_in_a_family():
    """A part that holds on its own can be inconclusive among many emergent parts."""
    values = {("3", "x"): lambda r, t: 0.5 + (0.03 if r % 2 else -0.01) + 0.002 * r,
              ("2", "x"): 0.49}
    frame = constructed_frame(values, replicates=6, years=100)
    alone = evaluate(one_part("x", ">", "x", scale=SHARE), frame).parts[0]
    assert alone.verdict == HOLDS and alone.at[100].confidence == pytest.approx(0.95)
    noise = [Claim(f"N{i}", "", [Part("n", final("3", f"z{i}"), ">", 0.0, scale=SHARE)])
             for i in range(20)]
    for i in range(20):
        values[("3", f"z{i}")] = 1.0
    frame = constructed_frame(values, replicates=6, years=100, seed=2)
    crowd = evaluate_all(frame, claims=[one_part("x", ">", "x", scale=SHARE), *noise])
    part = crowd[0].parts[0]
    assert part.at[100].confidence == pytest.approx(1 - 0.05 / 1)  # largest p: last step
    # Twenty exact parts come first; this one is judged at the last Holm step, alone...
    assert part.verdict == HOLDS
    # ...but with twenty noisy parts beside it, it must pass at 0.05/21 and does not.
    for i in range(20):
        values[("3", f"z{i}")] = 0.0
    noisy = constructed_frame(values, replicates=6, years=100, noise=0.001, seed=2)
    crowd = evaluate_all(noisy, claims=[one_part("x", ">", "x", scale=SHARE), *noise])
    assert crowd[0].parts[0].at[100].confidence > 0.95
    assert crowd[0].parts[0].at[100].effect.low < alone.at[100].effect.low


def test_paired_when_seeds_match_welch_otherwise():
    a = pd.Series([1.0, 2.0, 3.0, 4.0])
    b = pd.Series([0.5, 1.5, 2.5, 3.5])
    paired = difference(a, b)
    assert paired.paired and paired.mean == pytest.approx(0.5) and paired.se == 0
    apart = difference(a, pd.Series([0.5, 1.5, 2.5, 3.5], index=[10, 11, 12, 13]))
    assert not apart.paired and apart.mean == pytest.approx(0.5)
    assert apart.se == pytest.approx(math.sqrt(2 * np.var([1, 2, 3, 4], ddof=1) / 4))


def bounded(debt, horizon: int | None = None) -> str:
    world = essay_world()
    world[("3", "state_debt_to_gdp")] = debt
    result = {r.id: r for r in run_claims(constructed_frame(world, replicates=3, years=100))}
    part = result["M3.11"].parts[-1]
    return part.verdict if horizon is None else part.at[horizon].verdict


def test_debt_bounded_is_the_new_definition():
    # Deficits that make debt climb 0.02 a year: the trend bound fails.
    assert bounded(lambda r, t: 0.5 + 0.02 * t + 0.001 * r) == FAILS
    # Slow rise (0.004/yr), value at 100 well under 1.5 x year 50: bounded.
    assert bounded(lambda r, t: 0.9 + 0.004 * t + 0.001 * r) == HOLDS
    # Flat late trend but nearly quadrupled from year 50 to 80 and above 1: not bounded.
    def rise(scale: float):
        return lambda r, t: scale * math.exp(0.045 * (min(max(t, 50), 80) - 50)) + 0.001 * r
    assert bounded(rise(0.5), 100) == FAILS
    assert bounded(rise(0.5)) == TRANSIENT  # flat, hence bounded, up to year 50
    # The same rise ending below 1: bounded ("or below 1").
    assert bounded(rise(0.2)) == HOLDS
    # Rising but slowing towards a ceiling: bounded.
    assert bounded(lambda r, t: 2.0 - 1.5 * math.exp(-0.1 * t)) == HOLDS


def test_debt_part_reports_the_fiscal_figures():
    world = essay_world()
    world.update({("3", "state_balance_to_gdp"): -0.02, ("3", "public_services_per_head"): 1.0,
                  ("3", "households"): 100.0, ("3", "services_per_tax"): 0.5,
                  ("3", "gdp"): 1000.0})
    result = {r.id: r for r in run_claims(constructed_frame(world, replicates=3, years=100))}
    note = result["M3.11"].parts[-1].last.note
    assert "state balance/GDP at final -0.020" in note
    assert "tax revenue/GDP 0.200" in note  # 100 x 1 / 0.5 / 1000
    assert "statutory rates income" in note


def test_noise_without_signal_is_inconclusive():
    frame = constructed_frame({("2", "waste"): 0.05, ("3", "waste"): 0.05}, replicates=8,
                              years=YEARS, noise=0.05, seed=3)
    claim = Claim("X", "waste 3 < 2", [Part("w", final("3", "waste"), "<",
                                             final("2", "waste"), scale=SHARE)])
    assert evaluate(claim, frame).verdict == INCONCLUSIVE


def test_missing_metric_or_regime_is_named():
    frame = constructed_frame({("2", "waste"): 0.05}, replicates=3, years=YEARS)
    by_metric = evaluate(Claim("X", "", [Part("p", final("2", "nonexistent"), ">", 0.0)]),
                         frame)
    assert by_metric.verdict == MISSING
    assert "nonexistent" in by_metric.parts[0].last.note
    by_regime = evaluate(Claim("X", "", [Part("p", final("3", "waste"), "<",
                                              final("2", "waste"))]), frame)
    assert by_regime.verdict == MISSING
    assert "commons-partner-state" in by_regime.parts[0].last.note


def test_a_failing_part_decides_even_when_another_is_missing():
    frame = constructed_frame({("2", "waste"): 0.05, ("3", "waste"): 0.1}, replicates=3,
                              years=YEARS)
    claim = Claim("X", "", [Part("a", final("3", "waste"), "<", final("2", "waste"),
                                 scale=SHARE),
                            Part("b", final("3", "absent"), ">", 0.0)])
    assert evaluate(claim, frame).verdict == FAILS


def test_windows_follow_claims_md():
    assert final_periods(50) == (45, 50) and final_periods(100) == (95, 100)
    assert early_periods(50) == (5, 10)
    frame = constructed_frame({("2", "x"): lambda r, t: float(t)}, replicates=2, years=50)
    assert window_mean(frame, "netarchical", "x", final_periods(50)).tolist() == [47.0, 47.0]
    assert window_mean(frame, "netarchical", "x", early_periods(50)).tolist() == [7.0, 7.0]
    # At the year-50 horizon of a 100-year run, final is years 45-49 of the same runs.
    long = constructed_frame({("2", "x"): lambda r, t: float(t), ("3", "x"): 0.0},
                             replicates=2, years=100)
    part = evaluate(Claim("X", "", [Part("p", final("2", "x"), ">", final("3", "x"))]),
                    long).parts[0]
    assert part.at[50].left.mean == 47.0 and part.at[100].left.mean == 97.0


def test_effect_and_interval_are_reported_with_the_verdict():
    frame = constructed_frame({("2", "x"): lambda r, t: 1.0 + r, ("3", "x"): 0.0},
                              replicates=3, years=20)
    result = evaluate(Claim("X", "", [Part("p", final("2", "x"), ">", final("3", "x"))]),
                      frame)
    part = result.parts[0]
    assert part.effect.mean == pytest.approx(2.0)
    # One emergent part: Holm leaves 95%. t(0.975, 2) = 4.3027 (tables), sd of (1, 2, 3) = 1.
    assert part.effect.high - part.effect.mean == pytest.approx(4.3027 / math.sqrt(3), 1e-4)
    # 2 +- 2.48 straddles zero: with three replicates this difference is not yet decisive.
    assert result.verdict == INCONCLUSIVE
    table = claims_frame([result])
    assert table.loc[0, "effect_20"] == pytest.approx(2.0)
    assert table.loc[0, "n"] == 3 and table.loc[0, "class"] == EMERGENT
    assert "5%" in table.loc[0, "floor_rule"]


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


def test_a_tie_is_negligible_not_held():
    frame = constructed_frame({("2", "a"): 0.0, ("2", "b"): 0.0}, replicates=3, years=YEARS)
    result = evaluate(Claim("X", "", [Part("p", final("2", "a"), ">", final("2", "b"),
                                           scale=SHARE)]), frame)
    assert result.verdict == NEGLIGIBLE


def test_claims_doc_is_current():
    """docs/claims.md is what its data files and today's harness give (regenerate if not)."""
    from pathlib import Path

    from commonsim.report.claims_doc import load_all, render

    docs = Path(__file__).resolve().parents[1] / "docs"
    inputs = load_all(docs)
    assert inputs["meta"]["batch"].startswith("compare-")
    assert inputs["frame"]["replicate"].nunique() == 20
    assert render(**inputs) == (docs / "claims.md").read_text(encoding="utf-8"), (
        "docs/claims.md is stale: run python -m commonsim.report.claims_doc")


def test_every_moved_claim_has_a_written_reason_and_no_other():
    """claims-changes.toml explains exactly the claims whose verdicts moved."""
    from pathlib import Path

    from commonsim.report.claims_doc import changed_claims, load_all, rows_and_claims

    docs = Path(__file__).resolve().parents[1] / "docs"
    inputs = load_all(docs)
    if inputs["previous"] is None:
        assert inputs["reasons"] == {}
        return
    rows = rows_and_claims(inputs["frame"], inputs["previous"])[0]
    assert set(changed_claims(rows)) == set(inputs["reasons"])
    assert all(len(reason) > 20 for reason in inputs["reasons"].values())


def test_claims_doc_shows_a_moved_verdict_with_its_reason():
    """A part that held before and fails now is listed as moved, with the written reason."""
    from commonsim.report.claims_doc import NO_REASON, changed_claims, render, rows_and_claims

    before = constructed_frame(essay_world(), replicates=3, years=YEARS)
    world = essay_world()
    world[("2", "precarious_share")] = 0.01
    now = constructed_frame(world, replicates=3, years=YEARS)
    rows = rows_and_claims(now, before)[0]
    moved = changed_claims(rows)
    assert moved == ["M2.3", "M3.5"]  # both compare model 2's precarious share
    meta = {"batch": "compare-x", "code_version": "new", "created": "today",
            "households": "10"}
    text = render(now, meta, before, {**meta, "code_version": "old"},
                  {"M2.3": "because", "M3.5": "too"})
    assert "- **M2.3**: because" in text and "- **M3.5**: too" in text
    assert NO_REASON not in text and NO_REASON in render(now, meta, before, meta, {})
