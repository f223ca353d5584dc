"""Which metric speaks to which of the essay's seven comparison dimensions.

The essay names the dimensions (value extraction, class structure, knowledge logics,
solidarity models, balance of power, dominant model versus alternatives, forms of
democracy) but does not say how to measure them; this is the project's reading. Each
metric sits under the one dimension it speaks to most directly; the first metrics of each
dimension are the ones its figure shows. Metrics not listed go under "macro and accounts".
"""

from __future__ import annotations

from commonsim.characteristics import DIMENSIONS
from commonsim.mechanisms.politics import CONSTITUENCIES, INSTITUTION_METRICS

DIMENSION_METRICS: dict[str, tuple[str, ...]] = {
    "value extraction": (
        "labour_share", "capital_share", "profit_share", "rent_share", "interest_share",
        "entity_surplus_share", "ip_rent_share", "platform_rent_share", "ip_rent",
        "platform_rent", "platform_users", "patronage_refunds", "commons_drawn",
        "commons_returned",
    ),
    "class structure": (
        "wealth_gini", "income_gini", "top10_wealth_share", "skill_managers", "skill_line",
        "precarious_share", "top1_wealth_share", "nonpositive_net_worth_share",
        "owner_net_worth", "other_net_worth", "member_net_worth", "skill_producers",
        "pay_managers", "pay_line", "employees_share", "gig_workers_share",
        "member_workers_share", "unemployment", "paid_hours_per_worker", "top1_income_share",
    ),
    "knowledge logics": (
        "commons_stock", "commons_growth", "civic_hours_per_household",
        "civic_contributors_share", "waste", "damage_per_output", "damage_stock",
        "unmet_demand_share", "commons_funded_hours", "forecast_error",
    ),
    "solidarity models": (
        "poverty_rate", "debt_dependent_share", "net_fiscal_transfer_bottom_half",
        "civic_poverty_rate", "commoner_income_volatility", "median_debt_to_income",
        "household_debt_to_income", "transfers_households", "solidarity_transfers",
        "basic_income_paid", "civic_income", "civic_contributor_income",
    ),
    "balance of power": (
        "transfers_finance", "transfers_commons", "state_debt_to_gdp", "security_spending",
        "fb_capital_share", "state_balance_to_gdp", "fb_funding_capital",
        "fb_funding_contributors", "fb_funding_state", "income_tax_rate", "profit_tax_rate",
        *(f"power_{c}" for c in CONSTITUENCIES), *INSTITUTION_METRICS,
    ),
    "dominant model versus alternatives": (
        "coop_output_share", "commons_entity_market_share", "commons_entities",
        "coop_members_share", "entity_failure_rate", "firm_failure_rate",
        "failures_entities", "failures_proprietary", "commons_orientation",
        "control_centralisation", "phyle_member_share",
    ),
    "forms of democracy": (
        "public_services_per_head", "services_per_tax",
    ),
}

OTHER = "macro and accounts"

#: Metrics the report adds itself (not in metrics.py) and does not tabulate.
REPORT_ONLY = ("households",)

#: How many metrics of each dimension its time-series figure shows.
FIGURE_METRICS = 6


def dimension_of(metric: str) -> str:
    """The dimension a metric is grouped under (``OTHER`` when unlisted)."""
    for dim, metrics in DIMENSION_METRICS.items():
        if metric in metrics:
            return dim
    return OTHER


def grouped(metrics: list[str]) -> dict[str, list[str]]:
    """Metrics grouped by dimension, in the dimensions' order, unlisted ones last."""
    out: dict[str, list[str]] = {d: [] for d in (*DIMENSION_METRICS, OTHER)}
    for dim, listed in DIMENSION_METRICS.items():
        out[dim] = [m for m in listed if m in metrics]
    out[OTHER] = [m for m in metrics if dimension_of(m) == OTHER and m not in REPORT_ONLY]
    return {d: ms for d, ms in out.items() if ms}


def characteristics_by_dimension() -> dict[str, tuple[str, ...]]:
    """The essay's characteristics per dimension (:mod:`commonsim.characteristics`)."""
    return {k: tuple(v) for k, v in DIMENSIONS.items()}
