"""Attribution: how much of a claim part's effect each institution accounts for.

A *switches* design runs the target regime rebuilt from its neighbouring regime with every
combination of its institution groups switched on. With v(S) the part's effect when the
groups S are on, the Shapley value of group i averages its marginal contribution
v(S + i) - v(S) over all orders of switching; the values add up to v(all) - v(none), and
an institution's share is its value over that total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import combinations

import pandas as pd


def shapley(values: Mapping[frozenset[str], float], players: list[str]) -> dict[str, float]:
    """Exact Shapley values of a game given on every coalition of `players`."""
    n = len(players)
    out = {}
    for p in players:
        others = [q for q in players if q != p]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for combo in _subsets(others, size):
                s = frozenset(combo)
                total += weight * (values[s | {p}] - values[s])
        out[p] = total
    return out


def _subsets(items: list[str], size: int) -> list[tuple[str, ...]]:
    return list(combinations(items, size))


def attribution(design: pd.DataFrame, effects: pd.DataFrame) -> pd.DataFrame:
    """Shapley value and share of each institution group, per claim part.

    Args:
        design: the switches design (index point, one 0/1 column per group).
        effects: per point and part, the mean effect (columns point, label, effect).

    Returns:
        One row per (part, group): value, share of the total change, and the total
        v(all) - v(none).
    """
    groups = list(design.columns)
    coalition = {int(p): frozenset(g for g in groups if row[g]) for p, row in design.iterrows()}
    rows = []
    for label, g in effects.groupby("label", sort=False):
        v = {coalition[int(p)]: float(e) for p, e in zip(g["point"], g["effect"], strict=True)}
        if len(v) < 2 ** len(groups) or any(math.isnan(x) for x in v.values()):
            continue
        phi = shapley(v, groups)
        total = v[frozenset(groups)] - v[frozenset()]
        for group, value in phi.items():
            rows.append({"label": label, "group": group, "value": value,
                         "share": value / total if total else float("nan"),
                         "total": total})
    return pd.DataFrame(rows, columns=["label", "group", "value", "share", "total"])
