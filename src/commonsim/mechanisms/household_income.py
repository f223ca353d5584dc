"""Paying households: one call moves the money, names the income kind and adds to income.

Every payment that is household income goes through :func:`pay_households`, so the ledger
records it once with its kind (:mod:`commonsim.economy.income`) and the household's
disposable and taxable income follow from that same record.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.income import DEDUCTED_FLOWS, KIND
from commonsim.economy.ledger import Total


def pay_households(
    e: Economy, flow: str, payer: str, paid: np.ndarray | float | Total, kind: str,
    received: np.ndarray,
) -> None:
    """`payer` pays `paid`; households receive `received` as income of `kind`."""
    e.ledger.transfer(flow, payer, paid, "households", received, kind,
                      also=income_accounts(e, kind))


def pay_households_by_index(
    e: Economy, flow: str, payer: str, payer_index: np.ndarray, kind: str,
    received: np.ndarray,
) -> None:
    """Each household `k` receives `received[k]` from payer holder `payer_index[k]`."""
    e.ledger.pay_by_index(flow, payer, payer_index, received, "households", kind)
    add_income(e, kind, received)


def income_accounts(e: Economy, kind: str) -> tuple[np.ndarray, ...]:
    """The households' income accounts a receipt of `kind` adds to: disposable, taxable."""
    hh = e.state.households
    return (hh.disposable, hh.taxable) if KIND[kind].taxable else (hh.disposable,)


def add_income(e: Economy, kind: str, amounts: np.ndarray) -> None:
    """Add income the ledger has recorded to households' disposable and taxable income."""
    for account in income_accounts(e, kind):
        account += amounts


def deduct_income(e: Economy, flow: str, amounts: np.ndarray) -> None:
    """Deduct what households paid under `flow` from their disposable income (SNA B.6)."""
    if flow not in DEDUCTED_FLOWS:
        raise KeyError(f"{flow!r} is not deducted from disposable income: {DEDUCTED_FLOWS}")
    e.state.households.disposable -= amounts
