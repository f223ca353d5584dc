"""The Python API: ``simulate(regime, households=..., years=..., seed=..., overrides=...)``.

A Result prints in a few lines and shows as a small table in Jupyter (``_repr_html_``);
``commonsim.compare`` (regimes side by side) lives in :mod:`commonsim.report.api`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commonsim.economy.balance import net_worth
from commonsim.economy.economy import Economy
from commonsim.economy.engine import step_period
from commonsim.economy.memory import bytes_per_household, check_memory
from commonsim.economy.state import State
from commonsim.errors import ConfigError, OutOfMemoryError
from commonsim.mechanisms.mixed_start import check_entity_slots
from commonsim.metrics import period_metrics
from commonsim.params import flat_values
from commonsim.regimes import (
    OVERRIDES,
    Regime,
    apply_values,
    check_horizon,
    load_regime,
    with_overrides,
)
from commonsim.spinup import open_institutions, opening_economy

#: Seeds the store can hold (a signed 64-bit integer that is not negative).
MAX_SEED = 2**63 - 1
#: Years the engine's period counter and the store take.
MAX_YEARS = 2**31 - 1


@dataclass(frozen=True)
class Wording:
    """How errors name the caller's arguments: Python keywords or command-line options."""

    overrides: str
    assign: str  # format of an argument and its value, with {name} and {value}


PYTHON = Wording(OVERRIDES, "{name}={value}")
COMMAND_LINE = Wording("--set", "{name} = {value}")

#: Final-year metrics a Result's repr shows, when the run has them.
SUMMARY_METRICS = ("gdp", "labour_share", "unemployment", "income_gini", "wealth_gini",
                   "poverty_rate")


@dataclass
class Result:
    """What one run produced: per-period metrics, matrices and the final state."""

    regime: Regime
    households: int
    years: int
    seed: int
    metrics: pd.DataFrame
    state: State
    #: Final net worth and disposable income of every household (for Lorenz curves).
    net_worth: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    income: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    transaction_flows: list[pd.DataFrame] = field(repr=False, default_factory=list)
    balance_sheets: list[pd.DataFrame] = field(repr=False, default_factory=list)

    def tfm(self, period: int) -> pd.DataFrame:
        """Transaction-flow matrix of `period` (rows: transactions, columns: sectors)."""
        return self.transaction_flows[period]

    def bsm(self, period: int) -> pd.DataFrame:
        """Balance-sheet matrix at the end of `period`."""
        return self.balance_sheets[period]

    @property
    def parameters(self) -> dict[str, Any]:
        """Fully resolved parameters at the start of the run, as dotted keys."""
        return flat_parameters(self.regime)

    def _final(self) -> dict[str, float]:
        last = self.metrics.iloc[-1] if len(self.metrics) else {}
        return {m: float(last[m]) for m in SUMMARY_METRICS if m in self.metrics}

    def _title(self) -> str:
        model = f" (model {self.regime.model})" if self.regime.model else ""
        return (f"Result: {self.regime.name}{model}, {self.households:,} households,"
                f" {self.years} years, seed {self.seed}")

    def __repr__(self) -> str:
        """A few lines: what ran, the final year's key metrics, where the rest is."""
        final = ", ".join(f"{k} {_short(v)}" for k, v in self._final().items())
        rows, cols = self.metrics.shape
        return "\n".join([
            self._title(),
            f"  final year: {final}",
            f"  .metrics: {rows} years x {cols} metrics; .net_worth, .income: per household;"
            " .tfm(t), .bsm(t): ledger matrices",
        ])

    def _repr_html_(self) -> str:
        """A short table for Jupyter: the final year's key metrics."""
        rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{_short(v)}</td></tr>"
                       for k, v in self._final().items())
        return (f"<p><b>{html.escape(self._title())}</b></p>"
                f"<table><tr><th>metric (final year)</th><th>value</th></tr>{rows}</table>"
                f"<p><code>.metrics</code>: {self.metrics.shape[0]} years x"
                f" {self.metrics.shape[1]} metrics</p>")


def _short(value: float) -> str:
    """A number for people: 3 significant digits, thousands separated, NaN as 'n/a'."""
    if value != value:
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def flat_parameters(regime: Regime) -> dict[str, Any]:
    """The regime's fully resolved parameters as dotted keys."""
    return flat_values(regime.params)


@dataclass
class MetricsObserver:
    """Collects every declared metric of each finished period (an engine observer)."""

    rows: list[dict[str, float]] = field(default_factory=list)
    #: Seconds each metric took last period: how the two metric threads share the work.
    times: dict[str, float] = field(default_factory=dict, repr=False)

    def __call__(self, economy: Economy, tfm: pd.DataFrame, bsm: pd.DataFrame) -> None:
        """Record the metrics of the period `economy` has just finished."""
        self.rows.append({"period": economy.t, **period_metrics(economy, self.times)})

    def frame(self) -> pd.DataFrame:
        """The collected metrics, one row per period."""
        return pd.DataFrame(self.rows).set_index("period")


