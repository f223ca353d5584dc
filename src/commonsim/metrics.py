"""Per-period metrics of the model outline, computed from the state and the period's books.

Definitions (also in docs/ODD.md): Gini over households, net worth included when negative
(the Gini then may exceed 1 only if mean net worth is negative, which we report as is);
poverty is disposable income below 60% of the median; a household is debt-dependent when it
borrowed to consume this period or its debt service exceeds
``households.debt_service_threshold`` of its disposable income; a worker is precarious when
task work, or civic contribution without an income floor, is their main activity; the
labour share is wages, cooperative pay and task payments over GDP.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from commonsim.economy.ledger import SECTORS
from commonsim.economy.state import (
    COMMONS_ENTITY,
    EMPLOYEE,
    GIG,
    MEMBER,
    PLATFORM,
    PROPRIETARY,
    equity_claims,
)

if TYPE_CHECKING:
    from commonsim.economy.engine import Economy


#: Income from markets and the commons (not transfers), for the M1.1 metric.
MARKET_KINDS = ("wages", "coop_pay", "piece", "peer", "dividends", "coop_surplus", "interest",
                "stipends")

#: Civic hours (share of a standard year, about 100 hours) that make a civic contributor.
CONTRIBUTOR_MIN_HOURS = 0.05


def gini(values: np.ndarray) -> float:
    """Gini coefficient by the sorted-rank formula; negative values are kept.

    With negative values the Gini can exceed 1; it is undefined (NaN) when the mean is
    not positive.
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    total = x.sum()
    if n == 0:
        return 0.0
    if total <= 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float((2.0 * np.sum(ranks * x) / (n * total)) - (n + 1.0) / n)


def top_share(values: np.ndarray, fraction: float) -> float:
    """Share of the total held by the top `fraction` of households."""
    x = np.asarray(values, dtype=float)
    total = x.sum()
    if total <= 0:
        return float("nan")
    k = max(1, int(round(fraction * x.size)))
    return float(np.partition(x, x.size - k)[x.size - k:].sum() / total)


def firm_book_values(e: Economy) -> np.ndarray:
    f, ledger = e.state.firms, e.ledger
    return f.capital + ledger.deposits["firms"] - ledger.loans["firms"]


def bank_book_value(e: Economy) -> float:
    ledger = e.ledger
    deposits = sum(float(v.sum()) for v in ledger.deposits.values())
    return float(ledger.loans["households"].sum() + ledger.loans["firms"].sum()) + (
        ledger.bonds - deposits
    )


def household_equity(e: Economy) -> np.ndarray:
    """Each household's claim on firms, the platform, the bank and its entity (at book)."""
    return equity_claims(e.state.households, e.state.firms, firm_book_values(e),
                         bank_book_value(e))


def net_worth(e: Economy) -> np.ndarray:
    ledger, hh = e.ledger, e.state.households
    return (ledger.deposits["households"] - ledger.loans["households"] + household_equity(e)
            + e.state.agg.house_price * hh.home)


def balance_sheet(e: Economy) -> pd.DataFrame:
    """Balance-sheet matrix, equity at book value; unowned book value stays with its issuer."""
    hh, f = e.state.households, e.state.firms
    book = firm_book_values(e)
    claimed = float(hh.stake.sum())
    members = hh.member_of >= 0
    heads = np.bincount(hh.member_of[members], minlength=f.n)
    entity_claimed = float(book[(f.form == COMMONS_ENTITY) & (heads > 0)].sum())
    capitalist = float(book[f.form != COMMONS_ENTITY].sum())
    equity = {
        "households": float(household_equity(e).sum()),
        "firms": -(capitalist * claimed + entity_claimed),
        "banks": -bank_book_value(e) * claimed,
    }
    tangible = {
        "capital": {"firms": float(f.capital.sum())},
        "housing": {"households": e.state.agg.house_price * float(hh.home.sum())},
    }
    return e.ledger.balance_sheet_matrix(equity, tangible)


def _mean(x: np.ndarray, mask: np.ndarray) -> float:
    return float(x[mask].mean()) if mask.any() else float("nan")


