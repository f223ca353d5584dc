"""Household consumption and borrowing to consume (M1.6).

Godley & Lavoie's consumption function, per household: ``alpha1`` (``propensity_income``)
of disposable income plus ``alpha2`` (``propensity_wealth``) of opening net financial
wealth, which is, as in Godley & Lavoie's models with equities, deposits less non-mortgage
loans plus equity claims on firms and banks at book value (owners spend out of what they
own, not only out of their bank balance), plus ``households.propensity_housing`` of home
equity (the home's price less the mortgage), whose measured wealth effect is far smaller.
Households also defend a share ``households.need_share`` of a consumption norm: by default
their own consumption of last year (``households.need_reference = "own-habit"``, internal
habit as in Abel 1990 and Fuhrer 2000), or last year's mean income (``"mean-income"``,
Duesenberry's relative-income effect, which keeps households that fell behind borrowing
for ever); when income and savings fall short of it they borrow, up to a credit limit of
``finance.credit_limit`` years of disposable income in debt other than the mortgage (M1.6:
debt dependence; Kumhof, Rancière & Winant 2015). Part of spending goes to peers via
platforms (M2.2).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.state import equity_claims
from commonsim.mechanisms.goods import buy
from commonsim.mechanisms.platforms import peer_exchange

IMPLEMENTS = ("M1.6",)


def opening_net_wealth(e: Economy) -> np.ndarray:
    """Each household's deposits less loans plus equity at book value, at the period's start.

    Uses the opening stocks noted by ``begin_period``; physical capital has not yet changed
    when households decide (investment and depreciation come later in the period).

    Equations:
        book_j = K_j + D0_j - L0_j
        Vbank = sum L0 (households, firms) + B0 - sum D0 (every holder)
        eq_i = stake_i * (sum_{j not an entity} book_j + Vbank) + book_e / n_e
        W_i = W0_i + eq_i
        where K_j is firm j's capital, D0_j and L0_j its opening deposits and loans,
        book_j its book value, B0 the opening bonds, Vbank the bank's book value, stake_i
        household i's share of the proprietary sector (firms, platform and bank), e the
        entity i is a member of (if any) with n_e members, W0_i i's opening deposits less
        loans and W_i its opening net wealth.
    """
    hh, f, rec = e.state.households, e.state.firms, e.period
    wealth = hh.opening_wealth
    if not rec.deposits_open:
        return wealth.copy()
    deposits_open, loans_open = rec.deposits_open, rec.loans_open
    # Inventories at unit cost are part of book value (their revaluation this period is).
    book = f.capital + f.inventory * f.unit_cost + deposits_open["firms"] - loans_open["firms"]
    deposits = sum(float(np.sum(deposits_open[s])) for s in
                   ("households", "firms", "state", "forbenefit", "solidarity"))
    loans = float(np.sum(loans_open["households"])) + float(np.sum(loans_open["firms"]))
    bank = loans + float(rec.bonds_open) - deposits
    # W0_i + eq_i (addition is exact either way round), added in the claims' own pass.
    return equity_claims(hh, f, book, bank, e.params.platforms.ownership, plus=wealth)


def inflation_loss(e: Economy, money: np.ndarray | float) -> np.ndarray | float:
    """What this year's inflation takes from net money wealth held since last year.

    Equations:
        loss_i = h pi_t / (1 + pi_t) M_i,t-1   (M deposits less non-mortgage loans, h
                                                households.inflation_loss)
    """
    pi = e.state.agg.inflation
    return e.params.households.inflation_loss * pi / (1.0 + pi) * money


def consumption_norm(e: Economy) -> np.ndarray | float:
    """The consumption each household measures itself against (``need_reference``).

    Read before this period's spending, so ``consumption`` still holds last year's.
    """
    if e.params.households.need_reference == "own-habit":
        return e.state.households.consumption
    return e.state.agg.mean_income


def consumption_plan(e: Economy) -> np.ndarray:
    """What each household wants to spend this period, within what it can finance.

    Equations:
        F_i = W_i + M0_i
        Cd_i = households.propensity_income * max(YD_i, 0)
               + households.propensity_wealth * max(F_i, 0)
               + households.propensity_housing * max(HE0_i, 0)
        Cd_i = max(Cd_i, households.need_share * Ybar)
        room_i = max(finance.credit_limit * max(YD_i, 0) - (L_i - M_i), 0)
        C_i = clip(Cd_i, 0, max(D_i, 0) + room_i)
        where W_i is household i's opening net wealth (opening_net_wealth), M0_i its opening
        mortgage (added back: the mortgage is set against the home), F_i its net financial
        wealth, YD_i this period's disposable income so far, HE0_i its opening home equity,
        Ybar last period's mean disposable income, L_i, M_i, D_i its loans, mortgage and
        deposits, room_i its credit room and C_i its planned spending.
    """
    p, hh, agg, rec = e.params, e.state.households, e.state.agg, e.period
    h = p.households
    zeros = np.zeros(hh.n)
    # Net financial wealth leaves out the mortgage, which is set against the home.
    mortgage_open = zeros if rec.mortgage_open is None else rec.mortgage_open
    home_equity = zeros if rec.home_equity_open is None else rec.home_equity_open
    # The norm is last year's (own consumption or mean income), indexed to prices.
    norm = consumption_norm(e)
    plan = np.empty(hh.n)
    over_halves(
        _plan_kernel, hh.n, opening_net_wealth(e), mortgage_open, home_equity,
        hh.opening_wealth, hh.disposable, e.ledger.deposits["households"],
        e.ledger.loans["households"], hh.mortgage,
        np.broadcast_to(norm, (hh.n,)),
        # Prices: households plan in real terms (Godley & Lavoie ch. 10): real income is
        # Haig-Simons income, net of inflation's loss on money held (debtors gain); real
        # wealth deflated by today's prices is the nominal term divided by P.
        inflation_loss(e, 1.0),  # per unit of money: the pass applies it to M_i
        h.propensity_income, h.propensity_wealth, h.propensity_housing, h.need_share,
        1.0 + agg.inflation, p.finance.credit_limit, plan)
    return plan


@njit(cache=True, nogil=True)
def _plan_kernel(lo, hi, wealth, mortgage_open, home_equity, money, income, deposits, loans,
                 mortgage, norm, loss_rate, a_income, a_wealth, a_housing, need_share,
                 indexation, credit_limit, plan):  # pragma: no cover - compiled
    """consumption_plan for households lo..hi (the same operations in order)."""
    for i in range(lo, hi):
        financial = wealth[i] + mortgage_open[i]
        hs_income = income[i] - loss_rate * (money[i] + mortgage_open[i])
        desired = (a_income * max(hs_income, 0.0) + a_wealth * max(financial, 0.0)
                   + a_housing * max(home_equity[i], 0.0))
        if need_share > 0:
            desired = max(desired, need_share * norm[i] * indexation)
        room = max(credit_limit * max(income[i], 0.0) - (loans[i] - mortgage[i]), 0.0)
        plan[i] = min(max(desired, 0.0), max(deposits[i], 0.0) + room)


def consume(e: Economy) -> None:
    """Households spend their plans on peers and on firms' output.

    Equations:
        C_i = consumption_plan
        left_i = peer_exchange(C_i)      (a share bought from task workers via the platform)
        spent_i = buy(left_i, preference = market.ethical_preference)
        cons_i = spent_i + (C_i - left_i)
        borrowed_i = (D_i < 0)
        where C_i is household i's planned spending, left_i what it offers firms, spent_i
        what the goods market delivered (every household gets the same share of its
        offer), cons_i its consumption and D_i its deposits after paying (an overdraft is
        turned into a loan by lend_overdrafts).
    """
    p, hh = e.params, e.state.households
    plan = consumption_plan(e)
    to_firms = peer_exchange(e, plan)
    spent = buy(e, "consumption", "households", to_firms, p.market.ethical_preference)
    # Spending beyond deposits overdraws the account; lend_overdrafts turns that into a loan.
    over_halves(_note_spending, hh.n, hh.consumption, hh.borrowed, spent, plan, to_firms,
                e.ledger.deposits["households"])


@njit(cache=True, nogil=True)
def _note_spending(lo, hi, consumption, borrowed, spent, plan, to_firms, deposits
                   ):  # pragma: no cover - compiled
    """cons_i = spent_i + (C_i - left_i) and borrowed_i = (D_i < 0), for households lo..hi."""
    for i in range(lo, hi):
        consumption[i] = spent[i] + (plan[i] - to_firms[i])
        borrowed[i] = deposits[i] < 0
