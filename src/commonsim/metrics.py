"""Per-period metrics of the model outline, declared as reporters over the period's books.

As Mesa's DataCollector declares its model reporters, each metric here is a
:class:`Metric`: a name, a unit, the essay's comparison dimension it speaks to, a one-line
definition and a small function of the finished period. :data:`METRICS` lists them in
declaration order (the order of a run's metric columns); the ODD document and the report's
glossary are generated from the same declarations. Money figures are read from the ledger
(flows and household income by kind), real figures from the state and the period record.

Definitions: Gini over households, net worth included when negative (the Gini then may
exceed 1 only if mean net worth is negative, which we report as is); poverty is disposable
income below 60% of the median; a household is debt-dependent when it borrowed to consume
this period or its debt service exceeds ``households.debt_service_threshold`` of its
disposable income; a worker is precarious when task work, or civic contribution without an
income floor, is their main activity; the labour share is wages, cooperative pay and task
payments over GDP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from commonsim.economy.arrays import max_of, median, ranked_sum, sum_of, total_of
from commonsim.economy.balance import net_worth
from commonsim.economy.census import (
    insecure_main,
    log_growth_stds,
    masked_mean,
    masked_sum,
    masked_sum_of,
    mean_of_positive_sum,
    positive_ratios,
    share,
)
from commonsim.economy.economy import Economy
from commonsim.economy.halves import helper_held, worth_splitting
from commonsim.economy.income import INCOME_KINDS, INCOME_TABLE
from commonsim.economy.ledger import SECTORS
from commonsim.economy.state import (
    COMMONS_ENTITY,
    EMPLOYEE,
    GIG,
    MEMBER,
    PROPRIETARY,
    investor_owned,
)
from commonsim.mechanisms.commons import forbenefit_funding
from commonsim.mechanisms.finance import bank_interest_net
from commonsim.mechanisms.politics import CONSTITUENCIES, INSTITUTIONS, level_metric

#: Civic hours (share of a standard year, about 100 hours) that make a civic contributor.
CONTRIBUTOR_MIN_HOURS = 0.05
def gini(values: np.ndarray) -> float:
    """Gini coefficient by the sorted-rank formula; negative values are kept.

    With negative values the Gini can exceed 1; it is undefined (NaN) when the mean is
    not positive.
    """
    return gini_of_sorted(np.sort(np.asarray(values, dtype=float)))


def gini_of_sorted(x: np.ndarray) -> float:
    """:func:`gini` of values already sorted in ascending order."""
    n = x.size
    total = x.sum()
    if n == 0:
        return 0.0
    if total <= 0:
        return float("nan")
    return float((2.0 * ranked_sum(x) / (n * total)) - (n + 1.0) / n)


def top_share(values: np.ndarray, fraction: float) -> float:
    """Share of the total held by the top `fraction` of households."""
    x = np.asarray(values, dtype=float)
    total = x.sum()
    if total <= 0:
        return float("nan")
    k = max(1, int(round(fraction * x.size)))
    return float(np.partition(x, x.size - k)[x.size - k:].sum() / total)


def top_share_of_sorted(x: np.ndarray, fraction: float) -> float:
    """:func:`top_share` of values already sorted in ascending order."""
    total = x.sum()
    if total <= 0:
        return float("nan")
    k = max(1, int(round(fraction * x.size)))
    return float(x[x.size - k:].sum() / total)


def median_of_sorted(x: np.ndarray) -> float:
    """``np.median`` of values already sorted in ascending order (NaN sorts last)."""
    n = x.size
    if n == 0 or np.isnan(x[-1]):
        return float("nan")
    k = n // 2
    return float(x[k]) if n % 2 else float((x[k - 1] + x[k]) / 2.0)


def _ratio(numerator: float, denominator: float) -> float:
    """`numerator / denominator`, zero when the denominator is not positive."""
    return numerator / denominator if denominator > 0 else 0.0


class Books:
    """The finished period as the reporters see it; shared quantities are computed once."""

    def __init__(self, e: Economy) -> None:
        """Read the economy `e` at the end of a period."""
        self.e = e
        self.p = e.params
        self.hh = e.state.households
        self.f = e.state.firms
        self.agg = e.state.agg
        self.ledger = e.ledger
        self.rec = e.period
        self.inc = e.ledger.income
        self.yd = self.hh.disposable

    # -- output and incomes ---------------------------------------------------------------
    @cached_property
    def gdp(self) -> float:
        """Firms' sales plus peer exchange."""
        return float(self.f.sales.sum()) + self.rec.peer_volume

    @cached_property
    def safe_gdp(self) -> float:
        """GDP, or NaN when it is not positive (so shares of it are undefined)."""
        return self.gdp if self.gdp > 0 else float("nan")

    @cached_property
    def output(self) -> float:
        """Output produced this period."""
        return float(self.f.output.sum())

    @cached_property
    def labour_compensation(self) -> float:
        """Wages, cooperative pay and task payments, less profit shared above the cap."""
        paid = self.income_totals
        return (paid["wages"] + paid["coop_pay"] + paid["piece"] + paid["peer"]
                - self.rec.profit_sharing)

    @cached_property
    def income_totals(self) -> dict[str, float]:
        """What households received this period of each income kind (summed once)."""
        return {kind: total_of(v) for kind, v in self.inc.items()}

    @cached_property
    def profit(self) -> np.ndarray:
        """Each firm's profit before taxes."""
        profit = self.rec.profit_by_firm
        return profit if profit.size else np.zeros(self.f.n)

    @cached_property
    def capital_profit(self) -> float:
        """Profit of proprietary firms and the investor-owned platform."""
        owned = investor_owned(self.f.form, self.p.platforms.ownership)
        return float(self.profit[owned].sum())

    @cached_property
    def ip_rent(self) -> float:
        """IP rent paid by proprietary firms to the IP owners."""
        return self.ledger.paid("ip_rent")

    @cached_property
    def platform_rent(self) -> float:
        """The platform's take and the attention rent firms pay it."""
        return self.ledger.paid("platform_take") + self.ledger.paid("attention_rent")

    @cached_property
    def interest(self) -> float:
        """The bank's net interest income."""
        return bank_interest_net(self.e)

    @cached_property
    def taxes(self) -> float:
        """Income, profit and externality taxes."""
        paid = self.ledger.paid
        return paid("income_tax") + paid("profit_tax") + paid("externality_tax")

    @cached_property
    def funding(self) -> tuple[float, float, float]:
        """For-benefit funding from capital, contributors and the state."""
        return forbenefit_funding(self.e)

    @cached_property
    def market_income(self) -> np.ndarray:
        """Each household's pre-tax market income: every income kind that is not a transfer."""
        return sum_of(tuple(self.inc[kind.name] for kind in INCOME_TABLE if kind.market))

    @cached_property
    def net_worth(self) -> np.ndarray:
        """Each household's net worth (with the closing balance sheet's equity claims)."""
        equity = self.rec.equity_close
        return net_worth(self.e, equity if equity.size == self.hh.n else None)

    @cached_property
    def sorted_net_worth(self) -> np.ndarray:
        """Households' net worth in ascending order (for the Gini and the top shares)."""
        return np.sort(self.net_worth)

    @cached_property
    def sorted_income(self) -> np.ndarray:
        """Households' disposable income in ascending order (the Gini, the median)."""
        return np.sort(np.asarray(self.yd, dtype=float))

    # -- who does what --------------------------------------------------------------------
    @cached_property
    def working(self) -> np.ndarray:
        """Households with a job, a membership or task work (civic time alone is not)."""
        hh = self.hh
        return (hh.employer >= 0) | (hh.member_of >= 0) | (hh.hours_gig > 0)

    @cached_property
    def contribution_hours(self) -> np.ndarray:
        """Time each household gives to the commons outside a job: civic contribution.

        Unpaid civic hours plus the commons hours for-benefit stipends pay for (M3.6): both
        are the household's own time given to the commons, the stipend being the income
        the contributory economy attaches to it (M3.5, M3.11). Commons work firms pay
        their employees for (M2.4) is a job, counted in paid hours, not here.
        """
        return self.hh.hours_civic + self.hh.hours_commons

    @cached_property
    def contributors(self) -> np.ndarray:
        """Households giving at least ``CONTRIBUTOR_MIN_HOURS`` of civic contribution."""
        return self.contribution_hours >= CONTRIBUTOR_MIN_HOURS

    @cached_property
    def workers(self) -> np.ndarray:
        """Households doing any kind of work, civic contribution included."""
        return self.working | self.contributors

    @cached_property
    def precarious(self) -> np.ndarray:
        """Workers whose main income is task work, or civic pay without a backed floor."""
        inc, rec = self.inc, self.rec
        secure = max_of(tuple(inc[k.name] for k in INCOME_TABLE if not k.insecure))
        floor = self.p.solidarity.enabled and float(rec.floor_covered) >= 1.0 - 1e-9
        return insecure_main(inc["piece"], inc["peer"], inc["stipends"], secure,
                             self.workers, bool(floor))

    @cached_property
    def median_income(self) -> float:
        """Median disposable income."""
        return median_of_sorted(self.sorted_income)

    @cached_property
    def poor(self) -> np.ndarray:
        """Households below 60% of the median disposable income."""
        return self.yd < 0.6 * self.median_income

    @cached_property
    def civic_income(self) -> np.ndarray:
        """Each household's stipends and solidarity payments."""
        return self.inc["stipends"] + self.inc["solidarity"]

    @cached_property
    def volatilities(self) -> tuple[float, float]:
        """Income volatility of the commoners and of the civic contributors (one pass).

        Commoners are contributors, entity members and task workers. Volatility is the
        standard deviation of the log change of disposable income since last period,
        among those with income in both (NaN when none had).
        """
        hh = self.hh
        commoners = self.contributors | (hh.member_of >= 0) | (hh.status == GIG)
        return log_growth_stds(self.yd, hh.previous_disposable, commoners, self.contributors)

    @cached_property
    def pay_rate(self) -> np.ndarray:
        """Wage per paid hour of each household."""
        return self.inc["wages"] / np.maximum(self.hh.hours_paid, 1e-12)

    @cached_property
    def services(self) -> float:
        """Public services bought and co-produced."""
        return self.rec.public_services + self.rec.coproduced_services

    def share_of_gdp(self, value: float) -> float:
        """`value` over GDP (NaN when GDP is not positive)."""
        return value / self.safe_gdp

    def failure_rate(self, form: int) -> float:
        """Failures per firm-year of `form` since the start of the run."""
        years = self.agg.firm_years[form]
        return self.agg.failures[form] / years if years else 0.0


