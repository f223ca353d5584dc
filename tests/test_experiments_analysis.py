"""Analyses on constructed data with known answers: Sobol, Morris, PRIM, Shapley, robustness."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from commonsim.experiments.analysis.attribution import attribution, shapley
from commonsim.experiments.analysis.discovery import prim_box
from commonsim.experiments.analysis.robustness import robustness, share_interval
from commonsim.experiments.analysis.sensitivity import morris_indices, sobol_indices
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
                          "verdict": verdicts})
    row = robustness(parts).iloc[0]
    assert row["holds"] == pytest.approx(0.9) and row["fails"] == pytest.approx(0.1)
    assert bool(row["robust"])
    assert row["holds_low"] < 0.9 < row["holds_high"]
    # All hold: the exact lower bound is (alpha / 2) ** (1 / n).
    assert share_interval(10, 10)[0] == pytest.approx(0.025 ** 0.1)
