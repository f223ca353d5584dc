"""Phyles: federations of commons-oriented entities around a joint pool (M3.3).

A phyle's members pay a statutory share of their surplus into a common fund (in
:func:`commonsim.mechanisms.firms.split_entity_surplus`; the fund is held in the
solidarity sector's account, tracked as ``Aggregates.phyle_pool``). The fund insures
members: an overdraft at the end of a year is covered from it while it lasts. Beyond the
fund, the federation stands behind its members' credit (a mutual guarantee, as
Mondragon's group credit cooperative did): members borrow from the bank on firms' terms
and fail by the firms' rule (:mod:`.entities`). Members also codify a share of their work
into the joint commons pool (:func:`commonsim.mechanisms.commons.phyle_shared_work`).

Membership is each entity's choice, by one rule: it belongs while the insurance it expects
is worth at least what it pays in, given the failure risk it has seen among entities.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import attribute_table, firm_attribute

IMPLEMENTS = ("M3.3",)


def failure_risk(e: Economy) -> float:
    """Entities' yearly failure rate as entities see it: the prior updated by what happened.

    Equations:
        pi = (F + pi0 * n0) / (Y + n0)   F failures and Y entity-years so far of the forms
                                         with cooperative statutes (statutory_surplus);
                                         pi0, n0 the prior rate and weight
    """
    c, agg = e.params.cooperatives, e.state.agg
    statutes = attribute_table(e.params, "statutory_surplus")
    failures = sum(agg.failures[form] * statutes[form] for form in agg.failures)
    years = sum(agg.firm_years[form] * statutes[form] for form in agg.firm_years)
    weight = c.phyle_prior_years
    if years + weight <= 0:
        return c.phyle_prior_failure
    return (failures + c.phyle_prior_failure * weight) / (years + weight)


def choose_membership(e: Economy) -> None:
    """Each live entity joins or stays in the phyle when insurance is worth its dues.

    Equations:
        B_j = pi * max(p_j * E_j, 0)     expected yearly benefit: the risk of failing times
                                         the business at stake (a year of expected sales
                                         E_j at the entity's price p_j)
        C_j = s * max(P_j, 0)            yearly dues: the pooled share s =
                                         cooperatives.phyle_insurance of after-tax surplus P_j
        member_j = alive_j and B_j >= C_j
        Both sides are money: the choice does not change with the price level.
    """
    p, f = e.params, e.state.firms
    entity = f.alive & (firm_attribute(p, f, "statutory_surplus") > 0)
    benefit = failure_risk(e) * np.maximum(f.price * f.expected, 0.0)
    profit = e.period.profit_by_firm
    surplus = np.maximum(profit, 0.0) if profit.size else np.zeros(f.n)
    dues = p.cooperatives.phyle_insurance * surplus
    f.phyle[:] = entity & (benefit >= dues)
    e.period.phyle_members = float(f.phyle.sum())


def insure_members(e: Economy) -> None:
    """The fund covers members' overdrafts pro rata while it lasts.

    Equations:
        o_j = max(-D_j, 0) for members j   overdraft of member j (D_j its deposits)
        X = min(sum_j o_j, P, D_sol)        cover: the pool P, at most what the solidarity
                                            account holds
        paid_j = o_j * X / sum_j o_j;  P' = P - X
    """
    f, ledger, agg = e.state.firms, e.ledger, e.state.agg
    deposits = ledger.deposits["firms"]
    members = f.alive & f.phyle
    short = np.where(members, np.maximum(-deposits, 0.0), 0.0)
    need = float(short.sum())
    if need > 0 and agg.phyle_pool > 0:
        cover = min(need, agg.phyle_pool, float(ledger.deposits["solidarity"][0]))
        if cover > 0:
            ledger.transfer("mutual_insurance", "solidarity", cover, "firms",
                            short * (cover / need))
            agg.phyle_pool -= cover
            e.period.phyle_insurance_paid = cover


def backed_by_phyle(e: Economy) -> np.ndarray:
    """Entities whose credit the phyle stands behind (its members, where phyles exist)."""
    f = e.state.firms
    if not e.params.cooperatives.phyles:
        return np.zeros(f.n, dtype=bool)
    return f.alive & f.phyle
