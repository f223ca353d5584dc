"""Production plans from demand expectations, and open supply chains (M3.4).

Firms produce what they expect to sell. Without coordination they forecast from their own
past sales (adaptive expectations) with errors; open supply chains (M3.4) share supply and
demand signals, which shrinks the forecast error and the lag by ``market.coordination``.
Output not sold is waste; so coordination is what cuts overproduction.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute

IMPLEMENTS = ("M3.4",)


def plan_output(e: Economy) -> None:
    """Set each producing firm's planned output for the period."""
    f, p = e.state.firms, e.params
    producing = f.alive & (firm_attribute(p, f, "sells_goods") > 0)
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
    """
    f, p = e.state.firms, e.params
    weight = p.technology.forecast_adjust
    weight = weight + p.market.coordination * (1.0 - weight)
    f.expected[:] = np.where(f.alive, f.expected + weight * (f.demand - f.expected), 0.0)
