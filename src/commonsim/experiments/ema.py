"""commonsim as an EMA Workbench ``Model``: uncertainties, levers and outcomes declared as data.

For users who already run their studies in EMA Workbench (``pip install
'commonsim[ema]'``; EMA pulls in scikit-learn, statsmodels and seaborn, so it is an
optional extra)::

    from ema_workbench import perform_experiments
    from commonsim.experiments.ema import commonsim_model

    model = commonsim_model("commons-partner-state", households=2000, years=50,
                            levers={"state.basic_income": (0.0, 0.5)})
    experiments, outcomes = perform_experiments(model, scenarios=32, policies=4)

By default the uncertainties are the behavioural parameters' plausible ranges (params.py),
levers are institutional parameters of your choosing, and each outcome is a metric's final
value (mean of the last five years). EMA names cannot contain dots, so a dotted key such
as ``households.propensity_income`` becomes ``households__propensity_income``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ema_workbench import Model, RealParameter, ScalarOutcome

from commonsim.api import simulate
from commonsim.params import all_keys, key_kind, plausible_range
from commonsim.regimes import load_regime
from commonsim.stats import FINAL_YEARS

DEFAULT_OUTCOMES = ("wealth_gini", "poverty_rate", "precarious_share", "capital_share")


def ema_name(key: str) -> str:
    """An EMA-safe name for a dotted parameter key."""
    return key.replace(".", "__")


def plausible_uncertainties() -> dict[str, tuple[float, float]]:
    """Every behavioural parameter with a documented plausible range."""
    out = {}
    for key in all_keys():
        span = plausible_range(key)
        if span is not None and key_kind(key) == "behavioural":
            out[key] = span
    return out


def run_function(regime: str, households: int, years: int, seed: int,
                 outcomes: tuple[str, ...]) -> Callable[..., dict[str, float]]:
    """The function EMA calls: keyword parameters in, final metric values out."""
    def run(**values: Any) -> dict[str, float]:
        overrides = {k.replace("__", "."): v for k, v in values.items()}
        result = simulate(regime, households=households, years=years, seed=seed,
                          overrides=overrides, keep_matrices=False)
        final = result.metrics.iloc[-FINAL_YEARS:].mean()
        return {name: float(final[name]) for name in outcomes}

    return run


def commonsim_model(
    regime: str = "netarchical",
    *,
    uncertainties: dict[str, tuple[float, float]] | None = None,
    levers: dict[str, tuple[float, float]] | None = None,
    outcomes: tuple[str, ...] = DEFAULT_OUTCOMES,
    households: int = 2_000,
    years: int = 50,
    seed: int = 0,
) -> Any:
    """An ``ema_workbench.Model`` running one commonsim regime.

    Args:
        regime: preset name or regime file.
        uncertainties: dotted key -> (low, high); default: the plausible behavioural ranges.
        levers: dotted key -> (low, high), usually institutional parameters.
        outcomes: metric names reported (final-window means).
        households: households of every run.
        years: years of every run.
        seed: seed of every run.
    """
    load_regime(regime)  # a bad regime fails here, before EMA starts anything
    name = "".join(c for c in regime.split("/")[-1].removesuffix(".toml") if c.isalnum())
    model = Model(name or "commonsim",
                  function=run_function(regime, households, years, seed, tuple(outcomes)))
    spans = plausible_uncertainties() if uncertainties is None else uncertainties
    model.uncertainties = [RealParameter(ema_name(k), lo, hi) for k, (lo, hi) in spans.items()]
    model.levers = [RealParameter(ema_name(k), lo, hi) for k, (lo, hi) in (levers or {}).items()]
    model.outcomes = [ScalarOutcome(o) for o in outcomes]
    return model
