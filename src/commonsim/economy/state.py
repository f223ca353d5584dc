"""The state of the economy between mechanisms: households and firms as arrays, real stocks.

Money is not here: deposits and loans live in the ledger (:mod:`commonsim.economy.ledger`).
What is here is everything else a mechanism reads or writes: who works where and how much,
skills, ownership, firms' output and capital, the commons and the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from commonsim.economy.arrays import scaled_plus_per_head
from commonsim.economy.queue import queue_order
from commonsim.params import Parameters

# Household status codes (main activity this period).
UNEMPLOYED, EMPLOYEE, MEMBER, GIG, CIVIC = 0, 1, 2, 3, 4
STATUS_NAMES = ("unemployed", "employee", "cooperative member", "gig worker", "civic only")

# Firm legal forms.
PROPRIETARY, PLATFORM, COMMONS_ENTITY = 0, 1, 2

@dataclass
class Households:
    """N households, one array per attribute."""

    skill: np.ndarray
    layer: np.ndarray  # 0 line worker, 1 managerial-engineering
    stake: np.ndarray  # share of the proprietary sector (firms, platform, bank) owned
    priority: np.ndarray  # persistent place in hiring queues (random, with skill)
    queue: np.ndarray  # households ordered by priority, best first (changes only at turnover)
    civic_taste: np.ndarray  # uniform draw: contributes when below its participation rate
    member_of: np.ndarray  # commons-entity index or -1
    employer: np.ndarray  # firm index or -1
    status: np.ndarray
    hours_paid: np.ndarray
    hours_gig: np.ndarray
    hours_civic: np.ndarray
    hours_commons: np.ndarray  # paid commons work bought by for-benefit stipends (M3.6)
    disposable: np.ndarray  # this period's disposable income
    previous_disposable: np.ndarray  # last period's, for decisions made before incomes
    previous_conditional: np.ndarray  # last period's benefits and task pay (time_use.py)
    taxes: np.ndarray
    taxable: np.ndarray  # taxable income received since the last tax step
    opening_wealth: np.ndarray  # deposits minus loans at the start of the period
    consumption: np.ndarray
    borrowed: np.ndarray  # borrowed to consume this period
    debt_service: np.ndarray
    home: np.ndarray  # owns its home (bool)
    mortgage: np.ndarray  # the part of the household's bank loan that is a mortgage
    mortgage_payment: np.ndarray  # scheduled yearly mortgage payment (interest + principal)
    bills: np.ndarray  # the part of its deposits held as state bills (memo; model PC)

    @property
    def n(self) -> int:
        """Number of entries (households or firm slots)."""
        return int(self.skill.size)


@dataclass
class Firms:
    """Proprietary firms, the platform and slots for commons-oriented entities."""

    form: np.ndarray
    alive: np.ndarray
    ip_owner: np.ndarray
    capital: np.ndarray
    expected: np.ndarray  # expected sales
    planned: np.ndarray
    output: np.ndarray
    sales: np.ndarray
    demand: np.ndarray  # demand addressed to the firm, served or not
    productivity: np.ndarray  # output per effective labour-year this period
    labour: np.ndarray  # effective labour employed this period
    commons_labour: np.ndarray  # effective labour assigned to commons work
    founded: np.ndarray  # period founded
    drawn: np.ndarray  # value drawn from the commons this period
    abatement: np.ndarray  # share of damage abated
    revenue: np.ndarray  # period revenue other than sales (take, attention, IP)
    costs: np.ndarray  # period costs other than wages (rent, fees)
    wage_bill: np.ndarray
    # Prices (mechanisms/prices.py): one rule for every producer.
    price: np.ndarray  # price of a unit of output this period
    markup: np.ndarray  # markup on normal unit cost
    unit_cost: np.ndarray  # normal unit cost this period (inventories are valued at it)
    inventory: np.ndarray  # goods made and not yet sold (real units)
    sold: np.ndarray  # output sold this period (real units; `sales` is its money value)
    distress: np.ndarray  # periods in a row in financial distress (the exit rule)
    phyle: np.ndarray  # member of the phyle (M3.3), by its membership rule

    @property
    def n(self) -> int:
        """Number of entries (households or firm slots)."""
        return int(self.form.size)


@dataclass
class Aggregates:
    """Real stocks and last period's aggregates that decisions may use (no look-ahead)."""

    commons: float = 0.0
    damage: float = 0.0
    gdp: float = 0.0
    mean_income: float = 0.0
    median_income: float = 0.0
    mean_wage: float = 0.0
    house_price: float = 0.0  # price of a home (mechanisms/prices.price_homes)
    phyle_pool: float = 0.0
    forbenefit_capital_weight: float = 0.0  # capital's governance weight last period
    income_tax_adjust: float = 0.0  # the fiscal rule's addition to the income-tax rate
    profit_tax_adjust: float = 0.0  # the fiscal rule's addition to the profit-tax rate
    bill_rate: float = 0.0  # rate of the bills households hold, fixed when bought
    # Prices, wages and rates (mechanisms/prices.py).
    price_index: float = 1.0  # output-weighted mean price of the period
    inflation: float = 0.0  # growth of the price index over the previous period
    unit_wage: float = 0.0  # money wage per unit of output (pay per labour-year / productivity)
    unemployment: float = 0.0  # last period's unemployment rate
    policy_rate: float = 0.0  # the central bank's rate in force
    bond_rate: float = 0.0  # rate paid on state bonds in force
    deposit_rate: float = 0.0  # rate paid on deposits in force
    loan_rate: float = 0.0  # rate charged on bank loans in force
    failures: dict[int, int] = field(default_factory=lambda: {0: 0, 2: 0})
    firm_years: dict[int, int] = field(default_factory=lambda: {0: 0, 2: 0})
    founded_total: int = 0


