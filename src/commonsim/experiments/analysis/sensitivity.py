"""Global sensitivity: Sobol' first-order and total indices, Morris mu* and sigma (SALib).

Each function takes the design (X, one column per parameter, in the design's order) and
one output per point (Y), and returns one row per parameter with the indices and their
confidence intervals (SALib's bootstrap, 95%).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commonsim.experiments.designs import salib_problem
from commonsim.experiments.spec import ParameterRange

SOBOL_COLUMNS = ("parameter", "S1", "S1_conf", "ST", "ST_conf")
MORRIS_COLUMNS = ("parameter", "mu_star", "mu_star_conf", "sigma", "mu")


def sobol_indices(ranges: dict[str, ParameterRange], y: np.ndarray,
                  second_order: bool = False, seed: int = 0) -> pd.DataFrame:
    """Sobol' S1 and ST with 95% intervals for outputs `y` of a Saltelli design.

    Raises ValueError when `y` has missing values (a failed run leaves a hole the
    estimator cannot skip): the caller reports the output as not analysable.
    """
    from SALib.analyze import sobol

    y = np.asarray(y, dtype=float)
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{int((~np.isfinite(y)).sum())} of {y.size} outputs are missing")
    res = sobol.analyze(salib_problem(ranges), y, calc_second_order=second_order,
                        seed=seed)
    return pd.DataFrame({"parameter": list(ranges), "S1": res["S1"],
                         "S1_conf": res["S1_conf"], "ST": res["ST"],
                         "ST_conf": res["ST_conf"]}, columns=list(SOBOL_COLUMNS))


def morris_indices(ranges: dict[str, ParameterRange], x: np.ndarray, y: np.ndarray,
                   levels: int = 4, seed: int = 0) -> pd.DataFrame:
    """Morris mu* (mean absolute elementary effect), its 95% interval, sigma and mu."""
    from SALib.analyze import morris

    y = np.asarray(y, dtype=float)
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{int((~np.isfinite(y)).sum())} of {y.size} outputs are missing")
    problem = salib_problem(ranges)
    problem.pop("dists")
    res = morris.analyze(problem, np.asarray(x, dtype=float), y, num_levels=levels,
                         seed=seed)
    return pd.DataFrame({"parameter": list(ranges), "mu_star": res["mu_star"],
                         "mu_star_conf": res["mu_star_conf"], "sigma": res["sigma"],
                         "mu": res["mu"]}, columns=list(MORRIS_COLUMNS))
