"""Scenario discovery: PRIM boxes of the parameter region where a claim part fails.

PRIM (Friedman & Fisher 1999, as in the EMA Workbench) peels the parameter space down to a
box with a high density of cases of interest -- here, the points where the part does not
hold. The box's limits say which parameter ranges make the claim fail; coverage is the
share of all such points inside the box, density the share of points in the box that are
such points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def prim_box(x: pd.DataFrame, interesting: np.ndarray, threshold: float = 0.8,
             mass_min: float = 0.05) -> tuple[pd.DataFrame, dict[str, float]]:
    """The first PRIM box: restricted parameters' limits, and coverage, density and mass.

    Args:
        x: parameters, one row per point.
        interesting: True at the points of interest (e.g. the part fails there).
        threshold: density the box should reach (PRIM picks the last box on its peeling
            trajectory meeting it, or the densest).
        mass_min: smallest share of the points a box may hold.

    Returns:
        (limits: one row per restricted parameter with min and max, stats)
    """
    import prim

    y = np.asarray(interesting, dtype=bool)
    if y.sum() == 0:
        raise ValueError("no point of interest: nothing to find a box for")
    finder = prim.Prim(x.reset_index(drop=True).astype(float), y, threshold=0.5,
                       threshold_type=">", mass_min=mass_min)
    box = finder.find_box()
    trajectory = box.peeling_trajectory
    meets = trajectory.index[trajectory["density"] >= threshold]
    chosen = int(meets[-1]) if len(meets) else int(trajectory["density"].idxmax())
    box.select(chosen)
    limits = box.limits[["min", "max"]].copy()
    limits.index.name = "parameter"
    stats = {k: float(trajectory.loc[chosen, k]) for k in ("coverage", "density", "mass")}
    return limits.reset_index(), stats
