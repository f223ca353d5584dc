"""Windows, intervals and trends over replicates: the statistics every table and claim uses.

The input is always the tidy long frame of a comparison, with columns ``regime``,
``replicate``, ``period``, ``variable`` and ``value``. "Final" is the mean of the last five
periods of the horizon and "early" the mean of periods 5-9 (the sixth to tenth year, after
start-up), as the essay's claims define them; an interval is Student's t over replicates,
so it says how sure we are of a mean, not how spread the runs are. Differences between two
sides are paired when both sides come from the same seeds (common random numbers) and
Welch's otherwise; :func:`holm_levels` spreads a family-wise error rate over many tests.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sps

COLUMNS = ("regime", "replicate", "period", "variable", "value")
FINAL_YEARS = 5
EARLY = (5, 10)  # periods 5..9


@dataclass(frozen=True)
class Interval:
    """A mean over replicates with its 95% confidence interval (NaN when undefined)."""

    mean: float
    low: float
    high: float
    n: int

    def excludes_zero(self) -> bool:
        """The interval lies wholly above or below zero."""
        return self.low > 0 or self.high < 0

    def format(self, digits: int = 3) -> str:
        """The mean and interval as text."""
        if self.n == 0 or math.isnan(self.mean):
            return "n/a"
        return f"{_num(self.mean, digits)} [{_num(self.low, digits)}, {_num(self.high, digits)}]"


def _num(x: float, digits: int) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.{digits}g}"


def interval(values: pd.Series | np.ndarray, level: float = 0.95) -> Interval:
    """Mean and t-interval of `values`; NaNs are dropped; one value gives an open interval."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0)
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, float("-inf"), float("inf"), 1)
    sd = float(x.std(ddof=1))
    half = float(sps.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


@dataclass(frozen=True)
class Estimate:
    """A mean (or a difference of means) with its standard error and degrees of freedom.

    ``paired`` says whether a difference was taken replicate by replicate (the same seeds on
    both sides) or between independent samples (Welch).
    """

    mean: float
    se: float
    df: float
    n: int
    paired: bool = True

    def interval(self, level: float = 0.95) -> Interval:
        """The two-sided t-interval at confidence `level` (open when undefined)."""
        if self.n == 0 or math.isnan(self.mean):
            return Interval(float("nan"), float("nan"), float("nan"), self.n)
        if not (self.df > 0) or math.isnan(self.se):
            return Interval(self.mean, float("-inf"), float("inf"), self.n)
        half = float(sps.t.ppf(0.5 + level / 2, self.df)) * self.se
        return Interval(self.mean, self.mean - half, self.mean + half, self.n)

    def p_value(self) -> float:
        """Two-sided p-value of "the mean is zero" (1 when undefined, 0 when exact)."""
        if self.n == 0 or math.isnan(self.mean) or not (self.df > 0):
            return 1.0
        if self.se == 0:
            return 0.0 if self.mean != 0 else 1.0
        return float(2 * sps.t.sf(abs(self.mean) / self.se, self.df))


def _finite(values: pd.Series | np.ndarray) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[np.isfinite(x)]


def estimate(values: pd.Series | np.ndarray) -> Estimate:
    """Mean of `values` over replicates with its standard error (NaNs dropped)."""
    x = _finite(values)
    n = int(x.size)
    if n == 0:
        return Estimate(float("nan"), float("nan"), 0.0, 0)
    if n == 1:
        return Estimate(float(x[0]), float("nan"), 0.0, 1)
    return Estimate(float(x.mean()), float(x.std(ddof=1)) / math.sqrt(n), float(n - 1), n)


def difference(left: pd.Series, right: pd.Series) -> Estimate:
    """Mean of left - right over replicates.

    Paired (seed by seed) when both sides hold the same replicates, as a comparison that
    runs every regime on the same seeds does; Welch's two-sample estimate otherwise.
    """
    paired = set(left.index) == set(right.index)
    left = left.replace([np.inf, -np.inf], np.nan).dropna()
    right = right.replace([np.inf, -np.inf], np.nan).dropna()
    if paired:
        both = left.index.intersection(right.index)
        return estimate((left[both] - right[both]).to_numpy(float))
    a, b = estimate(left), estimate(right)
    n = min(a.n, b.n)
    if a.n < 2 or b.n < 2:
        return Estimate(a.mean - b.mean, float("nan"), 0.0, n, paired=False)
    va, vb = a.se ** 2, b.se ** 2
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1)) if se > 0 else float(
        a.n + b.n - 2)
    return Estimate(a.mean - b.mean, se, df, n, paired=False)


