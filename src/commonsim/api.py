"""The Python API: ``simulate(...)`` for one run, ``compare(...)`` for regimes side by side.

Both results print in a few lines and show as a small table in Jupyter (``_repr_html_``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from commonsim.economy.engine import build_economy, check_size, step_period
from commonsim.economy.state import State
from commonsim.metrics import net_worth
from commonsim.regimes import Regime, apply_values, load_regime

if TYPE_CHECKING:
    from commonsim.claims import ClaimResult
    from commonsim.report.compare import Comparison

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
    """A regime's parameters as dotted keys (``"labour.bargaining": 0.584``)."""
    out: dict[str, Any] = {}
    for section, values in regime.params.model_dump().items():
        for key, value in values.items():
            out[f"{section}.{key}"] = value
    return out


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
        from commonsim.errors import ConfigError

        raise ConfigError(f"seed = {seed!r}: allowed: an integer >= 0")
    check_size(households, years)
    economy = build_economy(resolved.params, households, seed)
    rows: list[dict[str, float]] = []
    flows: list[pd.DataFrame] = []
    sheets: list[pd.DataFrame] = []
    for t in range(years):
        changes = [c for c in resolved.schedule if c.year == t]
        for change in changes:
            economy.params = apply_values(economy.params, change.values, f"schedule year {t}")
        metrics, tfm, bsm = step_period(economy)
        rows.append({"period": t, **metrics})
        if keep_matrices:
            flows.append(tfm)
            sheets.append(bsm)
        if progress is not None:
            progress(t + 1, years)
    frame = pd.DataFrame(rows).set_index("period")
    return Result(
        resolved, households, years, seed, frame, economy.state,
        net_worth=net_worth(economy), income=economy.state.households.disposable.copy(),
        transaction_flows=flows, balance_sheets=sheets,
    )


@dataclass
class ComparisonResult:
    """Regimes run side by side: the runs (a long frame) and the essay's claims judged on them.

    Attributes:
        comparison: everything the comparison produced (runs, Lorenz points, claims).
    """

    comparison: Comparison
    households: int
    years: int
    replicates: int

    @property
    def runs(self) -> pd.DataFrame:
        """Every run's metrics: regime, replicate, period, variable, value."""
        return self.comparison.frame

    @property
    def claims(self) -> list[ClaimResult]:
        """The verdict of every claim, with its parts and figures."""
        return self.comparison.claims

    def verdicts(self) -> dict[str, str]:
        """Claim id -> verdict."""
        return {r.id: r.verdict for r in self.claims}

    def claims_table(self) -> pd.DataFrame:
        """One row per claim part: verdicts, effects and intervals."""
        from commonsim.claims import claims_frame

        return claims_frame(self.claims)

    def write_report(self, outdir: str | Path, store: str | Path | None = None,
                     save: bool = False) -> Path:
        """Write the HTML report folder (and store the runs if `save`); return index.html."""
        from commonsim.report.compare import write

        return write(self.comparison, outdir, store, self.replicates, self.households,
                     self.years, save=save)

    def _counts(self) -> str:
        counts: dict[str, int] = {}
        for verdict in self.verdicts().values():
            counts[verdict] = counts.get(verdict, 0) + 1
        return ", ".join(f"{n} {v}" for v, n in counts.items())

    def __repr__(self) -> str:
        """A few lines: the regimes, sizes and the count of each verdict."""
        regimes = ", ".join(pd.unique(self.runs["regime"]))
        return "\n".join([
            f"ComparisonResult: {regimes}",
            f"  {self.replicates} replicate(s) of {self.households:,} households over"
            f" {self.years} years",
            f"  claims: {self._counts()}  (.claims_table(), .runs, .write_report(dir))",
        ])

    def _repr_html_(self) -> str:
        """The claims and their verdicts as a small table."""
        rows = "".join(f"<tr><td>{html.escape(r.id)}</td><td>{html.escape(r.verdict)}</td></tr>"
                       for r in self.claims)
        head = html.escape(self.__repr__().splitlines()[0])
        return (f"<p><b>{head}</b></p><table><tr><th>claim</th><th>verdict</th></tr>{rows}"
                "</table>")


def compare(
    regimes: Sequence[str] | None = None,
    replicates: int = 3,
    households: int = 1_000,
    years: int = 30,
    workers: int | None = None,
    progress: bool = False,
) -> ComparisonResult:
    """Run regimes side by side (seeds 0..replicates-1) and judge the essay's claims.

    The same comparison as ``commonsim compare``, with notebook-sized defaults; nothing is
    stored and no report is written unless you call ``write_report``.

    Args:
        regimes: preset names, 1a/1b/2/3 or regime files (default: the essay's four).
        replicates: runs per regime; replicate r uses seed r.
        households: households per run.
        years: years per run (the claims read the first ten and the last five).
        workers: worker processes (default: the CPUs available).
        progress: show a progress bar.
    """
    from commonsim.report.compare import compare as run_compare

    done = run_compare(regimes, replicates, households, years, workers=workers,
                       progress=progress)
    return ComparisonResult(done, households, years, replicates)
