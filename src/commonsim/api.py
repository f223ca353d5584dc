"""The Python API: ``simulate(regime, households=..., years=..., seed=..., overrides=...)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commonsim.economy.balance import net_worth
from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy, check_size, step_period
from commonsim.economy.state import State
from commonsim.errors import ConfigError
from commonsim.metrics import period_metrics
from commonsim.params import flat_values
from commonsim.regimes import Regime, apply_values, load_regime


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


def flat_parameters(regime: Regime) -> dict[str, Any]:
    """The regime's fully resolved parameters as dotted keys."""
    return flat_values(regime.params)


@dataclass
class MetricsObserver:
    """Collects every declared metric of each finished period (an engine observer)."""

    rows: list[dict[str, float]] = field(default_factory=list)

    def __call__(self, economy: Economy, tfm: pd.DataFrame, bsm: pd.DataFrame) -> None:
        """Record the metrics of the period `economy` has just finished."""
        self.rows.append({"period": economy.t, **period_metrics(economy)})

    def frame(self) -> pd.DataFrame:
        """The collected metrics, one row per period."""
        return pd.DataFrame(self.rows).set_index("period")


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
    if isinstance(regime, Regime):
        resolved = regime
        if overrides:
            resolved = Regime(regime.name, regime.model, regime.description,
                              apply_values(regime.params, overrides, "overrides"),
                              regime.schedule, regime.source)
    else:
        resolved = load_regime(regime, overrides)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed = {seed!r}: allowed: an integer >= 0")
    check_size(households, years)
    economy = build_economy(resolved.params, households, seed)
    observer = MetricsObserver()
    flows: list[pd.DataFrame] = []
    sheets: list[pd.DataFrame] = []
    for t in range(years):
        changes = [c for c in resolved.schedule if c.year == t]
        for change in changes:
            economy.params = apply_values(economy.params, change.values, f"schedule year {t}")
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
