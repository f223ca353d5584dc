"""Bookkeeping of what households receive, by kind, so metrics can split income by source."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from commonsim.economy.engine import Economy

#: Income kinds that the income tax applies to (transfers are not taxed).
TAXABLE = {"wages", "coop_pay", "piece", "peer", "dividends", "coop_surplus", "interest"}


def record(e: Economy, kind: str, amounts: np.ndarray) -> None:
    """Note that households received `amounts` of income of `kind` this period."""
    hh = e.state.households
    hh.income[kind] += amounts
    hh.disposable += amounts
    if kind in TAXABLE:
        hh.taxable += amounts
