"""The goods market: buyers spend on firms' output, with preferences (M3.7).

Implements M3.7 (ethical economy: buyers and public procurement may prefer
commons-oriented entities) and records the notional demand that open supply chains (M3.4)
and to-order production use. Goods are bought at each firm's price
(:mod:`.prices`): buyers spend money, sellers give up goods worth it. What a firm offers is
this year's output plus its inventories; what it does not sell stays in inventories.
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
    """What each firm can still sell this period (in money), and buyers' weight on each.

    Buyers weight sellers by the money value of what they offer, so each seller's share of
    the goods bought is its share of the goods on offer, whatever its price (kept simple:
    buyers do not shop around for cheaper sellers; prices act through markups, inventories
    and the price level).
    """
    f = e.state.firms
    goods = np.where(f.alive & (f.form != PLATFORM), f.output + f.inventory - f.sold, 0.0)
    available = np.maximum(goods, 0.0) * f.price
    weights = available * np.where(f.form == COMMONS_ENTITY, 1.0 + preference, 1.0)
    return available, weights


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
    reach = np.where(f.alive & (f.form != PLATFORM), f.output * f.price, 0.0) * np.where(
        f.form == COMMONS_ENTITY, 1.0 + preference, 1.0)
    notional = total * reach / reach.sum() if reach.sum() > 0 else np.zeros(f.n)
    alloc = allocate(available, weights, total)
    # Demand addressed to a firm: its notional share, or what it actually sold when buyers
    # turned away elsewhere came to it. A firm that sells more than its notional share has
    # been asked for that much; counting only the notional share would make it cut output
    # while its customers queue (and make a preferred seller's rivals shrink faster than
    # their sales do).
    # Demand and sales in goods are money over the seller's price.
    price = np.maximum(f.price, 1e-300)
    f.demand += np.maximum(notional, alloc) / price
    f.sold += alloc / price
    fill = float(alloc.sum()) / total
    spent = amounts * fill
    e.ledger.transfer(flow, buyer, spent, "firms", alloc)
    e.state.firms.sales += alloc
    return spent
