"""Runs of an experiment: one task per (design point, regime, replicate), and its key.

A run is a pure function of its regime (with every parameter resolved), size and seed, and
of the code that runs it. The key hashes exactly what the store records of a run (the
resolved parameters, the schedule and the code version), so any complete run in the store
with the same key, whichever command made it, need not be run again.
"""

from __future__ import annotations

import hashlib
import json
import time
import traceback
from dataclasses import dataclass
from typing import Any

import pandas as pd

from commonsim.api import flat_parameters, simulate
from commonsim.experiments.designs import switch_groups
from commonsim.experiments.spec import ExperimentSpec, regime_names, varied
from commonsim.regimes import Regime, apply_values, load_regime
from commonsim.store import code_version, schedule_json


def run_key(regime: str, parameters: dict[str, Any], schedule: str, households: int,
            years: int, seed: int, version: str) -> str:
    """Hash of everything a run's numbers depend on, as the store records it."""
    text = json.dumps([regime, parameters, json.loads(schedule), households, years, seed,
                       version], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class RunTask:
    """One run of an experiment; `role` is the regime the claims see it as."""

    point: int
    role: str
    replicate: int
    regime: Regime
    households: int
    years: int
    seed: int

    @property
    def key(self) -> str:
        """The run's key (see :func:`run_key`)."""
        return run_key(self.regime.name, flat_parameters(self.regime),
                       schedule_json(self.regime), self.households, self.years, self.seed,
                       code_version())


@dataclass
class Outcome:
    """What a worker sends back: the run's per-period metrics, or the error that stopped it."""

    key: str
    metrics: pd.DataFrame | None
    error: str
    seconds: float


def execute(task: RunTask, key: str) -> Outcome:
    """Run one task (on whichever worker); an exception becomes a recorded error, not a crash."""
    start = time.perf_counter()
    try:
        result = simulate(task.regime, households=task.households, years=task.years,
                          seed=task.seed, keep_matrices=False)
    except Exception as exc:  # noqa: BLE001 - a failed run is recorded, the rest go on
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
        return Outcome(key, None, f"{type(exc).__name__}: {exc}{where}",
                       time.perf_counter() - start)
    return Outcome(key, result.metrics, "", time.perf_counter() - start)


def _with_values(regime: Regime, values: dict[str, Any], name: str | None = None) -> Regime:
    params = apply_values(regime.params, values, "experiment") if values else regime.params
    return Regime(name or regime.name, regime.model, regime.description, params,
                  regime.schedule, regime.source)


def build_tasks(spec: ExperimentSpec, design: pd.DataFrame) -> list[RunTask]:
    """Every run the experiment asks for, point by point."""
    if spec.design.kind == "switches":
        return _switch_tasks(spec, design)
    regimes = [load_regime(name) for name in regime_names(spec)]
    keys = list(varied(spec))
    tasks = []
    for point, row in design.iterrows():
        values = {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in keys}
        for regime in regimes:
            resolved = _with_values(regime, values)
            for i, seed in enumerate(spec.seeds):
                tasks.append(RunTask(int(point), regime.name, i, resolved, spec.households,
                                     spec.years, seed))
    return tasks


def _switch_tasks(spec: ExperimentSpec, design: pd.DataFrame) -> list[RunTask]:
    """The target regime rebuilt from its neighbour with some institution groups switched on.

    Every point also runs the other regimes the claims compare with (identical at every
    point, so the store runs them once and links them to each point).
    """
    assert spec.design.base is not None and spec.design.target is not None
    groups = switch_groups(spec)
    base, target = load_regime(spec.design.base), load_regime(spec.design.target)
    others = [load_regime(n) for n in regime_names(spec) if n != target.name]
    tasks = []
    for point, row in design.iterrows():
        on = [g for g in groups if row[g]]
        values = {k: v for g in on for k, v in groups[g].items()}
        # All off is the neighbour itself and all on the target itself: named so, their
        # keys match the plain runs of those regimes and each runs once.
        combo = _with_values(base, values, f"{target.name}[from {base.name}: {'+'.join(on)}]")
        if combo.params == base.params:
            combo = base
        elif combo.params == target.params and combo.schedule == target.schedule:
            combo = target
        for regime, role in [(combo, target.name)] + [(r, r.name) for r in others]:
            for i, seed in enumerate(spec.seeds):
                tasks.append(RunTask(int(point), role, i, regime, spec.households, spec.years,
                                     seed))
    return tasks