@dataclass
class State:
    """Households, firms and the real aggregates: everything but money."""
    households: Households
    firms: Firms
    agg: Aggregates


def initial_state(p: Parameters, n: int, rng: np.random.Generator) -> State:
    """Households and firms at period 0, drawn from the behavioural distributions.

    Equations:
        s_i ~ LogNormal(-sigma^2 / 2, sigma),  sigma = households.skill_sigma  (mean 1)
        prio_i = s_i * U_i,  U_i ~ Uniform(0.5, 1.5);  queue = households by prio, best first
        owners: the round(households.owner_share * N) households with the highest prio
        stake_i = (Pareto(households.ownership_pareto) + 1) / sum over owners  (others 0)
        civic taste c_i ~ Uniform(0, 1)   (takes part when below its participation rate)
        layer_i = manager for the round(labour.manager_share * N) most skilled, else line
        every household starts with no job, membership, hours, income, debt or home
        where N is the number of households. Draws come from the stream "init" in this
        order. With engine.heterogeneous off, s_i = prio_i = 1, stake_i = 1 / N, c_i = 0 (every
        household takes part when its participation rate is positive) and no one manages.
    """
    hp = p.households
    if p.engine.heterogeneous:
        skill = rng.lognormal(-0.5 * hp.skill_sigma**2, hp.skill_sigma, n)
        priority = skill * rng.uniform(0.5, 1.5, n)
        stake = np.zeros(n)
        owners = max(1, int(round(hp.owner_share * n))) if hp.owner_share > 0 else 0
        if owners:
            # Ownership is concentrated among the best-placed households.
            who = np.argsort(-priority)[:owners] if owners < n else np.arange(n)
            stake[who] = rng.pareto(hp.ownership_pareto, owners) + 1.0
            stake /= stake.sum()
    else:
        skill = np.ones(n)
        priority = np.ones(n)
        stake = np.full(n, 1.0 / n)
    # Civic taste: a household takes part in civic contribution when its taste is below
    # its participation rate (mechanisms/time_use.py); identical households all take part.
    civic_taste = rng.random(n) if p.engine.heterogeneous else np.zeros(n)
    layer = np.zeros(n, dtype=np.int8)
    if p.labour.manager_share > 0 and p.engine.heterogeneous:
        k = int(round(p.labour.manager_share * n))
        layer[np.argsort(-skill)[:k]] = 1
    zeros = lambda: np.zeros(n)  # noqa: E731
    hh = Households(
        skill=skill,
        layer=layer,
        stake=stake,
        priority=priority,
        queue=queue_order(priority),
        civic_taste=civic_taste,
        member_of=np.full(n, -1, dtype=np.int64),
        employer=np.full(n, -1, dtype=np.int64),
        status=np.zeros(n, dtype=np.int8),
        hours_paid=zeros(),
        hours_gig=zeros(),
        hours_civic=zeros(),
        hours_commons=zeros(),
        disposable=zeros(),
        previous_disposable=zeros(),
        previous_conditional=zeros(),
        taxes=zeros(),
        taxable=zeros(),
        opening_wealth=zeros(),
        consumption=zeros(),
        borrowed=np.zeros(n, dtype=bool),
        debt_service=zeros(),
        home=np.zeros(n, dtype=bool),
        mortgage=zeros(),
        mortgage_payment=zeros(),
        bills=zeros(),
    )
    return State(households=hh, firms=initial_firms(p), agg=Aggregates())


