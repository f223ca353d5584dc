"""Solidarity funds that give commoners an income floor (M3.5).

The fund is fed by commons-oriented entities' statutory share of surplus, matched by the
state (M3.5, supported by the Partner State) up to what the fund needs that period. It tops
up the disposable income of commoners (civic contributors, task workers and entity members)
to a floor tied to the median income, as far as the fund allows. Phyle insurance money held
alongside is not spent here.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.ledger import TOTAL
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS = ("M3.5",)


def commoners(e: Economy) -> np.ndarray:
    """Households whose living depends on the commons economy."""
    hh = e.state.households
    return ((hh.hours_civic > 0) | (hh.hours_commons > 0) | (hh.hours_gig > 0)
            | (hh.member_of >= 0))


def pay_solidarity(e: Economy) -> None:
    """The state's match, then top-ups of commoners towards the floor.

    Equations:
        z = f * y_med                             floor (f = solidarity.floor, y_med last
                                                  year's median disposable income)
        g_i = [i commoner] * max(z - y_i, 0)      gap of commoner i (y_i disposable income)
        A = D_sol - P                             money of the fund (the solidarity
                                                  account less the phyle's pool P)
        M = min(m * C, max(sum(g) - A, 0))        the state's match (m =
                                                  solidarity.state_match, C entities'
                                                  contributions this year)
        paid_i = g_i * min(1, (A + M) / sum(g))
    """
    p, hh, ledger, agg = e.params, e.state.households, e.ledger, e.state.agg
    s = p.solidarity
    floor = s.floor * agg.median_income
    gap = np.empty(hh.n)
    over_halves(_gaps, hh.n, hh.hours_civic, hh.hours_commons, hh.hours_gig, hh.member_of,
                hh.disposable, floor, gap)
    need = float(gap.sum())
    available = float(ledger.deposits["solidarity"][0]) - agg.phyle_pool
    # The state matches the entities' contributions, but only as far as the fund needs
    # money this period: public money parked in a fund that already holds enough would sit
    # idle while the state borrows for it.
    match = s.state_match * ledger.paid("solidarity_contributions", "firms")
    match = min(match, max(need - available, 0.0))
    if match > 0:
        ledger.transfer("solidarity_contributions", "state", match, "solidarity", match)
        available += match
    if available <= 0 or need <= 0:
        return
    paid = gap * min(1.0, available / need)
    pay_households(e, "solidarity_payments", "solidarity", TOTAL, "solidarity", paid)
    e.period.floor_covered = min(1.0, available / need)


@njit(cache=True, nogil=True)
def _gaps(lo, hi, civic, commons, gig, member_of, disposable, floor, gap):  # pragma: no cover
    """g_i = max(z - y_i, 0) for commoners (as :func:`commoners`), else 0, households lo..hi.

    The max is NumPy's: a NaN wins; of equal values, the second.
    """
    for i in range(lo, hi):
        if civic[i] > 0 or commons[i] > 0 or gig[i] > 0 or member_of[i] >= 0:
            g = floor - disposable[i]
            gap[i] = g if (g != g or g > 0.0) else 0.0
        else:
            gap[i] = 0.0
