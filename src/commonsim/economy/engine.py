"""The engine loop: one period is the ordered list of mechanisms in :mod:`.schedule`.

The engine is a pure function of (regime, parameters, seed): all randomness comes from
generators spawned from one ``SeedSequence``; all money moves through the ledger; each
period's accounts are checked (``engine.check_accounts``). The engine does not know who
observes it: it hands each finished period (the economy, with its ledger flows and period
record, and the period's two matrices) to the observers it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from commonsim.economy.balance import (
    balance_sheet,
    check_revaluation,
    flow_matrix,
    household_equity,
    real_stock_problems,
    revaluation_account,
)
from commonsim.economy.economy import Economy
from commonsim.economy.ledger import Ledger, check_period
from commonsim.economy.memory import check_memory
from commonsim.economy.opening import open_balances
from commonsim.economy.period import PeriodRecord
from commonsim.economy.schedule import active_steps, run_period, solve_to_order
from commonsim.economy.state import initial_state
from commonsim.errors import ConfigError
from commonsim.params import Parameters

#: Named random streams, spawned in this order from the run's SeedSequence.
STREAMS = ("init", "forecast", "labour", "market", "founding", "exchange", "housing", "pricing",
           "demography")

#: Called with each finished period: the economy (state, ledger flows, period record),
#: its transaction-flow matrix and its balance-sheet matrix.
Observer = Callable[[Economy, pd.DataFrame, pd.DataFrame], None]

class AccountsError(RuntimeError):
    """A stock-flow identity failed: money was created or lost outside the ledger."""


def check_size(households: int, years: int, params: Parameters | None = None) -> None:
    """Refuse sizes that are invalid or cannot fit in this process's memory."""
    if isinstance(households, bool) or not isinstance(households, int) or households < 1:
        raise ConfigError(f"households = {households!r}: allowed: an integer >= 1")
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        raise ConfigError(f"years = {years!r}: allowed: an integer >= 1")
    check_memory(households, params)


def build_economy(params: Parameters, households: int, seed: int) -> Economy:
    """The economy at the start of period 0 (opening balance sheets included)."""
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


def step_period(
    economy: Economy, observers: Sequence[Observer] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Advance one period, hand it to each observer and return its two matrices."""
    check = economy.params.engine.check_accounts
    # The sector totals are summed once for the opening books and once for the closing.
    totals = economy.ledger.stock_totals()
    opening = balance_sheet(economy, totals) if check else None
    economy.ledger.open_period(totals)
    economy.period = PeriodRecord()
    steps = active_steps(economy.params)
    if economy.params.engine.production == "to-order":
        solve_to_order(economy, steps)
    else:
        run_period(economy, steps)
    closing = economy.ledger.stock_totals()
    economy.period.equity_close = household_equity(economy, closing)
    tfm = flow_matrix(economy, closing)
    bsm = balance_sheet(economy, closing, economy.period.equity_close)
    if opening is not None:
        problems = (check_period(tfm, bsm) + real_stock_problems(economy)
                    + check_revaluation(revaluation_account(
                        opening, bsm, tfm, economy.period.investment,
                        economy.period.depreciation)))
        if problems:
            raise AccountsError(f"period {economy.t}: " + "; ".join(problems))
    for observe in observers:
        observe(economy, tfm, bsm)
    economy.t += 1
    return tfm, bsm