# -- reporters that need more than one line -----------------------------------------------
def debt_dependent_share(b: Books) -> float:
    """Share of households that borrowed to consume or carry too heavy a debt service."""
    hh, loans = b.hh, b.ledger.loans["households"]
    heavy = hh.debt_service > b.p.households.debt_service_threshold * np.maximum(b.yd, 1e-12)
    return share(hh.borrowed | heavy & (loans > 0))


def median_debt_to_income(b: Books) -> float:
    """Median of household debt over disposable income (households with income)."""
    dti, finite = positive_ratios(b.ledger.loans["households"], b.yd, 1e-12)
    return median(dti) if finite else 0.0


def net_fiscal_transfer_bottom_half(b: Books) -> float:
    """Transfers less taxes, plus public services, per household of the bottom half."""
    inc, hh = b.inc, b.hh
    bottom = b.yd <= b.median_income
    received = masked_sum_of((inc["benefits"], inc["basic_income"], inc["solidarity"]), bottom)
    net = received - masked_sum(hh.taxes, bottom)
    count = np.count_nonzero(bottom)
    return float(net + b.rec.public_services * (count / bottom.size)) / max(count, 1)


def commons_returned(b: Books) -> float:
    """Money given to for-benefit institutions plus commons work paid by firms."""
    capital, contributors, state = b.funding
    return capital + contributors + state + b.rec.commons_paid_work


