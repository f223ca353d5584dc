"""The ordered steps of one period, and which of them a regime switches on.

The order follows the model outline: plans, labour, production, incomes, taxes and
transfers, spending, interest and profits, the commons and solidarity, credit, skills,
firm entry, state financing, expectations. A mechanism whose institution is off is skipped
(and is a no-op if run anyway).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

from commonsim.economy.arrays import masked, median
from commonsim.economy.economy import Economy, snapshot
from commonsim.economy.halves import over_halves
from commonsim.mechanisms import (
    commons,
    consumption,
    demography,
    entities,
    exchange,
    expectations,
    finance,
    firms,
    fiscal,
    fiscal_rule,
    housing,
    investment,
    knowledge,
    labour,
    phyles,
    platforms,
    politics,
    portfolio,
    prices,
    production,
    skills,
    solidarity,
    time_use,
    wages,
)
from commonsim.params import Parameters

Step = Callable[[Economy], None]


def begin_period(e: Economy) -> None:
    """Reset the period's accumulators and note opening stocks for decisions and profits.

    Equations:
        YDprev_i = YD_i;  YD_i = 0;  T_i = 0;  DS_i = 0;  borrowed_i = false
        W0_i = D_i - L_i
        M0_i = M_i;  HE0_i = P_H * home_i - M_i
        D0_k = D_k,  L0_k = L_k  for every holder k;  B0 = B
        where YD_i is household i's disposable income, YDprev_i last period's, T_i its
        income tax, DS_i its debt service, D_i / L_i its deposits / bank loans, W0_i its
        opening net money wealth, M_i its mortgage (the part of L_i that is a mortgage),
        HE0_i its opening home equity, P_H the home price, home_i 1 if it owns its home,
        and B the state bonds outstanding. The opening stocks D0, L0, B0 are what interest
        and profits are computed from later in the period.
    """
    hh, ledger = e.state.households, e.ledger
    price = e.state.agg.house_price
    deposits, loans = ledger.deposits["households"], ledger.loans["households"]
    mortgage_open, home_equity_open, deposits_open, loans_open = (
        np.empty(hh.n) for _ in range(4))
    over_halves(_open_households, hh.n, hh.disposable, hh.previous_disposable, hh.taxes,
                hh.debt_service, hh.borrowed, hh.opening_wealth, deposits, loans, hh.mortgage,
                hh.home, price, mortgage_open, home_equity_open, deposits_open, loans_open)
    homes = np.count_nonzero(hh.home)
    rec = e.period
    rec.mortgage_open = mortgage_open
    rec.home_equity_open = home_equity_open
    rec.deposits_open = {sector: deposits_open if arr is deposits else arr.copy()
                         for sector, arr in ledger.deposits.items()}
    rec.loans_open = {sector: loans_open if arr is loans else arr.copy()
                      for sector, arr in ledger.loans.items()}
    rec.bonds_open = ledger.bonds
    rec.inventories_open = float((e.state.firms.inventory * e.state.firms.unit_cost).sum())
    rec.homes_open = price * float(homes)


@njit(cache=True, nogil=True)
def _open_households(lo, hi, disposable, previous, taxes, debt_service, borrowed, wealth,
                     deposits, loans, mortgage, home, price, mortgage_open, home_equity,
                     deposits_open, loans_open):  # pragma: no cover - compiled
    """begin_period's household arrays for households lo..hi in one pass, not a dozen.

    Resets the period's accumulators and writes the opening stocks, element by element
    with the operations of the array expressions (``price * home - M``: a home counts
    as 1.0 or 0.0), with the copies of M, D and L and the home equity.
    """
    for i in range(lo, hi):
        previous[i] = disposable[i]
        disposable[i] = 0.0
        taxes[i] = 0.0
        debt_service[i] = 0.0
        borrowed[i] = False
        wealth[i] = deposits[i] - loans[i]
        mortgage_open[i] = mortgage[i]
        home_equity[i] = price * (1.0 if home[i] else 0.0) - mortgage[i]
        deposits_open[i] = deposits[i]
        loans_open[i] = loans[i]


def end_period(e: Economy) -> None:
    """The aggregates next period's decisions may use.

    Equations:
        GDP = sum_j S_j
        Ybar = mean_i YD_i;  Ymed = median_i YD_i
        wbar = sum_{i employed} wages_i / (sum_{i employed} hp_i / h)
        where S_j is firm j's sales this period, YD_i household i's disposable income, the
        employed are employees (households with an employer, not entity members) with
        paid hours hp_i > 0, wages_i the wages the ledger paid household i this period, and
        h = labour.standard_hours (a full-time year). wbar is kept from the previous period
        when nobody is employed.
    """
    p, hh, f, agg = e.params, e.state.households, e.state.firms, e.state.agg
    agg.gdp = float(f.sales.sum())
    agg.mean_income = float(hh.disposable.mean())
    agg.median_income = median(hh.disposable)
    employed = (hh.employer >= 0) & (hh.hours_paid > 0)
    if employed.any():
        fte = float(masked(hh.hours_paid, employed).sum()) / p.labour.standard_hours
        wages = e.ledger.income["wages"]
        agg.mean_wage = float(masked(wages, employed).sum()) / max(fte, 1e-12)


#: (name, function, is it on for these parameters?)
SCHEDULE: list[tuple[str, Step, Callable[[Parameters], bool]]] = [
    ("begin_period", begin_period, lambda p: True),
    ("set_productivity", production.set_productivity, lambda p: True),
    ("set_policy_rate", prices.set_policy_rate, lambda p: True),
    ("set_money_wage", prices.set_money_wage, lambda p: True),
    ("set_prices", prices.set_prices, lambda p: True),
    ("plan_output", expectations.plan_output, lambda p: True),
    ("hire", labour.hire, lambda p: True),
    ("assign_task_work", labour.assign_task_work, lambda p: True),
    ("allot_time", time_use.allot_time, lambda p: True),
    ("set_status", labour.set_status, lambda p: True),
    ("count_labour", labour.count_labour, lambda p: True),
    ("produce", production.produce, lambda p: True),
    ("pay_labour", wages.pay_labour, lambda p: True),
    ("knowledge_rent", knowledge.knowledge_rent,
     lambda p: p.ip.enabled or (p.commons.enabled and p.state.commons_levy > 0)),
    ("attention_rent", platforms.attention_rent, lambda p: p.platforms.enabled),
    ("pay_bill_interest", portfolio.pay_bill_interest, lambda p: p.finance.household_bills),
    ("taxes_and_transfers", fiscal.taxes_and_transfers, lambda p: True),
    ("public_spending", fiscal.public_spending, lambda p: True),
    ("trade_homes", housing.trade_homes, lambda p: p.housing.enabled),
    ("consume", consumption.consume, lambda p: True),
    ("invest", investment.invest, lambda p: p.technology.capital_output > 0),
    ("exchange", exchange.exchange_money, lambda p: p.engine.exchange != "none"),
    ("stock_inventories", prices.stock_inventories, lambda p: True),
    ("pay_interest", finance.pay_interest, lambda p: True),
    ("settle_firms", firms.settle_firms, lambda p: True),
    ("fund_commons", commons.fund_commons, lambda p: p.commons.enabled),
    ("pay_solidarity", solidarity.pay_solidarity, lambda p: p.solidarity.enabled),
    ("insure_phyle_members", phyles.insure_members, lambda p: p.cooperatives.phyles),
    ("repay_loans", finance.repay_loans, lambda p: True),
    ("fail_insolvent", entities.fail_insolvent, lambda p: True),
    ("lend_overdrafts", finance.lend_overdrafts, lambda p: True),
    ("default_households", finance.default_households, lambda p: True),
    ("retire_and_enter", demography.retire_and_enter, lambda p: p.households.turnover > 0),
    ("pay_bank_dividends", finance.pay_bank_dividends, lambda p: True),
    ("update_skills", skills.update_skills, lambda p: True),
    ("found_entities", entities.found_entities, lambda p: p.cooperatives.enabled),
    ("choose_phyle", phyles.choose_membership, lambda p: p.cooperatives.phyles),
    ("finance_state", fiscal.finance_state, lambda p: True),
    ("fiscal_rule", fiscal_rule.apply_fiscal_rule, lambda p: p.state.fiscal_rule != "none"),
    ("choose_bills", portfolio.choose_bills, lambda p: p.finance.household_bills),
    ("update_expectations", expectations.update_expectations, lambda p: True),
    ("depreciate", investment.depreciate, lambda p: True),
    ("note_income_sources", time_use.note_income_sources, lambda p: True),
    ("note_unemployment", prices.note_unemployment, lambda p: True),
    ("price_homes", prices.price_homes, lambda p: p.housing.enabled),
    ("political_rule", politics.apply_political_rule, lambda p: p.politics.enabled),
    ("end_period", end_period, lambda p: True),
]


def run_period(economy: Economy, steps: list[tuple[str, Step]]) -> None:
    """Run one period's steps in order (the ledger must already be open)."""
    for _, step in steps:
        step(economy)


