"""The engine loop: one period is the ordered list of mechanisms in :mod:`.schedule`.

The engine is a pure function of (regime, parameters, seed): all randomness comes from
generators spawned from one ``SeedSequence``; all money moves through the ledger; each
period's accounts are checked (``engine.check_accounts``) and the period's metrics and
matrices are kept.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from commonsim.economy.ledger import Ledger, check_period
from commonsim.economy.memory import check_memory
from commonsim.economy.state import State, initial_state
from commonsim.errors import ConfigError
from commonsim.params import Parameters

#: Named random streams, spawned in this order from the run's SeedSequence.
STREAMS = ("init", "forecast", "labour", "market", "founding", "exchange", "housing")


class AccountsError(RuntimeError):
    """A stock-flow identity failed: money was created or lost outside the ledger."""


@dataclass
class Economy:
    """Everything a mechanism may read or change during one period."""

    params: Parameters
    state: State
    ledger: Ledger
    rng: dict[str, np.random.Generator]
    t: int = 0
    years: int = 0
    #: Scratch values of the current period (reset every period).
    scratch: dict[str, float | np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.state.households.n

    def tally(self, key: str, value: float) -> None:
        """Add `value` to the period's running total `key` (read by the metrics)."""
        self.scratch[key] = float(self.scratch.get(key, 0.0)) + value


def check_size(households: int, years: int, params: Parameters | None = None) -> None:
    """Refuse sizes that are invalid or cannot fit in this process's memory."""
    if isinstance(households, bool) or not isinstance(households, int) or households < 1:
        raise ConfigError(f"households = {households!r}: allowed: an integer >= 1")
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ConfigError(f"years = {years!r}: allowed: an integer >= 1")
    check_memory(households, params)


def build_economy(params: Parameters, households: int, seed: int) -> Economy:
    """The economy at the start of period 0 (opening balance sheets included)."""
    from commonsim.economy.opening import open_balances

    streams = np.random.SeedSequence(seed).spawn(len(STREAMS))
    rng = {name: np.random.default_rng(s) for name, s in zip(STREAMS, streams, strict=True)}
    state = initial_state(params, households, rng["init"])
    n_firms = state.firms.n
    sizes = {
        "households": households,
        "firms": n_firms,
        "banks": 1,
        "state": 1,
        "forbenefit": 1,
        "solidarity": 1,
    }
    economy = Economy(params=params, state=state, ledger=Ledger(sizes), rng=rng)
    open_balances(economy)
    return economy


def run_period(economy: Economy, steps: list[tuple[str, Callable[[Economy], None]]]) -> None:
    """Run one period's mechanisms in order (the ledger must already be open)."""
    for _, step in steps:
        step(economy)


def step_period(economy: Economy) -> tuple[dict[str, float], pd.DataFrame, pd.DataFrame]:
    """Advance one period; return its metrics and its two matrices."""
    from commonsim.economy.schedule import active_steps, solve_to_order
    from commonsim.metrics import balance_sheet, period_metrics

    economy.ledger.open_period()
    economy.scratch = {}
    steps = active_steps(economy.params)
    if economy.params.engine.production == "to-order":
        solve_to_order(economy, steps)
    else:
        run_period(economy, steps)
    tfm = economy.ledger.transaction_flow_matrix()
    bsm = balance_sheet(economy)
    if economy.params.engine.check_accounts:
        problems = check_period(tfm, bsm)
        if problems:
            raise AccountsError(f"period {economy.t}: " + "; ".join(problems))
    metrics = period_metrics(economy)
    economy.t += 1
    return metrics, tfm, bsm


def snapshot(economy: Economy) -> Economy:
    """A deep copy, for trial runs of a period (to-order production)."""
    return copy.deepcopy(economy)
