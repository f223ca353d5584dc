"""How each household divides its free time: leisure, civic contribution, paid commons work.

One rule for every household (M2.1, M3.6, M3.11). Paid work in firms, entities and on
platforms is decided first (those steps hire; an offered job is taken whatever the
household's income security, as the Finnish basic-income trial found no fall in work).
What is left of a standard year, plus the leisure a full-time worker still has, is free
time. A household takes part in civic contribution when its civic taste (a uniform draw
made once) is below its participation rate, which rises with its income security and its
free time; participants are offered the commons work for-benefit institutions pay for
(M3.6), up to the part of the year they have not sold, and give a fixed share of what free
time remains to unpaid civic contribution. So a basic income (M3.11), shorter hours or
stipends change how much time people give, through the same rule in every regime.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.arrays import power_by_value, sum_of
from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.mechanisms.commons import pay_rate

IMPLEMENTS = ("M2.1", "M3.6", "M3.11")


#: Income kinds a household cannot count on: benefits conditional on seeking work, and
#: task and peer pay from platforms.
CONDITIONAL_KINDS = ("benefits", "piece", "peer")


def note_income_sources(e: Economy) -> None:
    """Keep this period's conditional income for next year's time decisions.

    Equations:
        z_i = benefits_i + piece_i + peer_i      income household i cannot count on
    """
    hh, income = e.state.households, e.ledger.income
    hh.previous_conditional[:] = sum_of(tuple(income[kind] for kind in CONDITIONAL_KINDS))


def civic_security(e: Economy) -> np.ndarray:
    """Income security: last year's income one can count on over the median, capped at one.

    Conditional income (benefits tied to seeking work, task pay) counts only in part, by
    ``households.conditional_discount``: the Finnish trial paid the unemployed about what
    their benefit was, unconditionally, and they reported better wellbeing and less
    stress, so the same money is worth more security when it is unconditional.
    """
    return _security_times(e, 1.0, np.ones(e.state.households.n))


def participation_rate(e: Economy, free_time: np.ndarray) -> np.ndarray:
    """Each household's chance of taking part in civic contribution this year."""
    hp = e.params.households
    ratio = free_time / max(hp.leisure, 1e-12)
    return _security_times(e, hp.volunteer_share,
                           power_by_value(ratio, hp.civic_time_elasticity))


def _security_times(e: Economy, scale: float, factor: np.ndarray) -> np.ndarray:
    """``scale * civic_security(e) * factor`` in one pass.

    A `factor` of another shape than the households' is broadcast by NumPy instead.
    """
    hh, median = e.state.households, e.state.agg.median_income
    if factor.shape != hh.previous_disposable.shape:
        return scale * civic_security(e) * factor
    out = np.empty(hh.n)
    over_halves(_security_kernel, hh.n, hh.previous_disposable, hh.previous_conditional,
                e.params.households.conditional_discount, median, scale, factor, out)
    return out


@njit(cache=True, nogil=True)
def _security_kernel(lo, hi, disposable, conditional, discount, median, scale, factor, out
                     ):  # pragma: no cover - compiled
    """Return scale * s_i * factor_i, s_i = clip((y_i - g * z_i) / y_med, 0, 1), or 1 if y_med <= 0.

    For households lo..hi. The clip is NumPy's: a NaN stays NaN, below 0 gives 0, above 1
    gives 1.
    """
    for i in range(lo, hi):
        s = 1.0
        if median > 0:
            s = (disposable[i] - discount * conditional[i]) / median
            if not s != s:
                s = s if s >= 0.0 else 0.0
                s = s if s <= 1.0 else 1.0
        out[i] = scale * s * factor[i]


def offer_commons_work(e: Economy, unsold: np.ndarray, takes_part: np.ndarray) -> np.ndarray:
    """Hours of paid commons work each participant takes: the for-benefit budget's offer.

    The institutions spend the money they hold at the start of the year on effective
    hours at the going pay rate, offered to participants in proportion to the time they
    have not sold, weighted towards skill by the share of the budget capital steers (M2.5).
    Nobody takes more than the part of the year they have not sold; money not taken up
    is granted to contributors at the end of the year and buys no hours
    (:func:`commonsim.mechanisms.commons.grant_unspent`).
    """
    hh = e.state.households
    budget = float(e.ledger.deposits["forbenefit"][0])
    rate = pay_rate(e)
    e.period.commons_offer_rate = rate
    e.period.commons_offer_budget = budget
    cap_w = e.state.agg.forbenefit_capital_weight
    weight = np.empty(hh.n)
    over_halves(_offer_weights, hh.n, takes_part, hh.skill, unsold, cap_w, weight)
    total = weight.sum()
    if budget <= 0 or total <= 0:
        return np.zeros(hh.n)
    taken = np.empty(hh.n)
    over_halves(_taken_hours, hh.n, weight, hh.skill, unsold, budget / rate, total, taken)
    return taken


