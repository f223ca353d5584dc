"""The state's taxes, transfers and spending (M1.5, M1.6, M2.6, M3.6, M3.10, M3.11).

One rule for every regime; the regimes set its dials. Income is taxed at a flat rate with
a top rate above twice the mean (M1.5). The unemployed receive a benefit tied to the mean
wage (generous under capital-labour balance, M1.5; shrinking under labour weakness, M1.6);
task workers, having no employment protection, do not (M2.3). A basic income is paid to
every household (M3.11). The state buys public services and security (M2.6) in proportion
to potential output, subsidises finance (M1.6, M2.6), funds the commons and a Partner
State's civic infrastructure (M3.6), and may co-produce services with citizens' civic time
(M3.10). Deficits are financed by selling bonds to the bank.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.ledger import TOTAL
from commonsim.mechanisms.fiscal_rule import income_tax_rate
from commonsim.mechanisms.goods import buy
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS = ("M1.5", "M1.6", "M2.6", "M3.6", "M3.10", "M3.11")


def potential_output(e: Economy) -> float:
    """What the labour force could produce at base productivity working standard hours.

    Equations:
        Ypot = A * h * sum_i s_i
        where A = technology.productivity, h = labour.standard_hours and s_i household
        i's skill.
    """
    p = e.params
    return p.technology.productivity * float(e.state.households.skill.sum()) * (
        p.labour.standard_hours
    )


def taxes_and_transfers(e: Economy) -> None:
    """Income tax, unemployment benefits and basic income.

    Equations:
        t = clip(state.income_tax + adj_Y, 0, 0.9)
        T_i = min(t * Z_i + state.top_tax * max(Z_i - 2 * Zbar, 0), max(Z_i, 0))
        YD_i = YD_i - T_i;  Z_i = 0
        ben_i = state.benefit_replacement * wbar   if i has no employer, no entity and
                                                   no task work, else 0
        BI_i = state.basic_income * max(Ymed, 0)   for every household
        where Z_i is household i's taxable income received since the last tax step, Zbar
        its mean over households, t the flat rate in force, adj_Y the fiscal rule's
        adjustment (0 when the rule is off), T_i the tax, YD_i disposable income, wbar
        last period's mean wage per full-time year and Ymed last period's median
        disposable income. Benefits and basic income add to YD_i (they are not taxed).
        Taxable income received after this step (interest, dividends, entity surplus,
        peer payments) stays in Z_i and is taxed at the next period's tax step.
    """
    p, hh, ledger, agg = e.params, e.state.households, e.ledger, e.state.agg
    s = p.state
    base = hh.taxable
    mean = float(base.mean())
    # Fiscal rule: the flat rate in force is the statutory rate plus the rule's adjustment.
    e.period.income_tax_rate = rate = income_tax_rate(e)
    tax, positive = np.empty(hh.n), np.empty(hh.n)
    over_halves(_income_tax, hh.n, base, rate, s.top_tax, 2.0 * mean, tax, positive)
    e.period.income_tax_base = float(positive.sum())
    ledger.transfer("income_tax", "households", tax, "state", TOTAL)
    over_halves(_deduct_tax, hh.n, hh.taxes, hh.disposable, hh.taxable, tax)

    # Unemployment benefit: for those with neither a job, a membership nor task work.
    eligible = (hh.employer < 0) & (hh.member_of < 0) & (hh.hours_gig <= 0)
    if s.benefit_replacement > 0 and eligible.any():
        benefit = np.where(eligible, s.benefit_replacement * agg.mean_wage, 0.0)
        pay_households(e, "benefits", "state", TOTAL, "benefits", benefit)
    if s.basic_income > 0:
        level = s.basic_income * max(agg.median_income, 0.0)
        amount = np.full(hh.n, level)
        pay_households(e, "basic_income", "state", TOTAL, "basic_income", amount)


@njit(cache=True, nogil=True)
def _income_tax(lo, hi, base, rate, top_tax, threshold, tax, positive):  # pragma: no cover
    """T_i = min(t * Z_i + top * max(Z_i - 2 Zbar, 0), max(Z_i, 0)) and max(Z_i, 0).

    For households lo..hi.
    """
    for i in range(lo, hi):
        z = base[i]
        positive[i] = max(z, 0.0)
        tax[i] = min(rate * z + top_tax * max(z - threshold, 0.0), positive[i])


@njit(cache=True, nogil=True)
def _deduct_tax(lo, hi, taxes, disposable, taxable, tax):  # pragma: no cover - compiled
    """Tax paid is noted and leaves disposable income; the taxable base starts afresh.

    For households lo..hi.
    """
    for i in range(lo, hi):
        taxes[i] += tax[i]
        disposable[i] -= tax[i]
        taxable[i] = 0.0


def public_spending(e: Economy) -> None:
    """Public purchases, support to finance and funding of the commons.

    Equations:
        Ypot = potential_output
        Gs = state.public_services * Ypot + state.purchases_per_household * N
        Gsec = state.security * Ypot
        spent = buy(Gs + Gsec, preference = market.procurement_preference)
        services = Gs * spent / (Gs + Gsec);  security = Gsec * spent / (Gs + Gsec)
        to the bank:        state.support_to_finance * Ypot
        to for-benefit:     (state.commons_support + state.civic_infrastructure) * Ypot
        coproduced = state.coproduction * wbar * sum_i s_i * hc_i    (recorded, not paid)
        where Ypot is potential output, N the number of households, Gs and Gsec the
        public services and security the state orders, spent what the goods market
        delivered (the state is the first buyer of the period), wbar last period's mean
        wage, s_i and hc_i household i's skill and civic hours.
    """
    p, ledger = e.params, e.ledger
    s = p.state
    # Budgets are real (shares of potential output, goods per household) bought at today's
    # price level (mechanisms/prices.py; 1 when prices are fixed).
    price = e.state.agg.price_index
    potential = potential_output(e) * price
    services = s.public_services * potential + s.purchases_per_household * e.n * price
    security = s.security * potential
    spent = buy(e, "government_purchases", "state", services + security,
                p.market.procurement_preference)
    fill = spent / (services + security) if services + security > 0 else 0.0
    e.period.public_services = services * fill
    e.period.security = security * fill
    if s.support_to_finance > 0:
        amount = s.support_to_finance * potential
        ledger.transfer("support_to_finance", "state", amount, "banks", amount)
    for flow, share in (("commons_funding", s.commons_support),
                        ("civic_infrastructure", s.civic_infrastructure)):
        if share > 0:
            amount = share * potential
            ledger.transfer(flow, "state", amount, "forbenefit", amount)
    # Services co-produced with citizens: civic hours valued at the mean wage rate.
    if s.coproduction > 0:
        hh = e.state.households
        hours = float((hh.hours_civic * hh.skill).sum()) * s.coproduction
        e.period.coproduced_services = hours * e.state.agg.mean_wage


def finance_state(e: Economy) -> None:
    """Cover a negative state account with new bonds; use a surplus to retire bonds.

    Equations:
        if D_G < 0:  B = B + (-D_G);  D_G = 0          (bonds sold to the bank)
        if D_G > 0 and B > 0:  x = min(D_G, B);  B = B - x;  D_G = D_G - x
        where D_G is the state's deposit balance at the end of the period and B the
        bonds outstanding.
    """
    ledger = e.ledger
    balance = float(ledger.deposits["state"][0])
    if balance < 0:
        ledger.issue_bonds(-balance)
    elif balance > 0 and ledger.bonds > 0:
        ledger.redeem_bonds(min(balance, ledger.bonds))
