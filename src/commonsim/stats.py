"""Windows, intervals and trends over replicates: the statistics every table and claim uses.

The input is always the tidy long frame of a comparison, with columns ``regime``,
``replicate``, ``period``, ``variable`` and ``value``. "Final" is the mean of the last five
periods of the horizon and "early" the mean of periods 5-9 (the sixth to tenth year, after
start-up), as ``shared/essay/claims.md`` defines them; a 95% interval is Student's t over
replicates, so it says how sure we are of a mean, not how spread the runs are.
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
        tables = {}
        for (regime, variable), g in frame.groupby(["regime", "variable"], sort=False):
            tables[(regime, variable)] = g.pivot_table(
                index="replicate", columns="period", values="value", aggfunc="mean")
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
