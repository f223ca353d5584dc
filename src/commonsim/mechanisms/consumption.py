"""Household consumption and borrowing to consume (M1.6).

Godley & Lavoie's consumption function, per household: a share of disposable income plus a
share of opening net liquid wealth. Households defend a level of consumption tied to the
mean income (``households.need_share``); when income falls short of it they borrow, up to
a credit limit (M1.6: debt dependence). Part of spending goes to peers via platforms (M2.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commonsim.mechanisms.goods import buy
from commonsim.mechanisms.platforms import peer_exchange

if TYPE_CHECKING:
    from commonsim.economy.engine import Economy

IMPLEMENTS = ("M1.6",)


def consumption_plan(e: Economy) -> np.ndarray:
    """What each household wants to spend this period, within what it can finance."""
    p, hh = e.params, e.state.households
    h = p.households
    income = hh.disposable
    desired = h.propensity_income * income + h.propensity_wealth * np.maximum(
        hh.opening_wealth, 0.0
    )
    if h.need_share > 0:
        desired = np.maximum(desired, h.need_share * e.state.agg.mean_income)
    deposits = e.ledger.deposits["households"]
    loans = e.ledger.loans["households"]
    room = np.maximum(p.finance.credit_limit * np.maximum(income, 0.0) - loans, 0.0)
    affordable = np.maximum(deposits, 0.0) + room
    return np.clip(desired, 0.0, affordable)


def consume(e: Economy) -> None:
    p, hh = e.params, e.state.households
    plan = consumption_plan(e)
    to_firms = peer_exchange(e, plan)
    spent = buy(e, "consumption", "households", to_firms, p.market.ethical_preference)
    hh.consumption[:] = spent + (plan - to_firms)
    hh.borrowed[:] = e.ledger.deposits["households"] < 0
