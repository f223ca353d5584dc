"""The goods market: buyers spend on firms' output, with preferences (M3.7).

Buyers and public procurement may prefer commons-oriented entities (the ethical economy);
the market records the demand addressed to each seller, which expectations (M3.4) and
to-order production use. Goods are bought at each firm's price (:mod:`.prices`): buyers
spend money, sellers give up goods worth it. What a firm offers is this year's output plus
its inventories; what it does not sell stays in inventories.
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
    """What each firm can still sell this period (in money), and buyers' weight on each.

    Buyers weight sellers by the money value of what they offer, so each seller's share of
    the goods bought is its share of the goods on offer, whatever its price (kept simple:
    buyers do not shop around for cheaper sellers; prices act through markups, inventories
    and the price level).
    """
    f = e.state.firms
    sellers = f.alive & (firm_attribute(e.params, f, "sells_goods") > 0)
    goods = np.where(sellers, f.output + f.inventory - f.sold, 0.0)
    available = np.maximum(goods, 0.0) * f.price
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
    """`buyer` tries to spend `amounts` on output; returns what each buyer actually spent.

    Equations:
        X = sum_b x_b;  demand = demand + X
        av_j = p_j * max(Y_j + N_j - Q_j, 0)      live firms whose form sells goods
        wt_j = av_j * w_j                         (w_j from buyer_weight)
        sold_j = allocate(av, wt, X)
        notional_j = X * p_j Y_j w_j / sum_k p_k Y_k w_k
        d_j = d_j + max(notional_j, sold_j);  S_j = S_j + sold_j
        spent_b = x_b * sum_j sold_j / X
        where x_b is what buyer b (a household, the state or a firm) wants to spend, X the
        buyers' total, Y_j firm j's output, N_j its inventories, Q_j the goods it has
        sold so far this period, p_j its price, av_j the money value of what it can still
        sell, pref the buyers' preference for commons-oriented entities, wt_j
        the weight on seller j, d_j the demand addressed to it and spent_b what buyer b
        spends (every buyer of a call gets the same fill ratio).
    """
    total = float(np.sum(amounts))
    e.period.demand += total
    if total <= 0:
        return amounts * 0.0
    available, weights = seller_weights(e, preference)
    f = e.state.firms
    sellers = f.alive & (firm_attribute(e.params, f, "sells_goods") > 0)
    reach = np.where(sellers, f.output * f.price, 0.0) * buyer_weight(e, preference)
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