def state_balance_to_gdp(b: Books) -> float:
    """The state's net lending (sum of its flows) over GDP."""
    state = SECTORS.index("state")
    return float(sum(v[state] for v in b.ledger.flows.values())) / b.safe_gdp


def nonowner_other_market_income_share(b: Books) -> float:
    """M1.1: non-owners' market income other than wages and interest, over their market income.

    Non-owners own no firm and no entity share.
    """
    hh, inc = b.hh, b.inc
    nonowner = (hh.stake <= 0) & (hh.member_of < 0)
    other = masked_sum_of(tuple(inc[k.name] for k in INCOME_TABLE
                                if k.market and not k.wage_earner), nonowner)
    base = masked_sum_of(tuple(inc[k.name] for k in INCOME_TABLE if k.wage_earner), nonowner)
    market = other + base
    return other / market if market > 0 else 0.0


def income_share(kind: str) -> Callable[[Books], float]:
    """Reporter of the share of households' total income received as `kind`."""

    def report(b: Books) -> float:
        total_income = sum(b.income_totals.values())
        return b.income_totals[kind] / total_income if total_income else 0.0

    return report


def _balance(a: float, b: float) -> float:
    """(a - b) / (a + b) for non-negative parts, 0 when both are 0: a position in [-1, 1]."""
    a, b = max(a, 0.0), max(b, 0.0)
    return (a - b) / (a + b) if a + b > 0 else 0.0


def commons_orientation(b: Books) -> float:
    """Scenario plane, horizontal: surplus bound to the commons against capital income.

    Commons side: ``commons_returned / gdp + entity_surplus_share``; capital side:
    ``capital_share``; the position is their balance in [-1 (capital), 1 (commons)].
    """
    capital, contributors, state = b.funding
    returned = capital + contributors + state + b.rec.commons_paid_work
    surplus = float(b.profit[b.f.form == COMMONS_ENTITY].sum())
    capital_income = b.capital_profit + b.interest
    return _balance((returned + surplus) / b.safe_gdp, capital_income / b.safe_gdp)


