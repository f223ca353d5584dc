"""Production plans from demand expectations, and open supply chains (M3.4).

Firms produce what they expect to sell, by one rule. Each reads a noisy signal of its own
demand around its adaptive expectation (the error is its own, independent of others').
A firm that keeps its books closed plans from that signal alone. Firms that open their
books to the open supply chain (a share ``market.coordination`` of producers, M3.4) see
the pooled signals of every open book, that is aggregate demand, and plan their known
share of it: their own errors average out with the others', so their forecast error falls
because they know more, and more the more producers open their books. Output not sold is
kept as inventories (:mod:`.prices`), which the next plan works off part of; shared
information is what cuts overproduction.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute

IMPLEMENTS = ("M3.4",)


def plan_output(e: Economy) -> None:
    """Set each producing firm's planned output for the period.

    Equations:
        to-order:    Q_j = Y* * E_j / sum_k E_k       (Y* the engine's trial output level)
        to-forecast: S_j as in plan_from_books: own signal x_j for closed books, the
                     known share of pooled open-book demand for open ones;
                     Q_j = max(S_j + gamma (nu E_j - IN_j), 0)   (inventories worked off
                     part of the way to their target: Godley & Lavoie's model DIS)
        (E_j expected demand, IN_j inventories, gamma market.inventory_adjust, nu
        market.inventory_target)
    """
    f, p = e.state.firms, e.params
    producing = f.alive & (firm_attribute(p, f, "sells_goods") > 0)
    f.sales[:] = 0.0
    f.sold[:] = 0.0
    f.demand[:] = 0.0
    if p.engine.production == "to-order":
        # Output equals this period's demand: the engine searches for that level.
        target = float(e.period.to_order_output)
        base = np.where(producing, np.maximum(f.expected, 0.0), 0.0)
        shares = base / base.sum() if base.sum() > 0 else producing / max(producing.sum(), 1)
        f.planned[:] = target * shares
        return
    sigma = p.technology.forecast_noise
    shock = e.rng["forecast"].normal(0.0, 1.0, f.n)
    expected = np.where(producing, np.maximum(f.expected, 0.0), 0.0)
    signal = expected * np.exp(sigma * shock - 0.5 * sigma**2)
    sales = plan_from_books(expected, signal, producing & open_books(f.n,
                            p.market.coordination))
    # Prices: plans move inventories part of the way to their target (Godley & Lavoie's
    # model DIS): y = s^e + gamma (nu s^e - IN).
    m = p.market
    wanted = sales + m.inventory_adjust * (m.inventory_target * expected - f.inventory)
    f.planned[:] = np.where(producing, np.maximum(wanted, 0.0), 0.0)


def open_books(slots: int, share: float) -> np.ndarray:
    """Which firm slots open their books: a share `share` of slots, spread evenly.

    Slot j opens when the fractional part of j times the golden ratio is below the share
    (a low-discrepancy sequence), so any share opens about that share of every block of
    slots, proprietary or commons-oriented alike; no legal form is singled out.
    """
    return np.modf(np.arange(slots) * 0.6180339887498949)[0] < share


def plan_from_books(expected: np.ndarray, signal: np.ndarray, open_: np.ndarray) -> np.ndarray:
    """Planned output: own signal for closed books, a share of pooled demand for open ones.

    Equations:
        x_j = E_j * exp(sigma * eps_j - sigma^2 / 2)   own demand signal (E_j expected
                                                       demand, eps_j ~ N(0, 1) independent,
                                                       sigma = technology.forecast_noise)
        Q_j = x_j                                      closed books
        Q_j = (E_j / sum_{k open} E_k) * sum_{k open} x_k
                                                       open books: known share of the
                                                       aggregate demand the open books show
    """
    planned = signal.copy()
    pooled_expected = float(expected[open_].sum())
    if pooled_expected > 0:
        aggregate = float(signal[open_].sum())
        planned[open_] = expected[open_] / pooled_expected * aggregate
    return planned


def update_expectations(e: Economy) -> None:
    """Revise expected demand after the market: adaptive, the same for every firm.

    Firms learn from the demand addressed to them, served or not, so that unmet demand
    raises plans as surely as unsold output lowers them.

    Equations:
        E_j' = E_j + lambda * (d_j - E_j)   d_j demand addressed to firm j this period,
                                            lambda = technology.forecast_adjust
    """
    f, p = e.state.firms, e.params
    weight = p.technology.forecast_adjust
    f.expected[:] = np.where(f.alive, f.expected + weight * (f.demand - f.expected), 0.0)
