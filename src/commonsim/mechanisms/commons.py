"""The commons pool and the for-benefit institutions that steward it (M2.1, M2.5, M3.5, M3.6).

The commons is a non-rival stock of knowledge, code and design, counted in effective
hour-years: it grows with civic contribution hours times skill, with the paid commons work
firms finance (M2.4) and depreciates as knowledge ages (M2.1). For-benefit institutions
receive donations from contributors and capital, statutory shares from entities, levies and
state funding (M3.6), and spend it all as stipends to contributors, which pay for commons
work at the going rate per effective hour: money given to the commons buys contribution,
as a foundation paying developers does. Governance follows
funding (M2.5): the capital-funded share of the budget goes to contributors in proportion
to skill-weighted hours (the work firms value most); where contributors govern (M3.5) it
goes in proportion to hours alone.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.mechanisms.household_income import pay_households
from commonsim.mechanisms.wages import pay_per_labour_year

IMPLEMENTS = ("M2.1", "M2.4", "M2.5", "M3.5", "M3.6")


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
    return max(pay_per_labour_year(p, productivity), 1e-12)


def fund_commons(e: Economy) -> None:
    """Donations and stipends for commons work, then the commons stock's growth.

    Equations:
        don_i = min(commons.contributor_donations * max(YD_i, 0), max(D_i, 0))
                for contributors (hc_i > 0);  YD_i -= don_i
        Bf = D_F                                     (the for-benefit account, all of it)
        (wk, wc) = (0, 1) if commons.contributor_governance, else funding_weights(Fk, Fc, Fs)
        e_i = s_i * hc_i
        st_i = Bf * v_i / sum v,  v_i = wk * e_i * s_i / sum_k e_k * s_k + wc * e_i / sum_k e_k
        Hf = Bf / wc_rate                            (funded hours, pay_rate)
        K_C = (1 - technology.commons_depreciation) * K_C
              + (1 - state.coproduction) * sum_i e_i + sum_j CL_j + Hf
        where YD_i, D_i are household i's disposable income and deposits, hc_i its civic
        hours, s_i its skill, e_i its effective civic hours, D_F the for-benefit deposits,
        Bf the budget paid out as stipends st_i, Fk (commons levy and firms' donations),
        Fc (entities' commons share and households' donations) and Fs (state commons
        funding and civic infrastructure) this period's funding by source, wk and wc the
        shares steered by capital and contributors, wc_rate the pay per effective
        labour-year, Hf the effective hours the budget counts as buying, CL_j the commons
        work firm j finances and K_C the commons stock. Stipends are paid only when
        Bf > 0 and someone gave civic hours, else Hf = 0.
    """
    p, hh, f, ledger, agg = e.params, e.state.households, e.state.firms, e.ledger, e.state.agg
    contributors = hh.hours_civic > 0
    rate = p.commons.contributor_donations
    if rate > 0 and contributors.any():
        gift = np.where(contributors, rate * np.maximum(hh.disposable, 0.0), 0.0)
        gift = np.minimum(gift, np.maximum(ledger.deposits["households"], 0.0))
        ledger.transfer("donations", "households", gift, "forbenefit", float(gift.sum()))
        hh.disposable -= gift

    budget = float(ledger.deposits["forbenefit"][0])
    hours = hh.hours_civic * hh.skill
    funded = 0.0
    if budget > 0 and hours.sum() > 0:
        cap_w, con_w = governance_weights(e)
        by_skill = hours * hh.skill
        weights = cap_w * by_skill / by_skill.sum() + con_w * hours / hours.sum()
        stipends = budget * weights / weights.sum()
        pay_households(e, "commons_stipends", "forbenefit", budget, "stipends", stipends)
        funded = budget / pay_rate(e)

    # The pool: civic hours (less those co-producing public services) and firm-paid work.
    civic = float(hours.sum()) * (1.0 - p.state.coproduction)
    paid = float(f.commons_labour.sum())
    rate_paid = pay_per_labour_year(p, f.productivity)
    e.period.commons_paid_work = float((f.commons_labour * rate_paid).sum())
    before = agg.commons
    added = civic + paid + funded
    agg.commons = (1.0 - p.technology.commons_depreciation) * agg.commons + added
    e.period.commons_added = added
    e.period.commons_funded_hours = funded
    e.period.commons_before = before
