"""The commons pool and the for-benefit institutions that steward it (M2.1, M2.5, M3.5, M3.6).

The commons is a non-rival stock of knowledge, code and design, counted in effective
hour-years: it grows with civic contribution hours times skill, with the paid commons work
firms finance (M2.4) and depreciates as knowledge ages (M2.1). For-benefit institutions
receive donations from contributors and capital, statutory shares from entities, levies and
state funding (M3.6), and spend it all as stipends to contributors, which pay for commons
work at the going rate per effective hour: money given to the commons buys hours that
contributors work (offered and taken through the time rule of :mod:`.time_use`), as a
foundation paying developers does. Governance follows funding (M2.5): the share of the
budget capital steers is offered towards skill (the work firms value most); where
contributors govern (M3.5) it is offered by time available alone. Phyle members' shared
know-how (M3.3) and open design (M3.4, fewer materials per unit of output) come from the
same pool.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.arrays import shares_of
from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.ledger import TOTAL
from commonsim.mechanisms.household_income import pay_households
from commonsim.mechanisms.wages import pay_per_labour_year

IMPLEMENTS = ("M2.1", "M2.4", "M2.5", "M3.3", "M3.4", "M3.5", "M3.6")


def governance_weights(e: Economy) -> tuple[float, float]:
    """Shares of the for-benefit budget steered by capital and by contributors."""
    if e.params.commons.contributor_governance:
        return 0.0, 1.0
    return funding_weights(*forbenefit_funding(e))


def funding_weights(capital: float, contributors: float, state: float) -> tuple[float, float]:
    """Shares steered by capital and contributors when governance follows funding (M2.5).

    Equations:
        tot = Fk + Fc + Fs
        wk = (Fk + Fs * [Fk >= Fc]) / tot;  wc = (Fc + Fs * [Fk < Fc]) / tot
        (wk, wc) = (0, 1) when tot <= 0
        where Fk, Fc and Fs are what capital, contributors and the state gave, and wk, wc
        the budget shares steered by capital and by contributors.
    """
    total = capital + contributors + state
    if total <= 0:
        return 0.0, 1.0
    # The state's share follows the majority funder of the rest.
    cap_w = capital / total
    con_w = contributors / total
    if capital >= contributors:
        cap_w += state / total
    else:
        con_w += state / total
    return cap_w, con_w


def forbenefit_funding(e: Economy) -> tuple[float, float, float]:
    """What capital, contributors and the state gave for-benefit institutions this period.

    Capital: the commons levy and firms' donations; contributors: entities' statutory
    shares and households' donations; the state: commons funding and civic infrastructure.
    """
    ledger = e.ledger
    capital = ledger.paid("commons_levy") + ledger.paid("donations", "firms")
    contributors = (ledger.paid("commons_funding", "firms")
                    + ledger.paid("donations", "households"))
    state = ledger.paid("commons_funding", "state") + ledger.paid("civic_infrastructure")
    return capital, contributors, state


def pay_rate(e: Economy) -> float:
    """Pay per effective labour-year: labour's share of output per effective labour-year.

    Equations:
        abar = sum_j a_j * Lab_j / sum_j Lab_j   (A = technology.productivity if no labour)
        wc = labour.bargaining * abar
        where a_j and Lab_j are firm j's productivity and effective labour and wc the pay
        per effective labour-year of commons work.
    """
    p, f = e.params, e.state.firms
    labour = float(f.labour.sum())
    productivity = float((f.productivity * f.labour).sum()) / labour if labour > 0 else (
        p.technology.productivity)
    return max(pay_per_labour_year(e.state.agg.unit_wage, productivity), 1e-12)


def materials_per_output(e: Economy, open_share: float) -> float:
    """Materials per unit of output relative to closed design (1 = no open design).

    Open design in the commons (M3.4) saves ``technology.open_design_saving`` when every
    design in use is in the commons, in proportion to the commons' share of the knowledge
    in use (:func:`commonsim.mechanisms.production.knowledge_stocks`).

    Equations:
        m = 1 - technology.open_design_saving * K_C / (K_0 + K_P + K_C)
        (m = 1 where commons.enabled is off)
    """
    p = e.params
    if not p.commons.enabled:
        return 1.0
    return 1.0 - p.technology.open_design_saving * open_share


def fund_commons(e: Economy) -> None:
    """Donations, stipends for the commons work households did, then the commons' growth.

    Equations:
        g_i = d * max(y_i, 0)                       donation of contributor i (d =
                                                    commons.contributor_donations)
        S_i = h_com_i * a_i * r                     stipend for paid commons hours h_com_i
                                                    (a_i skill, r the pay rate offered)
        G: the unspent part of the budget, granted to contributors (grant_unspent)
        k = capital's governance weight             (M2.5: capital / all funding, the
                                                    state's part with the majority funder;
                                                    0 under contributor governance), used
                                                    by next year's offer
        A = (1 - cp) * sum_i h_civ_i a_i            civic hours (cp = state.coproduction)
            + sum_j commons_labour_j                firm-funded commons work
            + sum_i h_com_i a_i                     commons work bought by stipends
            + x * sum_{j in phyle} labour_j         members' work shared through the
                                                    phyle (x = cooperatives.phyle_sharing)
        K' = (1 - delta) K + A                      commons stock (delta =
                                                    technology.knowledge_depreciation)
    """
    p, hh, f, ledger, agg = e.params, e.state.households, e.state.firms, e.ledger, e.state.agg
    rate = p.commons.contributor_donations
    if rate > 0:
        gift = np.empty(hh.n)
        over_halves(_donations, hh.n, hh.hours_civic, hh.hours_commons, hh.disposable,
                    ledger.deposits["households"], rate, gift)
        if _anyone_contributes(hh.hours_civic, hh.hours_commons):
            ledger.transfer("donations", "households", gift, "forbenefit", TOTAL)
            hh.disposable -= gift

    # Stipends pay for the hours worked, at the rate they were offered at; the budget
    # they were offered from was on deposit at the start of the year and has only grown.
    worked = hh.hours_commons * hh.skill
    stipends = worked * e.period.commons_offer_rate
    owed = float(stipends.sum())
    if owed > 0:
        pay_households(e, "commons_stipends", "forbenefit", owed, "stipends", stipends)
    agg.forbenefit_capital_weight = governance_weights(e)[0]
    civic_hours = hh.hours_civic * hh.skill
    grant_unspent(e, e.period.commons_offer_budget - owed, civic_hours)

    # The pool: civic hours (less those co-producing public services), firm-paid work,
    # commons work bought by stipends and what phyle members share of their work.
    civic = float(civic_hours.sum()) * (1.0 - p.state.coproduction)
    paid = float(f.commons_labour.sum())
    rate_paid = pay_per_labour_year(agg.unit_wage, f.productivity)
    e.period.commons_paid_work = float((f.commons_labour * rate_paid).sum())
    funded = float(worked.sum())
    shared = phyle_shared_work(e)
    before = agg.commons
    added = civic + paid + funded + shared
    agg.commons = (1.0 - p.technology.knowledge_depreciation) * agg.commons + added
    e.period.commons_added = added
    e.period.commons_funded_hours = funded
    e.period.commons_phyle_work = shared
    e.period.commons_before = before


def grant_unspent(e: Economy, unspent: float, hours: np.ndarray | None = None) -> None:
    """What the year's offer did not buy is granted to civic contributors, buying no hours.

    Money no one could take up as paid commons work (everyone's year already sold) would
    otherwise lie idle in the institutions for good; it is shared among contributors as
    grants, by the governance weights (capital's share by skill-weighted hours, the rest by
    hours), and adds nothing to the commons.

    Equations:
        G = B - sum_i S_i                         unspent part of the budget B offered
        v_i = k * h_civ_i a_i^2 / sum(h_civ a^2) + (1 - k) * h_civ_i a_i / sum(h_civ a)
        grant_i = G * v_i / sum(v)

    `hours` is h_civ_i a_i, when the caller has it already.
    """
    hh = e.state.households
    hours = hh.hours_civic * hh.skill if hours is None else hours
    total_hours = hours.sum()
    if unspent <= 1e-12 or total_hours <= 0:
        return
    cap_w, con_w = governance_weights(e)
    by_skill = hours * hh.skill
    weights = np.empty(hh.n)
    over_halves(_grant_weights, hh.n, cap_w, by_skill, by_skill.sum(), con_w, hours,
                total_hours, weights)
    grants = shares_of(unspent, weights, weights.sum())
    pay_households(e, "commons_stipends", "forbenefit", unspent, "stipends", grants)
    e.period.commons_grants = unspent


def phyle_shared_work(e: Economy) -> float:
    """Effective labour of phyle members codified into the joint commons pool (M3.3)."""
    p, f = e.params, e.state.firms
    if not p.cooperatives.phyles:
        return 0.0
    members = f.alive & f.phyle
    return p.cooperatives.phyle_sharing * float(f.labour[members].sum())


@njit(cache=True, nogil=True)
def _donations(lo, hi, civic, commons, disposable, deposits, rate, gift
               ):  # pragma: no cover - compiled
    """g_i = min(d * max(y_i, 0), max(D_i, 0)) for contributors, else min(0, max(D_i, 0)).

    For households lo..hi; max and min as NumPy's (a NaN wins; of equal values, the second).
    """
    for i in range(lo, hi):
        g = 0.0
        if civic[i] > 0 or commons[i] > 0:
            y = disposable[i]
            g = rate * (y if (y != y or y > 0.0) else 0.0)
        d = deposits[i]
        d = d if (d != d or d > 0.0) else 0.0
        gift[i] = g if (g != g or g < d) else d


@njit(cache=True)
def _anyone_contributes(civic, commons):  # pragma: no cover - compiled
    """Whether any household gives civic or paid commons hours (stops at the first)."""
    for i in range(civic.size):
        if civic[i] > 0 or commons[i] > 0:
            return True
    return False


@njit(cache=True, nogil=True)
def _grant_weights(lo, hi, cap_w, by_skill, skill_total, con_w, hours, hours_total, out
                   ):  # pragma: no cover - compiled
    """v_i of grant_unspent for households lo..hi (the same operations in the same order)."""
    for i in range(lo, hi):
        out[i] = cap_w * by_skill[i] / skill_total + con_w * hours[i] / hours_total
