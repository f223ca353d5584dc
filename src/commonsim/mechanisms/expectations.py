"""Production plans from demand expectations, and open supply chains (M3.4).

Firms produce what they expect to sell. Without coordination they forecast from their own
past sales (adaptive expectations) with errors; open supply chains (M3.4) share supply and
demand signals, which shrinks the forecast error and the lag by ``market.coordination``.
Output not sold is waste; so coordination is what cuts overproduction.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.state import PLATFORM

IMPLEMENTS = ("M3.4",)


def plan_output(e: Economy) -> None:
    """Set each producing firm's planned output for the period.

    Equations:
        sigma = technology.forecast_noise * (1 - market.coordination)
        Qp_j = max(Xe_j, 0) * exp(sigma * eps_j - sigma^2 / 2)   for live producers
        to order (engine.production = "to-order"):
            Qp_j = Yorder * max(Xe_j, 0) / sum_k max(Xe_k, 0)
        where Qp_j is firm j's planned output, Xe_j its expected sales, eps_j a standard
        normal draw (stream "forecast"), sigma the forecast error's log standard deviation
        (the exp term has mean 1) and Yorder the output level the engine is trying. The
        platform plans no output. Sales S_j and addressed demand d_j are reset to 0.
    """
    f, p = e.state.firms, e.params
    producing = f.alive & (f.form != PLATFORM)
    f.sales[:] = 0.0
    f.demand[:] = 0.0
    if p.engine.production == "to-order":
        # Output equals this period's demand: the engine searches for that level.
        target = float(e.period.to_order_output)
        base = np.where(producing, np.maximum(f.expected, 0.0), 0.0)
        shares = base / base.sum() if base.sum() > 0 else producing / max(producing.sum(), 1)
        f.planned[:] = target * shares
        return
    sigma = p.technology.forecast_noise * (1.0 - p.market.coordination)
    shock = e.rng["forecast"].normal(0.0, 1.0, f.n)
    error = np.exp(sigma * shock - 0.5 * sigma**2)
    f.planned[:] = np.where(producing, np.maximum(f.expected, 0.0) * error, 0.0)


def update_expectations(e: Economy) -> None:
    """Revise expected demand after the market: adaptive, faster with shared signals.

    Firms learn from the demand addressed to them, served or not, so that unmet demand
    raises plans as surely as unsold output lowers them.

    Equations:
        theta = technology.forecast_adjust
                + market.coordination * (1 - technology.forecast_adjust)
        Xe_j = Xe_j + theta * (d_j - Xe_j)   for live firms, else 0
        where Xe_j is firm j's expected sales, d_j the demand addressed to it this period
        (goods market: the larger of its notional share and what it sold) and theta the
        weight on the newest observation.
    """
    f, p = e.state.firms, e.params
    weight = p.technology.forecast_adjust
    weight = weight + p.market.coordination * (1.0 - weight)
    f.expected[:] = np.where(f.alive, f.expected + weight * (f.demand - f.expected), 0.0)
