"""Pay for work: wages, cooperative pay and task payments (M1.2, M1.4, M2.3, M3.2).

Each firm's pay pool is labour's bargained share (``labour.bargaining``, M1.5/M1.6) of the
value its workers produce. In proprietary firms the pool is split by skill and hours, the
managerial-engineering layer taking a premium (M1.2); what is left after costs is profit
for the owners (M1.4). Task workers are paid the same rate per effective hour through the
platform, which keeps its take (M2.3) and gives no protection. In commons-oriented
entities the members' pay is bounded by a maximum pay ratio (M3.2).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.mechanisms.household_income import pay_households
from commonsim.mechanisms.platforms import note_use, platform_index

IMPLEMENTS = ("M1.2", "M1.4", "M2.3", "M3.2")


def pay_per_labour_year(unit_wage: float, productivity: np.ndarray | float
                        ) -> np.ndarray | float:
    """The pay rule: the money wage per unit of output times output per labour-year.

    `unit_wage` is the money wage per unit of output (``Aggregates.unit_wage``), set by
    the bargaining institution at the opening and moved by :mod:`.prices` since.

    Equations:
        w_j = W_t * a_j
        where a_j is output per effective labour-year, W_t the money wage per unit of
        output (labour.bargaining at the opening) and w_j the pay per effective labour-year.
    """
    return unit_wage * productivity


def pay_weights(e: Economy) -> np.ndarray:
    """Relative pay of each household for its hours: skill, managers' premium, pay caps.

    Equations:
        omega_i = s_i * hp_i * (1 + labour.manager_premium)   employed managers
        omega_i = s_i * hp_i                                    other employees
        omega_i = min(s_i, cooperatives.pay_ratio * smin_j) * hp_i   members of entity j
        where s_i is household i's skill, hp_i its paid hours and smin_j the lowest skill
        among entity j's members.
    """
    p, hh, f = e.params, e.state.households, e.state.firms
    low = _lowest_member_skill(hh.skill, hh.member_of, f.n)
    weight = np.empty(hh.n)
    over_halves(_weights_kernel, hh.n, hh.skill, hh.hours_paid, hh.employer, hh.layer,
                hh.member_of, low, 1.0 + p.labour.manager_premium, p.cooperatives.pay_ratio,
                weight)
    return weight


def noted_pay_weights(e: Economy) -> np.ndarray:
    """The pay weights pay_labour noted this period, or computed now if it has not run.

    Skills, paid hours and jobs do not change between paying labour and settling the
    firms, so the weights are the same and one pass over the households is saved.
    """
    noted = e.period.pay_weights
    return noted if noted.size == e.state.households.n else pay_weights(e)


@njit(cache=True)
def _lowest_member_skill(skill, member_of, m):  # pragma: no cover - compiled
    """Each of the `m` entities' lowest member skill (inf where it has no members)."""
    low = np.full(m, np.inf)
    for i in range(skill.size):
        j = member_of[i]
        if j >= 0 and skill[i] < low[j]:
            low[j] = skill[i]
    return low


@njit(cache=True, nogil=True)
def _weights_kernel(lo, hi, skill, hours, employer, layer, member_of, low, premium, pay_ratio,
                    weight):  # pragma: no cover - compiled
    """pay_weights for households lo..hi, given each entity's lowest member skill `low`.

    The same operations in the same order as the array expressions they replace
    (``s * hp``, times the premium factor; ``min(s, smin * ratio) * hp`` for members).
    """
    for i in range(lo, hi):
        j = member_of[i]
        if j >= 0:
            weight[i] = min(skill[i], low[j] * pay_ratio) * hours[i]
        elif employer[i] >= 0 and layer[i] == 1:
            weight[i] = skill[i] * hours[i] * premium
        else:
            weight[i] = skill[i] * hours[i]


def pay_labour(e: Economy) -> None:
    """Pay employees, members and task workers their share of what their work produced.

    Equations:
        w_j = W_t * a_j                                     (pay_per_labour_year)
        pool_j = w_j * sum_{i at j} s_i * hp_i
        pay_i = pool_j * omega_i / sum_{k at j} omega_k    (wages, or coop pay to members)
        WB_j = sum_{i at j} pay_i                           (task work: pay_task_work)
        where a_j is firm j's productivity, W_t the money wage per unit of output, w_j its
        pay per effective labour-year, pool_j its pay pool (labour's bargained share of what
        its workers produced), s_i and hp_i household i's skill and paid hours, omega_i its
        pay weight (pay_weights) and WB_j firm j's wage bill.
    """
    hh, f = e.state.households, e.state.firms
    rate = pay_per_labour_year(e.state.agg.unit_wage, f.productivity)
    e.period.pay_weights = pay_weights(e)
    wages, coop, paid_wages, paid_coop, wage_bill = _pay_kernel(
        hh.employer, hh.member_of, hh.skill, hh.hours_paid, e.period.pay_weights, rate)
    pay_households(e, "wages", "firms", paid_wages, "wages", wages)
    pay_households(e, "wages", "firms", paid_coop, "coop_pay", coop)
    f.wage_bill[:] = wage_bill

    pay_task_work(e, rate)


