"""Tiny hand-made economies for testing one mechanism at a time."""

from __future__ import annotations

from typing import Any

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy
from commonsim.economy.period import PeriodRecord
from commonsim.economy.schedule import begin_period
from commonsim.economy.state import COMMONS_ENTITY, PLATFORM, PROPRIETARY
from commonsim.mechanisms import entities, finance, labour
from commonsim.regimes import load_regime


def tiny(regime: str, n: int = 20, seed: int = 0, **overrides: Any) -> Economy:
    """An economy of `n` households under `regime`, opened for one period.

    Overrides use dotted keys with ``__`` for the dot, e.g. ``platforms__take_rate=0.3``.
    """
    values = {k.replace("__", "."): v for k, v in overrides.items()}
    params = load_regime(regime, values).params
    e = build_economy(params, n, seed)
    e.ledger.open_period()
    e.period = PeriodRecord()
    begin_period(e)
    return e


def reopen(e: Economy) -> None:
    """Take the current stocks as the period's opening (after hand-made changes)."""
    e.ledger.open_period()
    e.period = PeriodRecord()
    begin_period(e)


def index_of(e: Economy, form: int) -> np.ndarray:
    return np.flatnonzero(e.state.firms.form == form)


def platform(e: Economy) -> int:
    return int(index_of(e, PLATFORM)[0])


def entity_slot(e: Economy, k: int = 0) -> int:
    return int(index_of(e, COMMONS_ENTITY)[k])


def proprietary(e: Economy) -> np.ndarray:
    return index_of(e, PROPRIETARY)


def make_entity(e: Economy, members: list[int], k: int = 0) -> int:
    """Bring entity slot `k` to life with the given members."""
    slot = entity_slot(e, k)
    e.state.firms.alive[slot] = True
    e.state.households.member_of[members] = slot
    return slot


def jobless(e: Economy) -> None:
    """Nobody works: clear every job, membership and hours."""
    hh = e.state.households
    hh.employer[:] = -1
    hh.member_of[:] = -1
    hh.hours_paid[:] = 0.0
    hh.hours_gig[:] = 0.0
    hh.hours_civic[:] = 0.0


def allocate_labour(e: Economy) -> None:
    """Run the labour steps of the schedule in order."""
    for step in (labour.hire, labour.assign_task_work, labour.allot_civic_time,
                 labour.set_status, labour.count_labour):
        step(e)


def settle_loans(e: Economy) -> None:
    """Run the credit steps of the schedule that follow the period's payments, in order."""
    for step in (finance.repay_loans, entities.fail_insolvent, finance.lend_overdrafts,
                 finance.default_households, finance.pay_bank_dividends):
        step(e)