def control_centralisation(b: Books) -> float:
    """Scenario plane, vertical: rent for controlled infrastructure against open use.

    Centralised side: ``rent_share`` (IP and platform rent over GDP, paid for permission to
    use infrastructure someone controls); distributed side: ``commons_drawn / gdp`` (value
    produced with the open commons); the position is their balance in [-1, 1].
    """
    return _balance(b.share_of_gdp(b.ip_rent + b.platform_rent),
                    b.share_of_gdp(float(b.f.drawn.sum())))


def institution_level(key: str) -> Callable[[Books], float]:
    """Reporter of the level of institution `key` in force for the next year."""
    section, _, name = key.partition(".")
    return lambda b: float(getattr(getattr(b.p, section), name))


def power_share(constituency: str) -> Callable[[Books], float]:
    """Reporter of a constituency's share of political power (0 when the rule is off)."""

    def report(b: Books) -> float:
        power = b.rec.political_power
        total = sum(power.values())
        return power.get(constituency, 0.0) / total if total > 0 else 0.0

    return report


@dataclass(frozen=True)
class Metric:
    """One declared metric: what it is called, measured in, speaks to and computes."""

    name: str
    #: Unit of the value (``money`` is money of the run, per year for flows).
    unit: str
    #: The essay's comparison dimension it speaks to (as in the report).
    dimension: str
    #: One-line definition.
    definition: str
    #: Computes the value from the finished period.
    function: Callable[[Books], float]


class UnknownMetricError(KeyError):
    """A metric name that is not declared."""

    def __str__(self) -> str:
        """One line naming the metric and the allowed names."""
        return str(self.args[0])