def active_steps(params: Parameters) -> list[tuple[str, Step]]:
    """The steps this regime runs, in order."""
    return [(name, fn) for name, fn, on in SCHEDULE if on(params)]


def solve_to_order(e: Economy, steps: list[tuple[str, Step]], tol: float = 1e-11) -> None:
    """Run the period with output equal to its own demand (Godley & Lavoie's SIM).

    Demand depends on output through incomes, so the period is run on trial output levels
    from a snapshot until output and demand agree (secant iterations on the total).
    """
    base = snapshot(e)

    def trial(level: float) -> tuple[Economy, float]:
        x = snapshot(base)
        x.period.to_order_output = level
        run_period(x, steps)
        # Output is goods, demand is money: compare at the period's price level.
        return x, float(x.period.demand) / x.state.agg.price_index - level

    y0 = max(e.state.agg.gdp, 0.0)
    x0, g0 = trial(y0)
    best = x0
    if abs(g0) > tol * max(abs(y0), 1.0):
        y1 = y0 + g0
        x1, g1 = trial(y1)
        best = x1
        for _ in range(60):
            if abs(g1) <= tol * max(abs(y1), 1.0):
                break
            slope = (g1 - g0) / (y1 - y0) if y1 != y0 else -1.0
            y0, g0 = y1, g1
            y1 = y1 - g1 / slope if slope != 0 else y1 + g1
            x1, g1 = trial(max(y1, 0.0))
            best = x1
        else:
            best = _bisect_to_order(trial, tol)
    e.state, e.ledger, e.rng, e.period = best.state, best.ledger, best.rng, best.period
    e.params = best.params  # institutions a step of the period changed (the political rule)


def _bisect_to_order(trial: Callable[[float], tuple[Economy, float]], tol: float) -> Economy:
    """The period at the highest output that demand still takes, found by bisection.

    Used when the secant steps do not settle: demand moves in small jumps with output
    (households are hired whole), so an exact fixed point may not exist. Demand less output
    is positive at zero output; the bracket is doubled until it turns negative, then halved
    down to `tol`. The period kept sells all its output (a sliver of demand goes unmet).
    """
    x_lo, g_lo = trial(0.0)
    if g_lo <= 0:
        return x_lo
    lo, hi = 0.0, max(g_lo, 1.0)
    for _ in range(200):
        _, g_hi = trial(hi)
        if g_hi < 0:
            break
        lo, hi = hi, 2.0 * hi
    else:
        raise RuntimeError("to-order output: demand grows faster than output without limit")
    for _ in range(200):
        if hi - lo <= tol * max(hi, 1.0):
            break
        mid = 0.5 * (lo + hi)
        x_mid, g_mid = trial(mid)
        if g_mid >= 0:
            lo, x_lo = mid, x_mid
        else:
            hi = mid
    return x_lo
