"""Designs: the table of points an experiment runs, one row per point, one column per factor.

Sampling is SALib's (Latin hypercube, Saltelli/Sobol', Morris trajectories); a full
factorial is the product of declared levels; a *switches* design is every combination of
switching a regime's institution groups on, from its neighbouring regime. Each function is
pure: the same spec gives the same table, so a design can be recomputed and checked.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from commonsim.api import flat_parameters
from commonsim.experiments.spec import ExperimentSpec, ParameterRange, varied
from commonsim.params import field_info
from commonsim.regimes import load_regime

#: SALib's names of the distributions an experiment file may ask for.
_SALIB_DISTS = {"uniform": "unif", "triangular": "triang", "normal": "norm",
                "lognormal": "lognorm"}


def salib_problem(ranges: dict[str, ParameterRange]) -> dict[str, Any]:
    """SALib's problem dictionary for ranged parameters (names, bounds, distributions)."""
    bounds, dists = [], []
    for r in ranges.values():
        if r.distribution == "uniform":
            bounds.append([r.low, r.high])
        elif r.distribution == "triangular":
            assert r.low is not None and r.high is not None and r.centre is not None
            bounds.append([r.low, r.high, (r.centre - r.low) / (r.high - r.low)])
        else:
            bounds.append([r.centre, r.sd])
        dists.append(_SALIB_DISTS[r.distribution])
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": bounds, "dists": dists}


def _as_declared_types(frame: pd.DataFrame) -> pd.DataFrame:
    """Round sampled values of integer parameters (e.g. a mortgage term in years)."""
    for key in frame.columns:
        cls, name = field_info(key)
        if cls.model_fields[name].annotation is int:
            frame[key] = np.rint(frame[key]).astype("int64")
    return frame


def factorial(ranges: dict[str, ParameterRange]) -> pd.DataFrame:
    """Every combination of every parameter's levels."""
    levels = [r.levels or [] for r in ranges.values()]
    return pd.DataFrame(list(itertools.product(*levels)), columns=list(ranges))


def latin(ranges: dict[str, ParameterRange], samples: int, seed: int) -> pd.DataFrame:
    """A Latin hypercube of `samples` points (SALib)."""
    from SALib.sample import latin as salib_latin

    x = salib_latin.sample(salib_problem(ranges), samples, seed=seed)
    return pd.DataFrame(x, columns=list(ranges))


def sobol(ranges: dict[str, ParameterRange], samples: int, seed: int,
          second_order: bool = False) -> pd.DataFrame:
    """Saltelli's extension of a Sobol' sequence: N x (D + 2) points (2D + 2 with pairs)."""
    from SALib.sample import sobol as salib_sobol

    x = salib_sobol.sample(salib_problem(ranges), samples, calc_second_order=second_order,
                           seed=seed)
    return pd.DataFrame(x, columns=list(ranges))


def morris(ranges: dict[str, ParameterRange], trajectories: int, levels: int,
           seed: int) -> pd.DataFrame:
    """Morris elementary-effect trajectories: trajectories x (D + 1) points."""
    from SALib.sample import morris as salib_morris

    problem = salib_problem(ranges)
    problem.pop("dists")
    x = salib_morris.sample(problem, trajectories, num_levels=levels, seed=seed)
    return pd.DataFrame(x, columns=list(ranges))


def switch_groups(spec: ExperimentSpec) -> dict[str, dict[str, Any]]:
    """Institution groups of a switches design, each with the target regime's values.

    A group is the set of parameters whose values differ between the two regimes; by
    default one group per parameter section (labour, state, commons ...).
    """
    assert spec.design.base is not None and spec.design.target is not None
    base = flat_parameters(load_regime(spec.design.base))
    target = flat_parameters(load_regime(spec.design.target))
    differ = {k: v for k, v in target.items() if base[k] != v}
    declared = spec.design.groups
    if declared is None:
        declared = {}
        for key in differ:
            declared.setdefault(key.partition(".")[0], []).append(key)
    return {name: {k: target[k] for k in keys if k in differ}
            for name, keys in declared.items()}


def switches(groups: list[str]) -> pd.DataFrame:
    """Every on/off combination of the groups (2^k rows of 0/1), all-off first."""
    rows = list(itertools.product((0, 1), repeat=len(groups)))
    rows.sort(key=lambda r: (sum(r), r))
    return pd.DataFrame(rows, columns=groups, dtype="int64")


def design_points(spec: ExperimentSpec) -> pd.DataFrame:
    """The experiment's design: index `point` (0..n-1), one column per factor."""
    d = spec.design
    if d.kind == "switches":
        frame = switches(list(switch_groups(spec)))
    else:
        ranges = varied(spec)
        if d.kind == "factorial":
            frame = factorial(ranges)
        elif d.kind == "latin":
            frame = latin(ranges, d.samples, d.seed)
        elif d.kind == "sobol":
            frame = sobol(ranges, d.samples, d.seed, d.second_order)
        else:
            frame = morris(ranges, d.samples, d.levels, d.seed)
        frame = _as_declared_types(frame)
    frame.index = pd.RangeIndex(len(frame), name="point")
    return frame