def holm_levels(p_values: list[float], alpha: float = 0.05) -> tuple[list[float], list[float]]:
    """Holm-Bonferroni: each test's error level and its adjusted p-value.

    Tests are taken in order of their p-values; the k-th smallest of m is judged at
    alpha / (m - k + 1), and once one test is not rejected every later test is judged at
    that same level (the step-down stops). An interval at confidence 1 - level then
    excludes zero exactly when Holm rejects, so the family-wise error rate is `alpha`.
    """
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    levels, adjusted = [0.0] * m, [0.0] * m
    running, stopped = 0.0, None
    for k, i in enumerate(order):
        level = alpha / (m - k)
        running = max(running, min(1.0, (m - k) * p_values[i]))
        adjusted[i] = running
        if stopped is None and p_values[i] > level:
            stopped = level
        levels[i] = stopped if stopped is not None else level
    return levels, adjusted


def truncate(frame: pd.DataFrame, years: int) -> pd.DataFrame:
    """The frame cut to its first `years` periods (a shorter horizon of the same runs)."""
    return frame[frame["period"] < years].reset_index(drop=True)


def check_frame(frame: pd.DataFrame) -> None:
    """Refuse a frame that is not the long layout (a programming error, named plainly)."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"comparison frame lacks columns {missing}; expected {list(COLUMNS)}")


def horizon(frame: pd.DataFrame) -> int:
    """Number of periods in the frame (the largest period plus one)."""
    return int(frame["period"].max()) + 1 if len(frame) else 0


def final_periods(years: int) -> tuple[int, int]:
    """Half-open range of the final window: the last five periods."""
    return max(0, years - FINAL_YEARS), years


def early_periods(years: int) -> tuple[int, int]:
    """Half-open range of the early window: periods 5-9, cut to the horizon."""
    return min(EARLY[0], max(years - 1, 0)), min(EARLY[1], years)


_TABLES: dict[int, dict[tuple[str, str], pd.DataFrame]] = {}


def _tables(frame: pd.DataFrame) -> dict[tuple[str, str], pd.DataFrame]:
    """Every (regime, variable) table of a frame, built once per frame object.

    Frames are treated as immutable once built; the cache entry goes with the frame.
    """
    key = id(frame)
    if key not in _TABLES:
        # One reshape for the whole frame: far faster than a pivot per (regime, variable).
        wide = frame.groupby(["regime", "variable", "replicate", "period"], sort=False)[
            "value"].mean().unstack("period")
        wide = wide.reindex(columns=sorted(wide.columns))
        tables = {(regime, variable): g.droplevel([0, 1]).dropna(axis=1, how="all")
                  for (regime, variable), g in wide.groupby(level=[0, 1], sort=False)}
        _TABLES[key] = tables
        weakref.finalize(frame, _TABLES.pop, key, None)
    return _TABLES[key]


def regimes_in(frame: pd.DataFrame) -> set[str]:
    """The regimes present in a frame."""
    return {regime for regime, _ in _tables(frame)}


def series(frame: pd.DataFrame, regime: str, variable: str) -> pd.DataFrame:
    """Replicates x periods table of one variable in one regime (empty if absent)."""
    table = _tables(frame).get((regime, variable))
    return table if table is not None else pd.DataFrame()


def window_mean(frame: pd.DataFrame, regime: str, variable: str, window: tuple[int, int]
                ) -> pd.Series:
    """Per-replicate mean of `variable` over the half-open period `window` (NaNs skipped)."""
    table = series(frame, regime, variable)
    cols = [c for c in table.columns if window[0] <= c < window[1]]
    if table.empty or not cols:
        return pd.Series(dtype=float)
    return table[cols].mean(axis=1, skipna=True)


def slope(values: np.ndarray, periods: np.ndarray) -> float:
    """Least-squares slope per period of `values` (NaNs dropped; NaN if < 2 points)."""
    ok = np.isfinite(values)
    if ok.sum() < 2:
        return float("nan")
    p, v = periods[ok].astype(float), values[ok]
    p = p - p.mean()
    denom = float((p * p).sum())
    return float((p * (v - v.mean())).sum() / denom) if denom > 0 else float("nan")


def trend(frame: pd.DataFrame, regime: str, variable: str, window: tuple[int, int]
          ) -> pd.Series:
    """Per-replicate least-squares slope (per year) of `variable` over `window`."""
    table = series(frame, regime, variable)
    cols = [c for c in table.columns if window[0] <= c < window[1]]
    if table.empty or len(cols) < 2:
        return pd.Series(dtype=float)
    return pd.Series(_row_slopes(table[cols]), index=table.index)


def summary_table(frame: pd.DataFrame, variables: list[str] | None = None) -> pd.DataFrame:
    """Final-window mean, 95% interval and trend (after start-up) per regime and variable.

    Columns: regime, variable, final, final_low, final_high, trend, trend_low, trend_high, n.
    The trend is the least-squares slope per year from period 5 (or 0 for short runs) to
    the end, averaged over replicates with its own interval.
    """
    check_frame(frame)
    years = horizon(frame)
    fw = final_periods(years)
    tw = (EARLY[0] if years > EARLY[0] + 2 else 0, years)
    rows = []
    regimes = list(pd.unique(frame["regime"]))
    wanted = variables or list(pd.unique(frame["variable"]))
    for variable in wanted:
        for regime in regimes:
            table = series(frame, regime, variable)
            if table.empty:
                continue
            fcols = [c for c in table.columns if fw[0] <= c < fw[1]]
            tcols = [c for c in table.columns if tw[0] <= c < tw[1]]
            final = interval(table[fcols].mean(axis=1)) if fcols else interval([])
            tr = interval(_row_slopes(table[tcols])) if len(tcols) >= 2 else interval([])
            rows.append({"regime": regime, "variable": variable, "final": final.mean,
                         "final_low": final.low, "final_high": final.high, "trend": tr.mean,
                         "trend_low": tr.low, "trend_high": tr.high, "n": final.n})
    return pd.DataFrame(rows, columns=["regime", "variable", "final", "final_low",
                                       "final_high", "trend", "trend_low", "trend_high", "n"])


def _row_slopes(table: pd.DataFrame) -> np.ndarray:
    periods = np.asarray(table.columns, dtype=float)
    return np.array([slope(row, periods) for row in table.to_numpy(float)])


def band(frame: pd.DataFrame, regime: str, variable: str) -> pd.DataFrame:
    """Per-period mean and 95% interval over replicates (columns mean, low, high)."""
    table = series(frame, regime, variable)
    n = table.notna().sum(axis=0).to_numpy(float)
    mean = table.mean(axis=0).to_numpy(float)
    sd = table.std(axis=0, ddof=1).to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = sps.t.ppf(0.975, np.maximum(n - 1, 1))
        half = np.where(n > 1, t * sd / np.sqrt(n), np.inf)
    return pd.DataFrame({"mean": mean, "low": mean - half, "high": mean + half},
                        index=list(table.columns))
