"""Demographic turnover: households retire and heirs take their place (every regime).

Without turnover no one ever leaves the economy, so whatever compounds within a working
life (deskilling of line work, M1.2; a debt treadmill) compounds for ever and the
distributions have no stationary state. As in overlapping-generations and agent-based
macro models, each year a share ``households.turnover`` of households (one in a working
life of 40 years) retires and is replaced in its place by an entrant household, its heir:

- the entrant's skill is drawn from the opening distribution (``households.skill_sigma``),
  its place in hiring queues from that skill with fresh luck, its membership of the
  managerial layer by the opening rule (the top ``labour.manager_share`` of that
  distribution), and its civic taste (the uniform draw of the time rule, mechanisms/time_use.py);
- the estate settles the retiree's consumer debt out of its deposits through the ledger
  (a repayment); debt the deposits cannot pay dies with the retiree and the bank writes it
  off through the ledger; the rest (deposits, ownership stake, home and mortgage) passes
  to the heir, who also takes over the retiree's job or membership.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.queue import rerank

IMPLEMENTS: tuple[str, ...] = ()


def manager_threshold(sigma: float, manager_share: float) -> float:
    """Skill above which an entrant joins the managerial layer (the opening rule's cut).

    Equations:
        s_min = exp(-sigma^2 / 2 + sigma * Phi^-1(1 - m))
        (sigma: log-sd of skill; m: manager share; Phi^-1: standard normal quantile)
    """
    top = 1.0 - manager_share
    if top >= 1.0:  # no one (or a share too small to resolve) manages
        return float("inf")
    if top <= 0.0:
        return 0.0
    z = NormalDist().inv_cdf(top)
    return float(np.exp(-0.5 * sigma**2 + sigma * z))


def retire_and_enter(e: Economy) -> None:
    """A share of households retires; each estate settles and an heir takes its place.

    Equations:
        R_i ~ Bernoulli(turnover)                          (retires this year)
        repaid_i = R_i * min(max(M_i, 0), L_i - Mtg_i)     (estate repays consumer debt)
        written_off_i = R_i * (L_i - Mtg_i - repaid_i)     (debt that dies with the retiree)
        s_i' = exp(-sigma^2/2 + sigma * z_i), z_i ~ N(0, 1)   for R_i = 1
        priority_i' = s_i' * U(0.5, 1.5);  layer_i' = [s_i' >= s_min]
        (M: deposits, L: bank loans, Mtg: mortgage, s: skill, sigma: skill_sigma)
    """
    p, hh, ledger = e.params, e.state.households, e.ledger
    rate = p.households.turnover
    if rate <= 0 or not p.engine.heterogeneous:
        e.period.retirements = 0.0
        return
    rng = e.rng["demography"]
    retiring = rng.random(hh.n) < rate
    who = np.flatnonzero(retiring)
    e.period.retirements = float(who.size)
    if who.size == 0:
        return
    # Only the retirees' accounts change: booked for them alone, not over every household.
    loans = ledger.loans["households"]
    ledger.repay_at("households", who, _estate_debt(who, loans, hh.mortgage,
                                                    ledger.deposits["households"]))
    unpaid = _estate_debt(who, loans, hh.mortgage, None)
    if unpaid.any():
        ledger.write_off_at("households", who, unpaid)
    sigma = p.households.skill_sigma
    skill = rng.lognormal(-0.5 * sigma**2, sigma, who.size)
    hh.skill[who] = skill
    hh.priority[who] = skill * rng.uniform(0.5, 1.5, who.size)
    rerank(hh.queue, hh.priority, who)
    if p.labour.manager_share > 0 and sigma > 0:  # equal skills: heirs keep the slot's layer
        cut = manager_threshold(sigma, p.labour.manager_share)
        hh.layer[who] = (skill >= cut).astype(hh.layer.dtype)
    hh.civic_taste[who] = rng.random(who.size)


@njit(cache=True)
def _estate_debt(who, loans, mortgage, deposits):  # pragma: no cover - compiled
    """Each retiree's consumer debt max(L_i - Mtg_i, 0), capped by max(M_i, 0) if given."""
    debt = np.empty(who.size)
    for k in range(who.size):
        i = who[k]
        owed = max(loans[i] - mortgage[i], 0.0)
        debt[k] = owed if deposits is None else min(max(deposits[i], 0.0), owed)
    return debt