def check_run(
    regime: str | Path | Regime,
    households: Any,
    years: Any,
    seed: Any,
    overrides: dict[str, Any] | None = None,
    wording: Wording = PYTHON,
) -> tuple[Regime, int, int, int]:
    """Check a run's whole input before any work; return the resolved regime and sizes.

    Integers may be Python or NumPy integers (not bools, not floats). Errors name the
    argument as the caller wrote it (`wording`): ``seed=-1`` from Python, ``--set`` keys
    on the command line.

    Raises:
        ConfigError: one line naming the argument, file or key and what is allowed.
    """
    households = _integer(households, "households", 1, None, wording)
    years = _integer(years, "years", 1, MAX_YEARS, wording)
    seed = _integer(seed, "seed", 0, MAX_SEED, wording)
    if isinstance(regime, Regime):
        resolved = with_overrides(regime, overrides or {}, wording.overrides)
    elif isinstance(regime, str | Path):
        resolved = load_regime(regime, overrides, overrides_label=wording.overrides)
    else:
        raise ConfigError(wording.assign.format(name="regime", value=repr(regime))
                          + ": allowed: a preset name, a regime file's path or a Regime")
    check_horizon(resolved, years)
    check_entity_slots(resolved.params, households)
    size = wording.assign.format(name="households", value=f"{households:,}")
    check_memory(households, resolved.params, size)
    return resolved, households, years, seed


def check_opening(regime: Regime, households: int, seed: int) -> None:
    """Spin up (or find in the cache) the run's common opening before anything is stored.

    Raises:
        ConfigError: the spin-up does not settle (one line naming ``engine.spinup_years``).
    """
    if regime.params.engine.spinup_years > 0:
        opening_economy(regime.params, households, seed)


def _integer(value: Any, name: str, low: int, high: int | None, wording: Wording) -> int:
    """`value` as a Python int if it is an integer (NumPy's too) in [low, high]."""
    whole = isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)
    if whole and low <= value and (high is None or value <= high):
        return int(value)
    top = {MAX_SEED: "2**63 - 1", MAX_YEARS: "2**31 - 1"}.get(high, str(high))
    allowed = f"an integer >= {low}" if high is None else f"an integer in [{low}, {top}]"
    shown = str(int(value)) if whole else repr(value)
    raise ConfigError(f"{wording.assign.format(name=name, value=shown)}: allowed: {allowed}")


def simulate(
    regime: str | Path | Regime,
    households: int = 10_000,
    years: int = 50,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep_matrices: bool = True,
) -> Result:
    """Run one regime and return its metrics, ledger matrices and final state.

    Args:
        regime: a preset name, a path to a regime TOML file, or a loaded Regime.
        households: number of household agents.
        years: number of periods (years) to run.
        seed: seed of the run's SeedSequence: same arguments, same numbers.
        overrides: dotted parameter keys to change, e.g. ``{"labour.bargaining": 0.6}``.
        progress: called as ``progress(period_done, years)`` after every period.
        keep_matrices: keep every period's transaction-flow and balance-sheet matrix.
    """
    resolved, households, years, seed = check_run(regime, households, years, seed, overrides)
    try:
        return _run(resolved, households, years, seed, progress, keep_matrices)
    except MemoryError:
        per = bytes_per_household(resolved.params)
        raise OutOfMemoryError(
            f"out of memory running {households:,} households (about"
            f" {households * per / 2**30:.1f} GiB estimated); nothing was kept: run fewer"
            " households or free memory"
        ) from None


def _run(resolved: Regime, households: int, years: int, seed: int,
         progress: Callable[[int, int], None] | None, keep_matrices: bool) -> Result:
    # One opening for all: with a spin-up, year 0 runs under the reference institutions
    # and the regime's own (with any year-0 changes) act from year 1.
    economy = opening_economy(resolved.params, households, seed)
    spun = resolved.params.engine.spinup_years > 0
    regime_params = resolved.params
    observer = MetricsObserver()
    flows: list[pd.DataFrame] = []
    sheets: list[pd.DataFrame] = []
    for t in range(years):
        if spun and t == 1:
            open_institutions(economy, regime_params)
        for change in (c for c in resolved.schedule if c.year == t):
            if spun and t == 0:
                regime_params = apply_values(regime_params, change.values, "schedule year 0")
            else:
                economy.params = apply_values(economy.params, change.values,
                                              f"schedule year {t}")
        tfm, bsm = step_period(economy, (observer,))
        if keep_matrices:
            flows.append(tfm)
            sheets.append(bsm)
        if progress is not None:
            progress(t + 1, years)
    return Result(
        resolved, households, years, seed, observer.frame(), economy.state,
        net_worth=net_worth(economy), income=economy.state.households.disposable.copy(),
        transaction_flows=flows, balance_sheets=sheets,
    )