@njit(cache=True, nogil=True)
def _offer_weights(lo, hi, takes_part, skill, unsold, cap_w, weight):  # pragma: no cover
    """w_i of offer_commons_work for households lo..hi."""
    for i in range(lo, hi):
        if takes_part[i]:
            weight[i] = ((1.0 - cap_w) + cap_w * skill[i]) * skill[i] * unsold[i]
        else:
            weight[i] = 0.0


@njit(cache=True, nogil=True)
def _taken_hours(lo, hi, weight, skill, unsold, hours_bought, total, taken
                 ):  # pragma: no cover - compiled
    """h_com_i of offer_commons_work for households lo..hi."""
    for i in range(lo, hi):
        taken[i] = min(unsold[i], hours_bought * weight[i] / total / max(skill[i], 1e-12))


def allot_time(e: Economy) -> None:
    """Divide each household's free time between commons work, civic time and leisure.

    Equations:
        U_i = max(1 - h_paid_i - h_gig_i, 0)           part of a standard year not sold
        F_i = L + U_i                                   free time (L = households.leisure)
        s_i = min(1, max(y_i - g * z_i, 0) / y_med)     income security: last year's
                                                        disposable income y_i less the
                                                        discounted conditional income z_i
                                                        (g = households.conditional_discount)
                                                        over the median
        q_i = v * s_i * (F_i / L)^eta                   participation rate (v =
                                                        households.volunteer_share, eta =
                                                        households.civic_time_elasticity)
        part_i = [u_i < q_i]                            u_i: civic taste, uniform, drawn once
        E = B / r                                       effective hours the for-benefit
                                                        budget B buys at pay rate r
        w_i = part_i * ((1 - k) + k * a_i) * a_i * U_i  offer weight (a_i skill, k capital's
                                                        governance weight last year)
        h_com_i = min(U_i, E * w_i / sum(w) / a_i)      paid commons hours taken
        h_civ_i = part_i * c * (F_i - h_com_i)          unpaid civic hours (c =
                                                        households.civic_propensity)
        leisure_i = F_i - h_com_i - h_civ_i
    """
    p, hh = e.params, e.state.households
    hh.hours_commons[:] = 0.0
    if not p.commons.enabled:
        hh.hours_civic[:] = 0.0
        return
    unsold, free_time = np.empty(hh.n), np.empty(hh.n)
    over_halves(_free_time, hh.n, hh.hours_paid, hh.hours_gig, p.households.leisure, unsold,
                free_time)
    takes_part = hh.civic_taste < participation_rate(e, free_time)
    hh.hours_commons[:] = offer_commons_work(e, unsold, takes_part)
    over_halves(_civic_hours, hh.n, hh.hours_civic, takes_part, free_time, hh.hours_commons,
                p.households.civic_propensity)


@njit(cache=True, nogil=True)
def _free_time(lo, hi, paid, gig, leisure, unsold, free_time):  # pragma: no cover - compiled
    """U_i = max(1 - h_paid_i - h_gig_i, 0) (NaN kept, as np.maximum) and F_i = L + U_i.

    For households lo..hi.
    """
    for i in range(lo, hi):
        u = 1.0 - paid[i] - gig[i]
        u = u if (u >= 0.0 or u != u) else 0.0
        unsold[i] = u
        free_time[i] = leisure + u


@njit(cache=True, nogil=True)
def _civic_hours(lo, hi, civic, takes_part, free_time, commons, propensity
                 ):  # pragma: no cover - compiled
    """h_civ_i = part_i * c * (F_i - h_com_i), in place, for households lo..hi."""
    for i in range(lo, hi):
        civic[i] = propensity * (free_time[i] - commons[i]) if takes_part[i] else 0.0