def initial_firms(p: Parameters) -> Firms:
    """Proprietary firms alive, the platform where platforms exist, empty entity slots.

    Equations:
        slots: engine.firms proprietary firms (live), 1 platform (live if
            platforms.enabled), cooperatives.max_entities entity slots (closed)
        IP owners: the first max(1, round(ip.owner_firms * engine.firms)) proprietary
            firms, where ip.enabled
        every stock and flow of every slot starts at 0
    """
    f_prop = p.engine.firms
    m = f_prop + 1 + p.cooperatives.max_entities
    form = np.full(m, COMMONS_ENTITY, dtype=np.int8)
    form[:f_prop] = PROPRIETARY
    form[f_prop] = PLATFORM
    alive = np.zeros(m, dtype=bool)
    alive[:f_prop] = True
    alive[f_prop] = p.platforms.enabled
    ip_owner = np.zeros(m, dtype=bool)
    ip_owner[: max(1, int(round(p.ip.owner_firms * f_prop)))] = p.ip.enabled
    fz = lambda: np.zeros(m)  # noqa: E731
    return Firms(
        form=form,
        alive=alive,
        ip_owner=ip_owner,
        capital=fz(),
        expected=fz(),
        planned=fz(),
        output=fz(),
        sales=fz(),
        demand=fz(),
        productivity=fz(),
        labour=fz(),
        commons_labour=fz(),
        founded=np.zeros(m, dtype=np.int64),
        drawn=fz(),
        abatement=fz(),
        revenue=fz(),
        costs=fz(),
        wage_bill=fz(),
        price=np.ones(m),
        markup=fz(),
        unit_cost=fz(),
        inventory=fz(),
        sold=fz(),
        distress=np.zeros(m, dtype=np.int64),
        phyle=np.zeros(m, dtype=bool),
    )


def investor_owned(form: np.ndarray, platform_ownership: str = "investors") -> np.ndarray:
    """Firms whose book value belongs to investors by their stakes.

    Proprietary firms always; the platform unless it is a cooperative
    (``platforms.ownership``), whose retained surplus is an indivisible reserve.
    """
    return (form != COMMONS_ENTITY) & ((form != PLATFORM) | (platform_ownership == "investors"))


def equity_claims(hh: Households, firms: Firms, book: np.ndarray, bank: float,
                  platform_ownership: str = "investors",
                  heads: np.ndarray | None = None,
                  plus: np.ndarray | None = None) -> np.ndarray:
    """Each household's claim, at book value, on the proprietary sector and its entity.

    Owners hold the proprietary firms, the investor-owned platform and the bank in
    proportion to their stakes; members of a commons-oriented entity share its book value
    equally. A cooperative platform's reserve is owned by no one (it stays with it).
    `heads` are each firm's members (``group_count(hh.member_of, firms.n)``) if known;
    `plus` is added to each claim in the same pass (a household's other net wealth).
    """
    owned = float(book[investor_owned(firms.form, platform_ownership)].sum()) + bank
    return scaled_plus_per_head(owned, hh.stake, hh.member_of, book, heads, plus)


def opening_deposits(total: float, stake: np.ndarray) -> np.ndarray:
    """Each household's part of `total` opening deposits: half evenly, half by ownership.

    Equations:
        D_i = total / (2 * N) + total * stake_i / 2
        where N is the number of households and stake_i household i's ownership share.
    """
    return 0.5 * total / stake.size + 0.5 * total * stake
