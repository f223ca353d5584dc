"""The period record: what one step of a period hands to a later step of the same period.

A new record is opened with every period (the engine replaces the old one), so nothing
leaks from one year into the next. Each field is declared and documented once here; the
record has slots, so a misspelt field fails at once instead of silently reading zero.
Money that moved is not here: the ledger holds every flow, and household income by kind.
What is here is opening stocks noted for decisions, quantities handed between mechanisms,
and real (non-money) figures of the period the metrics report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _none() -> np.ndarray:
    return np.zeros(0)


@dataclass(slots=True)
class PeriodRecord:
    """Values of the current period, by name (money flows are in the ledger)."""

    # -- opening stocks, noted by begin_period ------------------------------------------
    #: Each depositing sector's deposits at the start of the period, per holder.
    deposits_open: dict[str, np.ndarray] = field(default_factory=dict)
    #: Each borrowing sector's bank loans at the start of the period, per holder.
    loans_open: dict[str, np.ndarray] = field(default_factory=dict)
    #: State bonds held by the bank at the start of the period.
    bonds_open: float = 0.0
    #: Each household's mortgage at the start of the period (None before begin_period).
    mortgage_open: np.ndarray | None = None
    #: Each household's home equity (price less mortgage) at the start of the period.
    home_equity_open: np.ndarray | None = None

    # -- production and labour ----------------------------------------------------------
    #: Total output asked for by the to-order search of the engine (to-order production).
    to_order_output: float = 0.0
    #: Share of each firm's productivity owed to the commons (set_productivity -> produce).
    commons_share_of_productivity: np.ndarray = field(default_factory=_none)
    #: Effective labour each firm buys as task work through the platform.
    gig_need: np.ndarray = field(default_factory=_none)
    #: Effective task work the households logged on to the platform supply in total.
    gig_served: float = 0.0
    #: Environmental damage of each firm's output this period.
    damage_by_firm: np.ndarray = field(default_factory=_none)
    #: Environmental damage of the period's output in total.
    damage: float = 0.0
    #: Materials (and so damage before abatement) per unit of output, 1 = closed design.
    materials_per_output: float = 1.0

    # -- spending -------------------------------------------------------------------------
    #: Spending on output asked for by every buyer this period (served or not).
    demand: float = 0.0
    #: Capital goods each firm bought this period.
    investment_by_firm: np.ndarray = field(default_factory=_none)
    #: Capital goods bought this period in total.
    investment: float = 0.0
    #: Capital worn out this period (depreciation, the firms' consumption of fixed capital).
    depreciation: float = 0.0
    #: Spending routed to peers through the platform (gross of the platform's take).
    peer_volume: float = 0.0
    #: Share of households active on the platform this period (its network, M2.2).
    platform_users: float = 0.0
    #: Fees each household's use of the platform generated this period (patronage base).
    platform_fees: np.ndarray = field(default_factory=_none)
    #: What each household earned through the platform this period (task and peer sales).
    platform_earnings: np.ndarray = field(default_factory=_none)
    #: Public services bought this period (after rationing).
    public_services: float = 0.0
    #: Security bought by the state this period (after rationing).
    security: float = 0.0
    #: Public services co-produced with citizens' civic time, valued at the mean wage.
    coproduced_services: float = 0.0

    # -- firms ----------------------------------------------------------------------------
    #: Each household's pay weight omega_i (pay_labour -> settle_firms: skills, hours and
    #: jobs do not change in between, so the weights are computed once a period).
    pay_weights: np.ndarray = field(default_factory=_none)
    #: Each firm's profit before taxes (change in deposits plus net investment).
    profit_by_firm: np.ndarray = field(default_factory=_none)
    #: Profit above the investor cap paid to the firm's workers (M3.9), in total.
    profit_sharing: float = 0.0
    #: Commons-oriented entities that failed this period.
    failures_entities: float = 0.0
    #: Proprietary firms that failed (and were replaced) this period.
    failures_proprietary: float = 0.0
    #: Cooperative members who left their entity for a job this period.
    members_left: float = 0.0
    #: Book value of exiting firms' capital sold to surviving firms this period.
    capital_sold: float = 0.0
    #: Book value of exiting firms' capital scrapped (no buyer) this period.
    capital_scrapped: float = 0.0
    #: Overdrafts of commons-oriented entities covered by the phyle's insurance.
    phyle_insurance_paid: float = 0.0
    #: Commons-oriented entities in the phyle at the end of the period (M3.3).
    phyle_members: float = 0.0

    # -- the commons ----------------------------------------------------------------------
    #: The commons stock before this period's additions and depreciation.
    commons_before: float = 0.0
    #: Effective hour-years added to the commons this period.
    commons_added: float = 0.0
    #: Hour-years of commons work bought by for-benefit stipends.
    commons_funded_hours: float = 0.0
    #: Pay per effective labour-year at which for-benefit institutions offered commons work.
    commons_offer_rate: float = 0.0
    #: For-benefit money on deposit when commons work was offered (the year's budget).
    commons_offer_budget: float = 0.0
    #: Part of that budget no household took up as work, granted to contributors.
    commons_grants: float = 0.0
    #: Effective hour-years of phyle members' work shared into the commons (M3.3).
    commons_phyle_work: float = 0.0
    #: Value of commons work paid by firms (firm-funded commons labour at the pay rate).
    commons_paid_work: float = 0.0
    #: Share of each commoner's income gap the solidarity fund covered (1 = every gap).
    floor_covered: float = 1.0

    # -- credit and homes -----------------------------------------------------------------
    #: Overdrafts of households turned into bank loans at the end of the period.
    household_borrowing: float = 0.0
    #: Households that defaulted on debt above their credit limit.
    household_defaults: float = 0.0
    #: Households that retired this period, each replaced by an heir (demography).
    retirements: float = 0.0
    #: Homes sold this period (repeat buyers and first-time buyers).
    home_sales: float = 0.0
    #: New mortgage lending this period.
    mortgage_lending: float = 0.0

    # -- prices and revaluations (mechanisms/prices.py) --------------------------------
    #: Value at normal unit cost of the goods each firm added to inventories this period.
    inventory_change_by_firm: np.ndarray = field(default_factory=_none)
    #: Change in the value of opening inventories because the normal unit cost changed.
    inventory_revaluation: float = 0.0
    #: Inventories of slots whose firm failed, written off at unit cost.
    inventory_written_off: float = 0.0
    #: Value of all firms' inventories at the start of the period (noted by begin_period).
    inventories_open: float = 0.0
    #: Value of the homes households own at the start of the period.
    homes_open: float = 0.0
    #: Change in the value of the homes owned because the price of a home changed.
    home_revaluation: float = 0.0

    # -- the state's fiscal rule (mechanisms/fiscal_rule.py) -----------------------------
    #: Households' positive taxable income this period (the base of the income tax).
    income_tax_base: float = 0.0
    #: Firms' positive profit this period (the base of the profit tax).
    profit_tax_base: float = 0.0
    #: Flat income-tax rate in force this period (statutory plus the rule's adjustment).
    income_tax_rate: float = 0.0
    #: Profit-tax rate in force this period (statutory plus the rule's adjustment).
    profit_tax_rate: float = 0.0

    # -- the political rule (mechanisms/politics.py) ------------------------------------
    #: Each constituency's political power this year (weight times base), by name.
    political_power: dict[str, float] = field(default_factory=dict)
    #: Change of each institution the political rule moved this year, by dotted key.
    institution_changes: dict[str, float] = field(default_factory=dict)

    # -- closing stocks, noted by the engine ----------------------------------------------
    #: Each household's equity claim at book value at the close of the period: the closing
    #: balance sheet's, which net worth reads rather than valuing the claims again.
    equity_close: np.ndarray = field(default_factory=_none)
