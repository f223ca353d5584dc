"""Analyses on constructed data with known answers: Sobol, Morris, PRIM, Shapley, robustness."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commonsim import claims
from commonsim.experiments.analysis.attribution import attribution, shapley
from commonsim.experiments.analysis.discovery import prim_box
from commonsim.experiments.analysis.robustness import (
    horizons_note,
    robustness,
    share_interval,
)
from commonsim.experiments.analysis.sensitivity import morris_indices, sobol_indices
from commonsim.experiments.claim_parts import judged_horizons, part_outcomes
from commonsim.experiments.designs import morris, sobol, switches
from commonsim.experiments.spec import ParameterRange


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    return (np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2
            + b * x[:, 2] ** 4 * np.sin(x[:, 0]))


def test_sobol_indices_of_the_ishigami_function():
    ranges = {f"x{i}": ParameterRange(low=-math.pi, high=math.pi) for i in (1, 2, 3)}
    x = sobol(ranges, 1024, seed=1)
    table = sobol_indices(ranges, ishigami(x.to_numpy()), seed=1).set_index("parameter")
    # Analytic values (Ishigami & Homma 1990; a = 7, b = 0.1).
    expected_s1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
    expected_st = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}
    for name in ranges:
        assert table.loc[name, "S1"] == pytest.approx(expected_s1[name], abs=0.05)
        assert table.loc[name, "ST"] == pytest.approx(expected_st[name], abs=0.05)
        assert table.loc[name, "ST_conf"] > 0


def test_morris_ranks_a_linear_function_by_its_slopes():
    ranges = {n: ParameterRange(low=0.0, high=1.0) for n in ("big", "mid", "none", "small")}
    x = morris(ranges, 20, 4, seed=3)
    y = 10 * x["big"] + 3 * x["mid"] + 0.1 * x["small"]
    table = morris_indices(ranges, x.to_numpy(), y.to_numpy()).set_index("parameter")
    assert list(table["mu_star"].sort_values(ascending=False).index) == [
        "big", "mid", "small", "none"]
    assert table.loc["big", "mu_star"] == pytest.approx(10.0)
    assert table.loc["none", "mu_star"] == pytest.approx(0.0)
    assert table["sigma"].max() == pytest.approx(0.0, abs=1e-9)  # linear: no interaction


def test_sobol_refuses_missing_outputs():
    ranges = {"a": ParameterRange(low=0, high=1), "b": ParameterRange(low=0, high=1)}
    y = np.ones(16)
    y[3] = np.nan
    with pytest.raises(ValueError, match="1 of 16 outputs are missing"):
        sobol_indices(ranges, y)


def test_prim_finds_a_known_box():
    rng = np.random.default_rng(4)
    x = pd.DataFrame(rng.uniform(0, 1, size=(1500, 3)), columns=["a", "b", "c"])
    inside = ((x["a"] > 0.6) & (x["b"] < 0.3)).to_numpy()
    limits, stats = prim_box(x, inside, threshold=0.9)
    limits = limits.set_index("parameter")
    assert set(limits.index) == {"a", "b"}  # c is not restricted
    assert limits.loc["a", "min"] == pytest.approx(0.6, abs=0.05)
    assert limits.loc["b", "max"] == pytest.approx(0.3, abs=0.05)
    assert stats["density"] >= 0.9 and stats["coverage"] >= 0.8


def test_shapley_of_an_additive_game_is_each_term():
    players = ["a", "b", "c"]
    c = {"a": 2.0, "b": -0.5, "c": 1.5}
    games = switches(players)
    v = {frozenset(p for p in players if row[p]): sum(c[p] for p in players if row[p])
         for _, row in games.iterrows()}
    assert shapley(v, players) == pytest.approx(c)
    # An interaction between a and b is split equally between them.
    v2 = {s: x + (0.8 if {"a", "b"} <= s else 0.0) for s, x in v.items()}
    assert shapley(v2, players) == pytest.approx({"a": 2.4, "b": -0.1, "c": 1.5})


def test_attribution_table_shares_add_up_to_one():
    groups = ["labour", "state"]
    design = switches(groups)
    effects = pd.DataFrame({"point": design.index, "label": "M3.9#0",
                            "effect": 1.0 * design["labour"] + 3.0 * design["state"]})
    table = attribution(design, effects).set_index("group")
    assert table.loc["labour", "share"] == pytest.approx(0.25)
    assert table.loc["state", "share"] == pytest.approx(0.75)
    assert table["total"].iloc[0] == pytest.approx(4.0)


def test_robustness_share_and_interval():
    verdicts = ["holds"] * 9 + ["fails"]
    parts = pd.DataFrame({"point": range(10), "label": "M2.1#0", "claim": "M2.1",
                          "part_no": 0, "part": "commons grows", "emergent": True,
                          "verdict": verdicts, "horizons": "50"})
    row = robustness(parts).iloc[0]
    assert row["holds"] == pytest.approx(0.9) and row["fails"] == pytest.approx(0.1)
    assert bool(row["robust"]) and row["horizons"] == "50"
    assert "year 50 only" in horizons_note(robustness(parts))
    assert row["holds_low"] < 0.9 < row["holds_high"]
    # Points whose runs failed are counted apart, not as points where the part fails.
    unevaluated = pd.concat([parts, parts.iloc[:2].assign(point=[10, 11], verdict=claims.MISSING)])
    row = robustness(unevaluated).iloc[0]
    assert (row["points"], row["not_evaluated"]) == (10, 2)
    assert row["holds"] == pytest.approx(0.9) and bool(row["robust"])
    # All hold: the exact lower bound is (alpha / 2) ** (1 / n).
    assert share_interval(10, 10)[0] == pytest.approx(0.025 ** 0.1)


# -- the adapter to the claims harness (verdict rule v2) ---------------------------------


def commons_frame(years: int, collapse_at: int | None = None) -> pd.DataFrame:
    """Model 2's commons stock rising 10 a year (then falling to 10 from `collapse_at`),
    and no solidarity transfers, over three replicates."""
    rows = []
    for r in range(3):
        for t in range(years):
            stock = 100.0 + 10.0 * t + 0.5 * r * (t % 3)
            if collapse_at is not None and t >= collapse_at:
                stock = 10.0 + r
            rows += [("netarchical", r, t, "commons_stock", stock),
                     ("netarchical", r, t, "solidarity_transfers", 0.0)]
    return pd.DataFrame(rows, columns=["regime", "replicate", "period", "variable", "value"])


def test_adapter_takes_class_and_verdict_from_the_harness():
    table = part_outcomes(commons_frame(70)).set_index(["claim", "part_no"])
    for claim in claims.CLAIMS:  # the class of every part is the harness's declaration
        for i, part in enumerate(claim.parts):
            assert table.loc[(claim.id, i), "cls"] == part.cls
            assert table.loc[(claim.id, i), "emergent"] == (part.cls == claims.EMERGENT)
    grows, no_solidarity = table.loc[("M2.1", 0)], table.loc[("M2.5", 1)]
    assert (grows["cls"], grows["verdict"]) == ("E", claims.HOLDS)
    assert (no_solidarity["cls"], no_solidarity["verdict"]) == ("D", claims.HOLDS)
    assert table.loc[("M2.3", 0), "verdict"] == claims.MISSING  # 1a was not run
    # A 70-year batch reaches the claims list's year 50, not year 100: judged at 50 only.
    assert set(table["horizons"]) == {"50"}
    # Effect at year 50: final (years 45-49) minus early (5-9) of +10 a year = 400.
    assert grows["effect"] == pytest.approx(400.0, abs=1.0)
    assert grows["effect_low"] < grows["effect"] < grows["effect_high"]


def test_adapter_judges_both_horizons_when_the_runs_reach_them():
    assert judged_horizons(100) == judged_horizons(120) == (50, 100)
    assert judged_horizons(70) == (50,) and judged_horizons(12) == (12,)
    # The stock collapses in year 60: holds at 50, fails at 100, so transient over 100 years
    # (the harness's own rule), while the same runs cut at 70 years hold at year 50.
    long = part_outcomes(commons_frame(100, collapse_at=60)).set_index(["claim", "part_no"])
    assert long.loc[("M2.1", 0), "verdict"] == claims.TRANSIENT
    assert long.loc[("M2.1", 0), "horizons"] == "50, 100"
    short = part_outcomes(commons_frame(70, collapse_at=60)).set_index(["claim", "part_no"])
    assert short.loc[("M2.1", 0), "verdict"] == claims.HOLDS
