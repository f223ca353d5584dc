"""The dashboard's only door into the model: resolve settings, run them, summarise, judge claims.

Everything the web page needs from the simulation goes through the functions here, as plain
data (regimes, data frames, small dataclasses), so the page itself holds no model logic and
these functions can be tested without a browser. Validation is the regime loader's own
(:func:`commonsim.regimes.load_regime` and :func:`~commonsim.regimes.apply_values`), so a bad
value gets the same one-line message as on the command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from commonsim.api import simulate
from commonsim.claims import REGIMES, ClaimResult, run_claims
from commonsim.economy.engine import check_size
from commonsim.errors import ConfigError
from commonsim.regimes import Change, Regime, apply_values, load_regime
from commonsim.report.runs import RunOutput, RunSpec, long_frame, lorenz_points
from commonsim.stats import interval

#: Name under which the user's settings appear in frames, figures and the claims.
YOURS = "your settings"

#: Where a period's income goes: value added by the claimant that receives it.
FACTOR_SHARES: tuple[str, ...] = ("labour_share", "profit_share", "ip_rent_share",
                                  "platform_rent_share", "interest_share",
                                  "entity_surplus_share")

#: Money-valued series that a price level would deflate (nominal and real differ).
MONEY_SERIES: tuple[str, ...] = ("gdp", "consumption", "investment")

#: Metric that carries the price level (mechanisms/prices.py; the hook for real values).
PRICE_LEVEL = "price_index"


def resolve(preset: str, overrides: dict[str, Any], changes: Sequence[Change] = ()) -> Regime:
    """The preset with the user's values and scheduled changes, validated like the CLI's.

    Raises:
        ConfigError: one line naming the key and what is allowed.
    """
    regime = load_regime(preset, overrides or None)
    schedule = list(regime.schedule)
    for change in changes:
        if isinstance(change.year, bool) or not isinstance(change.year, int) or change.year < 0:
            raise ConfigError(f"schedule: year = {change.year!r}; allowed: an integer >= 0")
        apply_values(regime.params, change.values, f"schedule year {change.year}")
        schedule.append(change)
    schedule.sort(key=lambda c: c.year)
    return Regime(regime.name, regime.model, regime.description, regime.params, schedule,
                  regime.source)


def run_one(regime: Regime, households: int, years: int, seed: int, label: str,
            progress: Callable[[int, int], None] | None = None) -> RunOutput:
    """One run of `regime`, kept as the comparison keeps it (metrics and Lorenz points)."""
    start = time.perf_counter()
    result = simulate(regime, households=households, years=years, seed=seed,
                      progress=progress, keep_matrices=False)
    lorenz = {"income": lorenz_points(result.income), "wealth": lorenz_points(result.net_worth)}
    return RunOutput(RunSpec(label, households, years, seed), label, regime.model,
                     result.metrics.copy(), lorenz, seconds=time.perf_counter() - start)


@dataclass
class Runs:
    """The runs behind one view: the user's settings and the presets beside them."""

    outputs: list[RunOutput]

    @property
    def frame(self) -> pd.DataFrame:
        """The tidy long frame (regime, replicate, period, variable, value)."""
        return long_frame(self.outputs)

    def labels(self) -> list[str]:
        """The regimes present, in the order they were run."""
        return list(dict.fromkeys(o.regime for o in self.outputs))

    def of(self, label: str) -> list[RunOutput]:
        """The runs of one regime."""
        return [o for o in self.outputs if o.regime == label]


def run_all(jobs: Sequence[tuple[str, Regime]], households: int, years: int, seeds: int,
            progress: Callable[[float, str], None] | None = None) -> Runs:
    """Run each (label, regime) with seeds 0..seeds-1, reporting the share done as it goes."""
    check_size(households, years)
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ConfigError(f"seeds = {seeds!r}: allowed: an integer >= 1")
    total = len(jobs) * seeds * years
    outputs: list[RunOutput] = []
    for i, (label, regime) in enumerate(jobs):
        for seed in range(seeds):
            done_before = (i * seeds + seed) * years

            def tick(done: int, _years: int, base: int = done_before,
                     what: str = f"{label}, seed {seed}") -> None:
                if progress is not None:
                    progress((base + done) / total, what)

            outputs.append(run_one(regime, households, years, seed, label, tick))
    return Runs(outputs)


def band(runs: Sequence[RunOutput], variable: str) -> pd.DataFrame:
    """Per period: mean over seeds and its 95% interval (columns mean, low, high)."""
    columns = [o.metrics[variable] for o in runs if variable in o.metrics]
    if not columns:
        return pd.DataFrame(columns=["mean", "low", "high"])
    table = pd.concat(columns, axis=1)
    rows = [interval(table.loc[p].to_numpy()) for p in table.index]
    frame = pd.DataFrame({"mean": [r.mean for r in rows], "low": [r.low for r in rows],
                          "high": [r.high for r in rows]}, index=table.index)
    # One seed has no interval: show the line alone rather than an infinite band.
    return frame.replace([np.inf, -np.inf], np.nan)


def real(metrics: pd.DataFrame, variable: str) -> tuple[pd.Series, bool]:
    """A money series in real terms, and whether that differs from the nominal one.

    Divides by the ``price_index`` metric; runs without it (stored before prices existed)
    are shown as they are, with the flag False.
    """
    nominal = metrics[variable]
    if PRICE_LEVEL not in metrics or variable not in MONEY_SERIES:
        return nominal, False
    return nominal / metrics[PRICE_LEVEL], True


def mean_lorenz(runs: Sequence[RunOutput], quantity: str) -> np.ndarray:
    """The Lorenz curve of `quantity` ("income" or "wealth") averaged over seeds."""
    return np.mean([o.lorenz[quantity] for o in runs], axis=0)


def factor_shares(runs: Sequence[RunOutput]) -> pd.Series:
    """Mean share of value added going to each claimant over the last five years."""
    finals = [o.metrics[[c for c in FACTOR_SHARES if c in o.metrics]].tail(5).mean()
              for o in runs]
    return pd.concat(finals, axis=1).mean(axis=1)


@dataclass(frozen=True)
class Verdict:
    """One claim's verdict for the settings shown."""

    id: str
    verdict: str
    text: str
    figures: str


def claim_verdicts(frame: pd.DataFrame, stands_for: str | None) -> list[Verdict]:
    """The essay's claims with the user's settings standing in for one of its models.

    `stands_for` is a model label of the claims ("1a", "1b", "2", "3") whose preset the
    user's runs replace; None evaluates the presets alone. This is the one place the
    dashboard calls the claims harness.
    """
    regimes = dict(REGIMES)
    if stands_for is not None:
        regimes[stands_for] = YOURS
    results: list[ClaimResult] = run_claims(frame, regimes)
    return [Verdict(r.id, r.verdict, r.claim.text,
                    "; ".join(f"{p.text}: {p.verdict}" for p in r.parts))
            for r in results]


def model_label(preset: str) -> str | None:
    """The claims' model label ("1a" ...) of a preset, or None if no claim names it."""
    return next((label for label, name in REGIMES.items() if name == preset), None)
