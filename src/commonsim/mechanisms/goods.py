"""The goods market: buyers spend on firms' output, with preferences (M3.7).

Implements M3.7 (ethical economy: buyers and public procurement may prefer
commons-oriented entities) and records the notional demand that open supply chains (M3.4)
and to-order production use. Output not sold in the period is waste.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute

IMPLEMENTS = ("M3.7",)


def allocate(available: np.ndarray, weights: np.ndarray, total: float) -> np.ndarray:
    """Split `total` over sellers by `weights`, never above what each has available.

    Demand a seller cannot serve spills over to the others by the same weights; what no
    one can serve is left unsold to the buyer (rationing).
    """
    alloc = np.zeros_like(available)
    remaining = min(total, float(available.sum()))
    free = available.copy()
    for _ in range(8):
        if remaining <= 1e-12 * max(total, 1.0):
            break
        w = np.where(free > 0, weights, 0.0)
        if w.sum() <= 0:
            break
        share = remaining * w / w.sum()
        take = np.minimum(share, free)
        alloc += take
        free -= take
        remaining -= float(take.sum())
    return alloc


def seller_weights(e: Economy, preference: float) -> tuple[np.ndarray, np.ndarray]:
    """What each firm can still sell this period, and buyers' weight on each."""
    f = e.state.firms
    sellers = f.alive & (firm_attribute(e.params, f, "sells_goods") > 0)
    available = np.maximum(np.where(sellers, f.output - f.sales, 0.0), 0.0)
    return available, available * buyer_weight(e, preference)


def buyer_weight(e: Economy, preference: float) -> np.ndarray:
    """Buyers' weight on each seller: 1, plus `preference` where the ethical economy applies.

    Equations:
        w_j = 1 + pref * ethical_j    (ethical_j: the form's ``ethical_choice``, M3.7)
    """
    return 1.0 + preference * firm_attribute(e.params, e.state.firms, "ethical_choice")


def buy(
    e: Economy, flow: str, buyer: str, amounts: np.ndarray | float, preference: float = 0.0
) -> np.ndarray | float:
    """`buyer` tries to spend `amounts` on output; returns what each buyer actually spent."""
    total = float(np.sum(amounts))
    e.period.demand += total
    if total <= 0:
        return amounts * 0.0
    available, weights = seller_weights(e, preference)
    f = e.state.firms
    sellers = f.alive & (firm_attribute(e.params, f, "sells_goods") > 0)
    reach = np.where(sellers, f.output, 0.0) * buyer_weight(e, preference)
    notional = total * reach / reach.sum() if reach.sum() > 0 else np.zeros(f.n)
    alloc = allocate(available, weights, total)
    # Demand addressed to a firm: its notional share, or what it actually sold when buyers
    # turned away elsewhere came to it. A firm that sells more than its notional share has
    # been asked for that much; counting only the notional share would make it cut output
    # while its customers queue (and make a preferred seller's rivals shrink faster than
    # their sales do).
    f.demand += np.maximum(notional, alloc)
    fill = float(alloc.sum()) / total
    spent = amounts * fill
    e.ledger.transfer(flow, buyer, spent, "firms", alloc)
    e.state.firms.sales += alloc
    return spent