class MetricTable(Mapping[str, Metric]):
    """Metrics by name, in declaration order; an unknown name raises a clear error."""

    def __init__(self, metrics: list[Metric]) -> None:
        """Index `metrics` by name (names must be unique)."""
        self._by_name = {m.name: m for m in metrics}
        if len(self._by_name) != len(metrics):
            raise ValueError("metric names must be unique")

    def __getitem__(self, name: str) -> Metric:
        """The metric called `name`."""
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownMetricError(
                f"unknown metric {name!r}: allowed: one of {', '.join(self._by_name)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        """Names in declaration order."""
        return iter(self._by_name)

    def __len__(self) -> int:
        """Number of metrics."""
        return len(self._by_name)


VE, CS, KL, SM = ("value extraction", "class structure", "knowledge logics",
                  "solidarity models")
BP, DA, FD, MA = ("balance of power", "dominant model versus alternatives",
                  "forms of democracy", "macro and accounts")
#: The dimensions metrics are grouped under: the essay's seven, then macro and accounts.
DIMENSIONS: tuple[str, ...] = (VE, CS, KL, SM, BP, DA, FD, MA)
S, M, R, C = "share", "money", "ratio", "count"
E_ = COMMONS_ENTITY

#: Every metric, in the order a run's metric columns appear.
METRICS: MetricTable = MetricTable([
    Metric("gdp", M, MA, "Firms' sales plus peer exchange through platforms.",
           lambda b: b.gdp),
    Metric("output", M, MA, "Output produced by all firms and entities.", lambda b: b.output),
    Metric("consumption", M, MA, "Households' spending on firms' output and on peers.",
           lambda b: float(b.hh.consumption.sum())),
    Metric("investment", M, MA, "Capital goods bought by firms and entities.",
           lambda b: b.rec.investment),
    Metric("labour_share", S, VE, "Wages, cooperative pay and task payments over GDP.",
           lambda b: b.share_of_gdp(b.labour_compensation)),
    Metric("profit_share", S, VE, "Profit of proprietary firms and the investor-owned"
           " platform over GDP.",
           lambda b: b.share_of_gdp(b.capital_profit)),
    Metric("ip_rent_share", S, VE, "IP rent over GDP.", lambda b: b.share_of_gdp(b.ip_rent)),
    Metric("platform_rent_share", S, VE, "Platform take and attention rent over GDP.",
           lambda b: b.share_of_gdp(b.platform_rent)),
    Metric("rent_share", S, VE, "IP and platform rent over GDP.",
           lambda b: b.share_of_gdp(b.ip_rent + b.platform_rent)),
    Metric("interest_share", S, VE, "The bank's net interest income over GDP.",
           lambda b: b.share_of_gdp(b.interest)),
    Metric("capital_share", S, VE, "Capitalist profit plus net interest over GDP.",
           lambda b: b.share_of_gdp(b.capital_profit + b.interest)),
    Metric("entity_surplus_share", S, VE, "Commons-oriented entities' surplus over GDP.",
           lambda b: b.share_of_gdp(float(b.profit[b.f.form == E_].sum()))),
    Metric("platform_rent", M, VE, "Platform take and attention rent.",
           lambda b: b.platform_rent),
    Metric("platform_users", S, VE, "Share of households active on the platform (task work"
           " or civic sharing): its network.", lambda b: b.rec.platform_users),
    Metric("patronage_refunds", M, VE, "A cooperative platform's distributed surplus paid to"
           " its owner-users or workers.", lambda b: b.ledger.paid("patronage_refunds")),
    Metric("ip_rent", M, VE, "IP rent paid to the owners of proprietary knowledge.",
           lambda b: b.ip_rent),
    Metric("income_gini", R, CS, "Gini coefficient of disposable income.",
           lambda b: gini_of_sorted(b.sorted_income)),
    Metric("wealth_gini", R, CS, "Gini coefficient of net worth (negative values kept).",
           lambda b: gini_of_sorted(b.sorted_net_worth)),
    Metric("top10_wealth_share", S, CS, "Share of net worth held by the richest 10%.",
           lambda b: top_share_of_sorted(b.sorted_net_worth, 0.10)),
    Metric("top1_wealth_share", S, CS, "Share of net worth held by the richest 1%.",
           lambda b: top_share_of_sorted(b.sorted_net_worth, 0.01)),
    Metric("top1_income_share", S, CS,
           "Share of households' pre-tax market income (pay, dividends, surpluses, interest,"
           " stipends; no state transfers) received by the richest 1% by that income, as"
           " Piketty & Saez (2003) measure top incomes from tax returns.",
           lambda b: top_share(b.market_income, 0.01)),
    Metric("nonpositive_net_worth_share", S, CS, "Share of households with net worth <= 0.",
           lambda b: share(b.net_worth <= 0)),
    Metric("median_debt_to_income", R, SM,
           "Median household debt over disposable income.", median_debt_to_income),
    Metric("household_debt_to_income", R, SM,
           "Households' bank loans over their disposable income.",
           lambda b: float(b.ledger.loans["households"].sum()) / max(float(b.yd.sum()), 1e-12)),
    Metric("mortgage_debt_to_income", R, MA, "Mortgages over households' disposable income.",
           lambda b: float(b.hh.mortgage.sum()) / max(float(b.yd.sum()), 1e-12)),
    Metric("owners_with_mortgage", S, MA, "Share of home owners with a mortgage.",
           lambda b: masked_mean(b.hh.mortgage > 0, b.hh.home)),
    Metric("home_sales_rate", R, MA, "Homes sold per home owned.",
           lambda b: b.rec.home_sales / max(float(b.hh.home.sum()), 1.0)),
    Metric("debt_dependent_share", S, SM,
           "Households that borrowed to consume or whose debt service is too heavy.",
           debt_dependent_share),
    Metric("unemployment", S, CS, "Households with no job, membership or task work.",
           lambda b: share(~b.working)),
    Metric("precarious_share", S, CS, "Workers whose main activity is insecure work.",
           lambda b: masked_mean(b.precarious, b.workers) if b.workers.any() else 0.0),
    Metric("poverty_rate", S, SM, "Households below 60% of the median disposable income.",
           lambda b: share(b.poor)),
    Metric("paid_hours_per_worker", "standard years", CS,
           "Paid and task hours per household that has any.",
           lambda b: mean_of_positive_sum(b.hh.hours_paid, b.hh.hours_gig)),
    Metric("civic_hours_per_household", "standard years", KL,
           "Civic contribution hours per household: unpaid civic hours plus the commons"
           " hours for-benefit stipends pay for (not firm-paid commons work, a job).",
           lambda b: float(b.contribution_hours.mean())),
    Metric("commons_stock", "effective hour-years", KL, "The commons stock at period end.",
           lambda b: b.agg.commons),
    Metric("commons_growth", R, KL, "Growth of the commons stock this period.",
           lambda b: (b.agg.commons / b.rec.commons_before - 1.0)
           if b.rec.commons_before > 0 else 0.0),
    Metric("commons_returned", M, VE,
           "Money given to for-benefit institutions plus firm-paid commons work.",
           commons_returned),
    Metric("commons_drawn", M, VE, "Value of output owed to the commons.",
           lambda b: float(b.f.drawn.sum())),
    Metric("commons_funded_hours", "effective hour-years", KL,
           "Commons work households did for for-benefit stipends (M3.6).",
           lambda b: b.rec.commons_funded_hours),
    Metric("civic_contributors_share", S, KL,
           "Households giving at least 5% of a standard year to civic contribution (unpaid"
           " or paid by stipends).",
           lambda b: share(b.contributors)),
    Metric("civic_income", M, SM, "Stipends and solidarity payments per civic contributor.",
           lambda b: masked_mean(b.civic_income, b.contributors)),
    Metric("civic_contributor_income", M, SM, "Disposable income per civic contributor.",
           lambda b: masked_mean(b.yd, b.contributors)),
    Metric("civic_poverty_rate", S, SM, "Poverty rate among civic contributors.",
           lambda b: masked_mean(b.poor.astype(float), b.contributors)),
    Metric("commoner_income_volatility", R, SM,
           "Std. dev. of log income growth of contributors, members and task workers.",
           lambda b: b.volatilities[0]),
    Metric("contributor_income_volatility", R, MA,
           "Std. dev. of log income growth of civic contributors.",
           lambda b: b.volatilities[1]),
    Metric("contributor_pay_total", M, MA, "Stipends and solidarity paid to contributors.",
           lambda b: masked_sum(b.civic_income, b.contributors)),
    Metric("coop_output_share", S, DA, "Commons-oriented entities' share of output.",
           lambda b: _ratio(float(b.f.output[b.f.form == E_].sum()), b.output)),
    Metric("commons_entity_market_share", S, DA, "Commons-oriented entities' share of sales.",
           lambda b: float(b.f.sales[b.f.form == E_].sum())
           / max(float(b.f.sales.sum()), 1e-12)),
    Metric("commons_entities", C, DA, "Live commons-oriented entities.",
           lambda b: float((b.f.alive & (b.f.form == E_)).sum())),
    Metric("coop_members_share", S, DA, "Households that are members of an entity.",
           lambda b: share(b.hh.member_of >= 0)),
    Metric("member_net_worth", M, CS, "Mean net worth of entity members.",
           lambda b: masked_mean(b.net_worth, b.hh.member_of >= 0)),
    Metric("owner_net_worth", M, CS, "Mean net worth of owners of the proprietary sector.",
           lambda b: masked_mean(b.net_worth, b.hh.stake > 0)),
    Metric("other_net_worth", M, CS, "Mean net worth of households owning no stake.",
           lambda b: masked_mean(b.net_worth, ~(b.hh.stake > 0))),
    Metric("skill_managers", "skill", CS, "Mean skill of the managerial-engineering layer.",
           lambda b: masked_mean(b.hh.skill, b.hh.layer == 1)),
    Metric("skill_line", "skill", CS, "Mean skill of line workers.",
           lambda b: masked_mean(b.hh.skill, b.hh.layer == 0)),
    Metric("skill_producers", "skill", CS, "Mean skill of producers (line layer).",
           lambda b: masked_mean(b.hh.skill, b.hh.layer == 0)),
    Metric("pay_managers", M, CS, "Mean wage per paid hour of employed managers.",
           lambda b: masked_mean(b.pay_rate, (b.hh.status == EMPLOYEE) & (b.hh.layer == 1))),
    Metric("pay_line", M, CS, "Mean wage per paid hour of employed line workers.",
           lambda b: masked_mean(b.pay_rate, (b.hh.status == EMPLOYEE) & (b.hh.layer == 0))),
    Metric("public_services_per_head", M, FD,
           "Public services bought and co-produced, per household.",
           lambda b: b.services / b.e.n),
    Metric("services_per_tax", R, FD, "Public services bought and co-produced per tax paid.",
           lambda b: _ratio(b.services, b.taxes)),
    Metric("transfers_households", M, SM, "Unemployment benefits and basic income.",
           lambda b: b.ledger.paid("benefits") + b.ledger.paid("basic_income")),
    Metric("transfers_finance", M, BP, "The state's support to finance.",
           lambda b: b.ledger.paid("support_to_finance")),
    Metric("transfers_commons", M, BP,
           "State funding of the commons, civic infrastructure and solidarity funds.",
           lambda b: b.ledger.paid("commons_funding", "state")
           + b.ledger.paid("civic_infrastructure")
           + b.ledger.paid("solidarity_contributions", "state")),
    Metric("security_spending", M, BP, "Security bought by the state.",
           lambda b: b.rec.security),
    Metric("state_debt_to_gdp", R, BP, "State bonds less state deposits over GDP.",
           lambda b: (b.ledger.bonds - float(b.ledger.deposits["state"][0])) / b.safe_gdp),
    Metric("state_balance_to_gdp", R, BP, "The state's net lending over GDP.",
           state_balance_to_gdp),
    Metric("unmet_demand_share", S, KL,
           "Spending asked of firms that they could not serve (rationing), over that demand.",
           lambda b: _ratio(max(b.rec.demand - float(b.f.sales.sum()), 0.0), b.rec.demand)),
    Metric("income_tax_rate", S, BP,
           "Flat income-tax rate in force (statutory plus the fiscal rule's adjustment).",
           lambda b: b.rec.income_tax_rate),
    Metric("profit_tax_rate", S, BP,
           "Profit-tax rate in force (statutory plus the fiscal rule's adjustment).",
           lambda b: b.rec.profit_tax_rate),
    Metric("waste", S, KL, "Share of output not sold this period (kept as inventories).",
           lambda b: _ratio(max(b.output - float(b.f.sold.sum()), 0.0), b.output)),
    Metric("price_index", "index", MA,
           "Mean price of firms' output, weighted by last period's output (1 at the opening).",
           lambda b: b.agg.price_index),
    Metric("inflation", R, MA, "Growth of the price index over the previous period.",
           lambda b: b.agg.inflation),
    Metric("real_gdp", M, MA, "GDP deflated by the price index (money of the opening).",
           lambda b: b.gdp / b.agg.price_index if b.agg.price_index > 0 else float("nan")),
    Metric("real_wage", M, MA,
           "Wage per full-time equivalent deflated by the price index (money of the opening).",
           lambda b: b.agg.mean_wage / b.agg.price_index if b.agg.price_index > 0
           else float("nan")),
    Metric("money_wage", M, MA,
           "Money wage per unit of output (pay per effective labour-year over productivity).",
           lambda b: b.agg.unit_wage),
    Metric("mean_markup", R, MA, "Markup on normal unit cost, mean over producers weighted by"
           " output.", lambda b: mean_markup(b)),
    Metric("inventories_to_gdp", R, MA, "Firms' inventories at unit cost over GDP.",
           lambda b: float((b.f.inventory * b.f.unit_cost).sum()) / b.safe_gdp),
    Metric("policy_rate", R, MA, "The central bank's policy rate in force (fixed or Taylor).",
           lambda b: b.agg.policy_rate),
    Metric("house_price", M, MA, "Price of a home.", lambda b: b.agg.house_price),
    Metric("forecast_error", S, KL,
           "Producers' planned output off the demand addressed to them: sum of absolute"
           " gaps over total demand (M3.4).",
           lambda b: _ratio(float(np.abs(b.f.planned - b.f.demand)[b.f.alive].sum()),
                            float(b.f.demand[b.f.alive].sum()))),
    Metric("damage_per_output", R, KL, "Environmental damage over GDP.",
           lambda b: b.rec.damage / b.safe_gdp),
    Metric("fb_funding_capital", M, BP, "For-benefit funding from capital (levy, gifts).",
           lambda b: b.funding[0]),
    Metric("fb_funding_contributors", M, BP,
           "For-benefit funding from contributors and entities.", lambda b: b.funding[1]),
    Metric("fb_funding_state", M, BP, "For-benefit funding from the state.",
           lambda b: b.funding[2]),
    Metric("fb_capital_share", S, BP, "Capital's share of for-benefit funding.",
           lambda b: _ratio(b.funding[0], b.funding[0] + b.funding[1] + b.funding[2])),
    Metric("solidarity_transfers", M, SM, "Payments of solidarity funds to commoners.",
           lambda b: b.ledger.paid("solidarity_payments")),
    Metric("basic_income_paid", M, SM, "Basic income paid by the state.",
           lambda b: b.ledger.paid("basic_income")),
    Metric("net_fiscal_transfer_bottom_half", M, SM,
           "Transfers less taxes plus services, per household of the bottom half.",
           net_fiscal_transfer_bottom_half),
    Metric("failures_entities", C, DA, "Commons-oriented entities that failed.",
           lambda b: b.rec.failures_entities),
    Metric("failures_proprietary", C, DA, "Proprietary firms that failed.",
           lambda b: b.rec.failures_proprietary),
    Metric("entity_failure_rate", R, DA, "Entity failures per entity-year so far.",
           lambda b: b.failure_rate(COMMONS_ENTITY)),
    Metric("phyle_member_share", S, DA,
           "Share of live commons-oriented entities that belong to the phyle (M3.3).",
           lambda b: _ratio(b.rec.phyle_members,
                            float((b.f.alive & (b.f.form == E_)).sum()))),
    Metric("firm_failure_rate", R, DA, "Proprietary failures per firm-year so far.",
           lambda b: b.failure_rate(PROPRIETARY)),
    Metric("damage_stock", "damage", KL, "Accumulated environmental damage.",
           lambda b: b.agg.damage),
    Metric("household_deposits", M, MA, "Households' bank deposits.",
           lambda b: float(b.ledger.deposits["households"].sum())),
    Metric("household_borrowing", M, MA, "Households' overdrafts turned into loans.",
           lambda b: b.rec.household_borrowing),
    Metric("household_defaults_share", S, MA, "Households that defaulted this period.",
           lambda b: b.rec.household_defaults / b.e.n),
    Metric("household_writeoff", M, MA, "Household loans written off.",
           lambda b: b.ledger.written_off("households")),
    Metric("state_bonds", M, MA, "State bonds held by the bank.", lambda b: b.ledger.bonds),
    Metric("household_bills", M, MA, "State bills households hold through the bank (model PC).",
           lambda b: float(b.hh.bills.sum())),
    Metric("employees_share", S, CS, "Households employed by proprietary firms.",
           lambda b: share(b.hh.status == EMPLOYEE)),
    Metric("gig_workers_share", S, CS, "Households whose main activity is task work.",
           lambda b: share(b.hh.status == GIG)),
    Metric("member_workers_share", S, CS, "Households working as entity members.",
           lambda b: share(b.hh.status == MEMBER)),
    Metric("nonowner_other_market_income_share", S, MA,
           "Non-owners' market income other than wages and interest, over their market"
           " income (M1.1).", nonowner_other_market_income_share),
    *(Metric(f"income_from_{kind}", S, MA, f"Share of households' income received as {kind}.",
             income_share(kind)) for kind in INCOME_KINDS),
    Metric("commons_orientation", R, DA,
           "Scenario plane (Bauwens & Kostakis 2014), horizontal: balance in [-1, 1] of"
           " commons_returned / gdp + entity_surplus_share (commons) against capital_share"
           " (capital).", commons_orientation),
    Metric("control_centralisation", R, DA,
           "Scenario plane, vertical: balance in [-1, 1] of rent_share (centralised control"
           " of infrastructure) against commons_drawn / gdp (open, distributed use).",
           control_centralisation),
    *(Metric(f"power_{c}", S, BP, f"Share of political power held by {c} (political rule;"
             " 0 when it is off).", power_share(c)) for c in CONSTITUENCIES),
    *(Metric(level_metric(i.key), "level", BP,
             f"{i.key} in force for the next year (moved by the political rule when it is"
             f" on; bounds {i.low:g} to {i.high:g}).", institution_level(i.key))
      for i in INSTITUTIONS),
])


def mean_markup(b: Books) -> float:
    """Markup of live producers, weighted by output (unweighted when nothing was made)."""
    f = b.f
    live = f.alive & (f.productivity > 0)
    if not live.any():
        return float("nan")
    weights = np.maximum(f.output[live], 0.0)
    if weights.sum() <= 0:
        return float(f.markup[live].mean())
    return float((f.markup[live] * weights).sum() / weights.sum())


def period_metrics(e: Economy, times: dict[str, float] | None = None) -> dict[str, float]:
    """Every declared metric for the period just closed, in declaration order.

    Where the work is shared by two threads (:func:`.halves.worth_splitting`: from 50,000
    households, with two cores to use), a second thread computes part of the metrics: the
    large passes (sorts, NumPy and the compiled census kernels) release Python's lock,
    and each value is a function of the finished period alone, so which thread computes it
    does not change it. `times`, kept by the caller from one period to the next, holds
    the seconds each metric took last time; the threads then share the metrics by those
    times (:func:`_shares`).
    """
    books = Books(e)
    items = tuple(METRICS.items())
    if not worth_splitting(e.state.households.n):
        return _compute(books, items, times)
    mine, theirs = _shares(items, times)
    done: list[dict[str, float] | BaseException] = []
    helper = threading.Thread(target=_compute_into, args=(done, books, theirs, times),
                              name="metrics", daemon=True)
    with helper_held():  # both cores are busy with the two threads
        helper.start()
        values = _compute(books, mine, times)
        helper.join()
    if isinstance(done[0], BaseException):
        raise done[0]
    values.update(done[0])
    return {name: values[name] for name, _ in items}


def _shares(items: tuple[tuple[str, Metric], ...], times: dict[str, float] | None
            ) -> tuple[tuple[tuple[str, Metric], ...], tuple[tuple[str, Metric], ...]]:
    """The metrics of each of the two threads: every other one, or balanced by `times`.

    With the times of the last period, the longest goes first, each to the thread with
    less work so far (a metric that computes a shared quantity, such as a sort, is
    charged for it, so the quantities spread over both threads too).
    """
    if not times:
        return items[0::2], items[1::2]
    parts: tuple[list, list] = ([], [])
    loads = [0.0, 0.0]
    for item in sorted(items, key=lambda named: -times.get(named[0], 0.0)):
        k = 0 if loads[0] <= loads[1] else 1
        parts[k].append(item)
        loads[k] += times.get(item[0], 0.0)
    return tuple(parts[0]), tuple(parts[1])


def _compute_into(out: list, books: Books, items: tuple[tuple[str, Metric], ...],
                  times: dict[str, float] | None) -> None:
    """Append the metrics of `items` to `out`, or the error that stopped them."""
    try:
        out.append(_compute(books, items, times))
    except BaseException as error:  # re-raised by the caller's thread
        out.append(error)


def _compute(books: Books, items: tuple[tuple[str, Metric], ...],
             times: dict[str, float] | None = None) -> dict[str, float]:
    """The value of each metric in `items` over `books`; its seconds into `times` if given."""
    if times is None:
        return {name: metric.function(books) for name, metric in items}
    values = {}
    for name, metric in items:
        start = time.perf_counter()
        values[name] = metric.function(books)
        times[name] = time.perf_counter() - start
    return values
