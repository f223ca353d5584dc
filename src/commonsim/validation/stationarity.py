"""Stationarity under fixed institutions: the 1a and 1b baselines do not drift for centuries.

A baseline whose institutions never change should settle: after a start-up of
:data:`WINDOW` ``.start`` years its unemployment, distribution, factor shares and debt
ratios may move in cycles but not trend. The check runs each preset with
:data:`HOUSEHOLDS` households for :data:`YEARS` years and fits a least-squares line to each
series over the window; the trend is the line's rise over the whole window. It passes when
that rise is smaller than a bound stated before running: the width of the series'
calibration range (``commonsim.calibration.TARGETS``), that is, a drift that would carry the
series from one end of its real range to the other over 150 years fails. Runs start from
the common opening (a spin-up under 1b's institutions, ``commonsim.spinup``), so the window
measures the regime's own path, not the filling-up after an arbitrary start.
"""

from __future__ import annotations

import numpy as np

from commonsim.api import simulate
from commonsim.metrics import METRICS
from commonsim.validation.rows import CheckRow, bound, failed

HOUSEHOLDS = 2_000
YEARS = 200
#: Years over which trends are measured (after start-up).
WINDOW = slice(50, YEARS)
PRESETS = ("proprietary-balanced", "proprietary-weak-labour")
SEED = 1
#: The runs start from the common opening (commonsim/spinup.py), spun up this many years.
SPINUP_YEARS = 150

#: Series checked, and the largest rise (either way) over the window: the width of the
#: calibration range of the same metric (labour share's range also bounds the profit share).
BOUNDS: dict[str, float] = {
    "unemployment": 0.09 - 0.04,
    "income_gini": 0.65 - 0.45,
    "wealth_gini": 0.85 - 0.68,
    "labour_share": 0.63 - 0.56,
    "profit_share": 0.63 - 0.56,
    "household_debt_to_income": 2.4 - 1.0,
    "state_debt_to_gdp": 1.2 - 0.6,
}
#: Inflation joins once the engine reports it: the width of its target range, 1.5-3.5%.
if "inflation" in METRICS:
    BOUNDS["inflation"] = 0.035 - 0.015


def trend(values: np.ndarray) -> float:
    """Rise of the least-squares line through `values` over their whole span."""
    y = np.asarray(values, dtype=float)
    if y.size < 2 or not np.isfinite(y).all():
        return float("nan")
    x = np.arange(y.size, dtype=float)
    slope = np.polyfit(x, y, 1)[0]
    return float(slope * (y.size - 1))


def check_stationarity(households: int = HOUSEHOLDS, years: int = YEARS,
                       presets: tuple[str, ...] = PRESETS, seed: int = SEED,
                       spinup_years: int = SPINUP_YEARS) -> list[CheckRow]:
    """One row per preset and series: |trend over the window| at most the bound."""
    rows = []
    window = slice(WINDOW.start, years)
    for preset in presets:
        group = f"Stationarity {preset}"
        try:
            metrics = simulate(preset, households=households, years=years, seed=seed,
                               overrides={"engine.spinup_years": spinup_years},
                               keep_matrices=False).metrics
        except Exception as err:  # a failed run is a failed check, not a skip
            rows += [failed(group, f"{name} trend, years {window.start}-{years - 1}", limit,
                            0.0, f"run failed: {err}") for name, limit in BOUNDS.items()]
            continue
        for name, limit in BOUNDS.items():
            rise = trend(metrics[name].to_numpy()[window])
            rows.append(bound(group, f"|{name} trend|, years {window.start}-{years - 1}",
                              "at most", limit, abs(rise),
                              note=f"rise {rise:+.3f} over the window"))
    return rows