def period_metrics(e: Economy) -> dict[str, float]:
    """Every metric of the model outline for the period just closed."""
    p, hh, f, sc, agg = e.params, e.state.households, e.state.firms, e.scratch, e.state.agg
    ledger = e.ledger
    g = lambda key: float(sc.get(key, 0.0))  # noqa: E731
    gdp = float(f.sales.sum()) + g("peer_volume")
    safe_gdp = gdp if gdp > 0 else float("nan")
    inc = hh.income
    yd = hh.disposable
    nw = net_worth(e)
    loans = ledger.loans["households"]

    labour_comp = float(inc["wages"].sum() + inc["coop_pay"].sum() + inc["piece"].sum()
                        + inc["peer"].sum()) - g("profit_sharing")
    profit = sc.get("profit_by_firm", np.zeros(f.n))
    capitalist = (f.form == PROPRIETARY) | (f.form == PLATFORM)
    capital_profit = float(profit[capitalist].sum())
    ip_rent = g("ip_rent")
    platform_rent = g("platform_take") + g("attention_rent")
    interest = g("bank_interest_net")
    entity_surplus = float(profit[f.form == COMMONS_ENTITY].sum())

    # Everyone is in the labour force; the unemployed have no job, membership or task
    # work (civic contribution alone is not employment). Workers do any kind of work.
    working = (hh.employer >= 0) | (hh.member_of >= 0) | (hh.hours_gig > 0)
    workers = working | (hh.hours_civic >= CONTRIBUTOR_MIN_HOURS)
    unemployed = ~working
    # Main income source of each household; task work, or civic contribution where no
    # income floor was fully backed this period, as main source makes a worker precarious.
    gig_income = np.maximum(inc["piece"], inc["peer"])
    other_income = np.zeros(hh.n)
    for kind, arr in inc.items():
        if kind not in ("piece", "peer", "stipends"):
            np.maximum(other_income, arr, out=other_income)
    floor = p.solidarity.enabled and float(sc.get("floor_covered", 1.0)) >= 1.0 - 1e-9
    gig_main = (gig_income > other_income) & (gig_income >= inc["stipends"])
    civic_main = (inc["stipends"] > other_income) & (inc["stipends"] > gig_income)
    precarious = (gig_main | (civic_main & (not floor))) & workers
    median_yd = float(np.median(yd))
    poverty_line = 0.6 * median_yd
    poor = yd < poverty_line
    contributors = hh.hours_civic >= CONTRIBUTOR_MIN_HOURS
    debt_dependent = hh.borrowed | (
        hh.debt_service > p.households.debt_service_threshold * np.maximum(yd, 1e-12)
    ) & (loans > 0)
    dti = np.where(yd > 0, loans / np.maximum(yd, 1e-12), np.nan)
    employee = hh.status == EMPLOYEE
    managers = employee & (hh.layer == 1)
    line = employee & (hh.layer == 0)
    pay = inc["wages"] / np.maximum(hh.hours_paid, 1e-12)
    producers = hh.layer == 0
    owners = hh.stake > 0
    members = hh.member_of >= 0
    output_total = float(f.output.sum())
    entity_output = float(f.output[f.form == COMMONS_ENTITY].sum())
    entity_sales = float(f.sales[f.form == COMMONS_ENTITY].sum())
    taxes = g("taxes") + g("profit_tax") + g("externality_tax")
    services = g("public_services")
    civic_income = inc["stipends"] + inc["solidarity"]
    bottom = yd <= median_yd
    net_fiscal_bottom = float(
        (inc["benefits"] + inc["basic_income"] + inc["solidarity"] - hh.taxes)[bottom].sum()
        + services * bottom.mean()
    ) / max(int(bottom.sum()), 1)
    fb_total = g("fb_capital") + g("fb_contributors") + g("fb_state")
    commons_before = g("commons_before")
    commoner = contributors | members | (hh.status == GIG)
    both = (hh.previous_disposable > 0) & (yd > 0)
    growth = np.log(np.maximum(yd, 1e-9) / np.maximum(hh.previous_disposable, 1e-9))
    volatility = float(np.std(growth[commoner & both])) if (commoner & both).any() else (
        float("nan"))
    c_volatility = float(np.std(growth[contributors & both])) if (
        contributors & both).any() else float("nan")

    m = {
        "gdp": gdp,
        "output": output_total,
        "consumption": float(hh.consumption.sum()),
        "investment": g("investment"),
        "labour_share": labour_comp / safe_gdp,
        "profit_share": capital_profit / safe_gdp,
        "ip_rent_share": ip_rent / safe_gdp,
        "platform_rent_share": platform_rent / safe_gdp,
        "rent_share": (ip_rent + platform_rent) / safe_gdp,
        "interest_share": interest / safe_gdp,
        "capital_share": (capital_profit + interest) / safe_gdp,
        "entity_surplus_share": entity_surplus / safe_gdp,
        "platform_rent": platform_rent,
        "ip_rent": ip_rent,
        "income_gini": gini(yd),
        "wealth_gini": gini(nw),
        "top10_wealth_share": top_share(nw, 0.10),
        "top1_wealth_share": top_share(nw, 0.01),
        "nonpositive_net_worth_share": float((nw <= 0).mean()),
        "median_debt_to_income": float(np.nanmedian(dti)) if np.isfinite(dti).any() else 0.0,
        "household_debt_to_income": float(loans.sum()) / max(float(yd.sum()), 1e-12),
        "mortgage_debt_to_income": float(hh.mortgage.sum()) / max(float(yd.sum()), 1e-12),
        "owners_with_mortgage": _mean(hh.mortgage > 0, hh.home),
        "home_sales_rate": g("home_sales") / max(float(hh.home.sum()), 1.0),
        "debt_dependent_share": float(debt_dependent.mean()),
        "unemployment": float(unemployed.mean()),
        "precarious_share": float(precarious[workers].mean()) if workers.any() else 0.0,
        "poverty_rate": float(poor.mean()),
        "paid_hours_per_worker": _mean(hh.hours_paid + hh.hours_gig,
                                       (hh.hours_paid + hh.hours_gig) > 0),
        "civic_hours_per_household": float(hh.hours_civic.mean()),
        "commons_stock": agg.commons,
        "commons_growth": (agg.commons / commons_before - 1.0) if commons_before > 0 else 0.0,
        "commons_returned": g("commons_returned"),
        "commons_drawn": float(f.drawn.sum()),
        "civic_contributors_share": float(contributors.mean()),
        "civic_income": _mean(civic_income, contributors),
        "civic_contributor_income": _mean(yd, contributors),
        "civic_poverty_rate": _mean(poor.astype(float), contributors),
        "commoner_income_volatility": volatility,
        "contributor_income_volatility": c_volatility,
        "contributor_pay_total": float(civic_income[contributors].sum()),
        "coop_output_share": entity_output / output_total if output_total > 0 else 0.0,
        "commons_entity_market_share": entity_sales / max(float(f.sales.sum()), 1e-12),
        "commons_entities": float((f.alive & (f.form == COMMONS_ENTITY)).sum()),
        "coop_members_share": float(members.mean()),
        "member_net_worth": _mean(nw, members),
        "owner_net_worth": _mean(nw, owners),
        "other_net_worth": _mean(nw, ~owners),
        "skill_managers": _mean(hh.skill, hh.layer == 1),
        "skill_line": _mean(hh.skill, hh.layer == 0),
        "skill_producers": _mean(hh.skill, producers),
        "pay_managers": _mean(pay, managers),
        "pay_line": _mean(pay, line),
        "public_services_per_head": (services + g("coproduced_services")) / e.n,
        "services_per_tax": (services + g("coproduced_services")) / taxes if taxes > 0 else 0.0,
        "transfers_households": g("transfers_households"),
        "transfers_finance": g("transfers_finance"),
        "transfers_commons": g("transfers_commons"),
        "security_spending": g("security"),
        "state_debt_to_gdp": (ledger.bonds - float(ledger.deposits["state"][0])) / safe_gdp,
        "state_balance_to_gdp": float(
            sum(v[SECTORS.index("state")] for v in ledger.flows.values())) / safe_gdp,
        # Demand firms were asked for but could not serve (rationing), over that demand.
        "unmet_demand_share": max(g("demand") - float(f.sales.sum()), 0.0) / g("demand")
        if g("demand") > 0 else 0.0,
        "waste": max(output_total - float(f.sales.sum()), 0.0) / output_total
        if output_total > 0 else 0.0,
        "damage_per_output": g("damage") / safe_gdp,
        "fb_funding_capital": g("fb_capital"),
        "fb_funding_contributors": g("fb_contributors"),
        "fb_funding_state": g("fb_state"),
        "fb_capital_share": g("fb_capital") / fb_total if fb_total > 0 else 0.0,
        "solidarity_transfers": g("solidarity_paid"),
        "basic_income_paid": g("basic_income"),
        "net_fiscal_transfer_bottom_half": net_fiscal_bottom,
        "failures_entities": g("failures_entities"),
        "failures_proprietary": g("failures_proprietary"),
        "entity_failure_rate": agg.failures[COMMONS_ENTITY] / agg.firm_years[COMMONS_ENTITY]
        if agg.firm_years[COMMONS_ENTITY] else 0.0,
        "firm_failure_rate": agg.failures[PROPRIETARY] / agg.firm_years[PROPRIETARY]
        if agg.firm_years[PROPRIETARY] else 0.0,
        "damage_stock": agg.damage,
        "household_deposits": float(ledger.deposits["households"].sum()),
        "household_borrowing": g("household_borrowing"),
        "household_defaults_share": g("household_defaults") / e.n,
        "household_writeoff": g("household_writeoff"),
        "state_bonds": ledger.bonds,
        "household_bills": float(hh.bills.sum()),
        "income_tax_rate": g("income_tax_rate"),
        "profit_tax_rate": g("profit_tax_rate"),
        "employees_share": float(employee.mean()),
        "gig_workers_share": float((hh.status == GIG).mean()),
        "member_workers_share": float((hh.status == MEMBER).mean()),
    }
    # M1.1: market income of households owning no firm and no entity share, other than
    # wages and deposit interest, over their market income.
    nonowner = (hh.stake <= 0) & (hh.member_of < 0)
    other_vec = np.zeros(hh.n)
    for kind in MARKET_KINDS:
        if kind not in ("wages", "interest"):
            other_vec += inc[kind]
    other = float(other_vec[nonowner].sum())
    market = other + float((inc["wages"] + inc["interest"])[nonowner].sum())
    m["nonowner_other_market_income_share"] = other / market if market > 0 else 0.0
    total_income = sum(float(v.sum()) for v in inc.values())
    for kind, arr in inc.items():
        m[f"income_from_{kind}"] = float(arr.sum()) / total_income if total_income else 0.0
    return m
