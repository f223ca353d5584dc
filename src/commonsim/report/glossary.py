"""The glossary of metrics: name, unit, dimension and definition of every metric reported.

:func:`glossary_rows` reads the metric declarations: ``commonsim.metrics.METRICS``, a mapping
of name to a declared metric with ``name``, ``unit``, ``dimension`` and ``definition``. A
metric not declared there is described from :data:`DEFINITIONS` below, its dimension from
:mod:`.dimensions` and its unit from the form of its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from commonsim.report.dimensions import dimension_of

SHARE = "share (0 to 1)"
MONEY = "money units per year"
MONEY_STOCK = "money units"

#: Unit of a metric from the form of its name: the first matching rule applies.
UNIT_RULES: tuple[tuple[str, str], ...] = (
    ("income_from_", SHARE), ("_share", SHARE), ("_rate", SHARE), ("gini", SHARE),
    ("unemployment", SHARE), ("waste", SHARE), ("_to_gdp", "ratio to yearly GDP"),
    ("_to_income", "ratio to yearly income"), ("skill_", "skill index (1 = opening mean)"),
    ("hours", "share of a standard working year"), ("volatility", "sd of yearly log change"),
    ("_per_output", "damage per unit of output"), ("services_per_tax", "ratio"),
    ("net_worth", MONEY_STOCK), ("stock", MONEY_STOCK), ("commons_growth", "per year"),
    ("entities", "count"), ("failures_", "count per year"), ("households", "count"),
)

#: Definitions, in words, of the metrics the claims and tables use.
DEFINITIONS: dict[str, str] = {
    "gdp": "Sales of all firms and entities plus peer exchange in the year.",
    "labour_share": "Pay for work of every kind (wages, cooperative pay, task and peer"
                    " pay, net of profit sharing) over GDP.",
    "profit_share": "Profits of proprietary firms and platforms over GDP.",
    "capital_share": "Profits of capitalist firms plus net bank interest, over GDP.",
    "interest_share": "Net interest received by banks over GDP.",
    "ip_rent_share": "Intellectual-property rent paid to owners of proprietary knowledge,"
                     " over GDP.",
    "platform_rent_share": "Platform take on task work and peer exchange plus attention"
                           " rent, over GDP.",
    "platform_rent": "Platform take on task work and peer exchange plus attention rent.",
    "entity_surplus_share": "Surplus of commons-oriented entities over GDP.",
    "wealth_gini": "Gini coefficient of household net worth (negative net worth counts).",
    "income_gini": "Gini coefficient of household disposable income.",
    "poverty_rate": "Share of households with disposable income below 60% of the median.",
    "civic_poverty_rate": "Poverty rate among civic contributors (households giving at"
                          " least 0.05 of a year to civic work).",
    "precarious_share": "Share of workers whose main income is task work, or unbacked"
                        " civic stipends.",
    "unemployment": "Share of households with no job, membership or task work.",
    "debt_dependent_share": "Share of households that borrowed to consume, or whose debt"
                            " service exceeds the threshold share of income.",
    "median_debt_to_income": "Median over households of loans over disposable income.",
    "household_debt_to_income": "Household loans over household disposable income.",
    "paid_hours_per_worker": "Paid and task hours per working household.",
    "civic_hours_per_household": "Civic contribution hours per household.",
    "commons_stock": "The stock of commons knowledge (depreciating, added to by"
                     " contributions).",
    "commons_drawn": "Value firms and platforms draw from the commons in the year.",
    "commons_returned": "Value returned to the commons in the year.",
    "civic_contributors_share": "Share of households giving at least 0.05 of a year to"
                                " civic work.",
    "civic_income": "Stipends and solidarity received per civic contributor.",
    "civic_contributor_income": "Mean disposable income of civic contributors.",
    "commoner_income_volatility": "Standard deviation of the yearly log change of"
                                  " disposable income among contributors, members and"
                                  " task workers.",
    "coop_output_share": "Output of commons-oriented entities over all output.",
    "commons_entity_market_share": "Sales of commons-oriented entities over all sales.",
    "member_net_worth": "Mean net worth of cooperative members.",
    "owner_net_worth": "Mean net worth of households holding firm shares.",
    "other_net_worth": "Mean net worth of households holding no firm shares.",
    "skill_managers": "Mean skill of the managerial-engineering layer.",
    "skill_line": "Mean skill of line workers.",
    "skill_producers": "Mean skill of non-managerial producers.",
    "pay_managers": "Mean wage per paid hour of managers.",
    "pay_line": "Mean wage per paid hour of line workers.",
    "public_services_per_head": "Public services bought plus services co-produced with"
                                " citizens, per household.",
    "services_per_tax": "Public services (bought and co-produced) per unit of tax revenue.",
    "transfers_finance": "State transfers to the financial sector in the year.",
    "transfers_commons": "State support to commons institutions in the year.",
    "state_debt_to_gdp": "State bonds net of the state's deposits, over GDP.",
    "state_balance_to_gdp": "State revenue minus spending (negative: deficit), over GDP.",
    "waste": "Output not sold, over output.",
    "damage_per_output": "Environmental damage in the year over GDP.",
    "fb_funding_capital": "Funding of for-benefit institutions by capital in the year.",
    "fb_funding_contributors": "Funding of for-benefit institutions by contributors.",
    "solidarity_transfers": "Transfers paid by solidarity funds in the year.",
    "net_fiscal_transfer_bottom_half": "Per household of the poorer half: benefits, basic"
                                       " income, solidarity and a per-head share of public"
                                       " services, minus taxes.",
    "entity_failure_rate": "Failures of commons-oriented entities per entity-year.",
    "firm_failure_rate": "Failures of proprietary firms per firm-year.",
    "nonowner_other_market_income_share": "Market income of households owning no firm,"
                                          " other than wages and deposit interest, over"
                                          " their market income.",
}


@dataclass(frozen=True)
class GlossaryRow:
    """One metric as the glossary shows it."""

    name: str
    label: str
    unit: str
    dimension: str
    definition: str


def unit_of(metric: str) -> str:
    """The unit of a metric from the form of its name (money per year otherwise)."""
    for key, unit in UNIT_RULES:
        if key in metric:
            return unit
    return MONEY


def label(metric: str) -> str:
    """A metric's name in words."""
    return metric.replace("_", " ")


def glossary_rows(metrics: list[str] | None = None) -> list[GlossaryRow]:
    """Name, unit, dimension and definition of each metric (default: every one described).

    Reads the metric declarations (``commonsim.metrics.METRICS``); metrics without a
    declaration are described from this module's table, or said to have no definition yet.
    """
    import commonsim.metrics as declared

    table = getattr(declared, "METRICS", {}) or {}
    names = list(metrics) if metrics is not None else sorted(set(table) | set(DEFINITIONS))
    rows = []
    for name in names:
        m = table.get(name)
        if m is not None:
            rows.append(GlossaryRow(name, label(name), m.unit, m.dimension, m.definition))
            continue
        rows.append(GlossaryRow(name, label(name), unit_of(name), dimension_of(name),
                                DEFINITIONS.get(name, "no definition written yet")))
    return rows