@njit(cache=True)
def _pay_kernel(employer, member_of, skill, hours, weight, rate):  # pragma: no cover
    """pay_labour's pools and shares in two passes over the households.

    A household works at its employer, else at its entity. The first pass sums each
    employer's pool and pay weights, the second pays each worker its share and sums what
    each employer pays in wages and in members' pay (household order throughout, as
    ``np.bincount`` sums, so the totals are the same to the last bit).
    """
    n, m = employer.size, rate.size
    # Households working nowhere add to eight spare slots in turn (no branch, no waiting).
    pool = np.zeros(m + 8)
    weight_sum = np.zeros(m + 8)
    for i in range(n):
        at = employer[i] if employer[i] >= 0 else member_of[i]
        slot = at if at >= 0 else m + (i & 7)
        pool[slot] += skill[i] * hours[i] * rate[max(at, 0)]
        weight_sum[slot] += weight[i]
    wages = np.zeros(n)
    coop = np.zeros(n)
    paid_wages = np.zeros(m)
    paid_coop = np.zeros(m)
    wage_bill = np.zeros(m)
    for i in range(n):
        at = employer[i] if employer[i] >= 0 else member_of[i]
        if at < 0:
            continue
        pay = pool[at] * weight[i] / max(weight_sum[at], 1e-300)
        if member_of[i] >= 0:
            coop[i] = pay
            paid_coop[at] += pay
        else:
            wages[i] = pay
            paid_wages[at] += pay
        wage_bill[at] += pay
    return wages, coop, paid_wages, paid_coop, wage_bill


def pay_task_work(e: Economy, rate: np.ndarray) -> None:
    """Task work through the platform: paid at the same rate, less the platform's take.

    Equations:
        B_j = G_j * min(1, S / sum_m G_m)      (task work firm j actually gets)
        P_k = (1 - tau) * sum_j B_j r_j * z_k g_k / S     (task worker k's pay)
        T = tau * sum_j B_j r_j                (the platform's take, M2.3)
        G_j: task work firm j asked for, S: effective task work supplied,
        r_j: firm j's pay per effective labour-year, tau: platforms.take_rate,
        z_k, g_k: worker k's skill and task hours
    """
    p, hh, f, ledger = e.params, e.state.households, e.state.firms, e.ledger
    gig_need = e.period.gig_need
    served = float(e.period.gig_served)
    if served <= 0 or not p.platforms.enabled:
        return
    bought = gig_need * min(1.0, served / max(gig_need.sum(), 1e-300))
    gross_by_firm = bought * rate
    gross = float(gross_by_firm.sum())
    tau = p.platforms.take_rate
    net, fees = np.empty(hh.n), np.empty(hh.n)
    over_halves(_piece_pay, hh.n, hh.skill, hh.hours_gig, served, gross - tau * gross,
                tau * gross, net, fees)
    pay_households(e, "piece_payments", "firms", gross_by_firm * (1 - tau), "piece", net)
    received = np.zeros(f.n)
    received[platform_index(e)] = tau * gross
    ledger.transfer("platform_take", "firms", gross_by_firm * tau, "firms", received)
    note_use(e, fees, net)
    f.wage_bill += gross_by_firm * (1 - tau)


@njit(cache=True, nogil=True)
def _piece_pay(lo, hi, skill, hours_gig, served, net_total, take, net, fees
               ):  # pragma: no cover - compiled
    """Each task worker's pay P_k and the fees its work generated, for households lo..hi.

    With the worker's share z_k g_k / S: P_k = (1 - tau) sum_j B_j r_j * share and
    fee_k = tau sum_j B_j r_j * share (the same operations as the array expressions).
    """
    for i in range(lo, hi):
        share = (skill[i] * hours_gig[i]) / served
        net[i] = net_total * share
        fees[i] = take * share
