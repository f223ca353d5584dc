"""Constructed comparison frames whose verdicts are known, for testing the claims harness."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from commonsim.claims import REGIMES

Value = float | Callable[[int, int], float]


def constructed_frame(values: Mapping[tuple[str, str], Value], replicates: int = 5,
                      years: int = 20, noise: float = 0.0, seed: int = 0,
                      regimes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A long frame with ``values[(label, variable)]`` per replicate and period.

    A value is a constant or a function ``f(replicate, period)``; labels are 1a, 1b, 2, 3
    (or regime names); Gaussian noise of sd `noise` is added when asked (seeded).
    """
    names = dict(regimes or REGIMES)
    rng = np.random.default_rng(seed)
    rows = []
    for (label, variable), value in values.items():
        regime = names.get(label, label)
        for r in range(replicates):
            for t in range(years):
                v = value(r, t) if callable(value) else float(value)
                if noise:
                    v += float(rng.normal(0.0, noise))
                rows.append((regime, r, t, variable, v))
    return pd.DataFrame(rows, columns=["regime", "replicate", "period", "variable", "value"])
