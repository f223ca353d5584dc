"""The goods market: buyers spend on firms' output, with preferences (M3.7).

Buyers and public procurement may prefer commons-oriented entities (the ethical economy);
the market records the demand addressed to each seller, which expectations (M3.4) and
to-order production use. Output not sold in the period is waste.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.state import COMMONS_ENTITY, PLATFORM

IMPLEMENTS = ("M3.7",)


def allocate(available: np.ndarray, weights: np.ndarray, total: float) -> np.ndarray:
    """Split `total` over sellers by `weights`, never above what each has available.

    Demand a seller cannot serve spills over to the others by the same weights; what no
    one can serve is left unsold to the buyer (rationing).

    Equations:
        rem = min(total, sum_j av_j);  free_j = av_j;  x_j = 0
        repeat at most 8 times while rem > 0:
            sh_j = rem * wt_j / sum_{k: free_k > 0} wt_k    (sellers with free_k > 0)
            take_j = min(sh_j, free_j);  x_j += take_j;  free_j -= take_j
            rem -= sum_j take_j
        where av_j is what seller j has available, wt_j the buyers' weight on it, total
        what buyers want to spend and x_j what seller j sells.
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
    available = np.where(f.alive & (f.form != PLATFORM), f.output - f.sales, 0.0)
    available = np.maximum(available, 0.0)
    weights = available * np.where(f.form == COMMONS_ENTITY, 1.0 + preference, 1.0)
    return available, weights


def buy(
    e: Economy, flow: str, buyer: str, amounts: np.ndarray | float, preference: float = 0.0
) -> np.ndarray | float:
    """`buyer` tries to spend `amounts` on output; returns what each buyer actually spent.

    Equations:
        X = sum_b x_b;  demand = demand + X
        av_j = max(Y_j - S_j, 0)                  live firms other than the platform
        wt_j = av_j * (1 + pref * [j is an entity])
        sold_j = allocate(av, wt, X)
        notional_j = X * Y_j * (1 + pref * [j is an entity])
                     / sum_k Y_k * (1 + pref * [k is an entity])
        d_j = d_j + max(notional_j, sold_j);  S_j = S_j + sold_j
        spent_b = x_b * sum_j sold_j / X
        where x_b is what buyer b (a household, the state or a firm) wants to spend, X the
        buyers' total, Y_j firm j's output, S_j its sales so far this period, av_j what it
        can still sell, pref the buyers' preference for commons-oriented entities, wt_j
        the weight on seller j, d_j the demand addressed to it and spent_b what buyer b
        spends (every buyer of a call gets the same fill ratio).
    """
    total = float(np.sum(amounts))
    e.period.demand += total
    if total <= 0:
        return amounts * 0.0
    available, weights = seller_weights(e, preference)
    f = e.state.firms
    reach = np.where(f.alive & (f.form != PLATFORM), f.output, 0.0) * np.where(
        f.form == COMMONS_ENTITY, 1.0 + preference, 1.0)
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
