"""The fiscal rule every regime shares: tax rates move so public debt returns to a target.

Every programme the state runs (benefits, public services, security, the basic income,
commons support, civic infrastructure, support to finance, matched solidarity) is paid
inside one rule. After the period's accounts close, the rule compares the state's overall
balance with the balance that would close ``1 / state.debt_horizon`` of the gap between
net public debt and ``state.debt_target`` times GDP (the EU debt benchmark: the excess over
60% of GDP is reduced by one twentieth a year, Regulation (EU) No 1177/2011, art. 2(1a)),
and moves the taxes the regime names (``state.rule_taxes``) by the rate that would have
raised the difference on this period's tax base. The rates apply from the next period, so
the rule uses only information available when taxes are set.

Institutions choose the target, the horizon and which taxes move; the rule itself is the
same in every regime. Whether a regime's programmes are affordable then shows in the tax
rates the rule needs (reported as ``income_tax_rate`` and ``profit_tax_rate``), not in an
unbounded debt; a rule that hits the rate ceiling cannot close the gap, and debt then
shows it.

Every essay preset runs with the rule on (``state.fiscal_rule = "debt-target"``, the
schema's default, target 0.6 of GDP); the validation presets switch it off because their
published models fix their tax rates. It became the default once firms paid out the cash
they do not reinvest (``mechanisms/firms.py``, ``free_cash``): before that, firms' idle
deposits drained households' money, and with the rule on 1b's baseline fell into a slump
in which the rule kept raising taxes (docs/opening.md).

The module is written as pure functions over plain numbers (:func:`required_balance`,
:func:`rate_change`, :func:`effective_rate`) plus one step that reads and writes the
economy.
"""

from __future__ import annotations

from commonsim.economy.economy import Economy

IMPLEMENTS = ("M1.5", "M1.6", "M2.6", "M3.6", "M3.11")

#: Highest tax rate the rule may set (a rate of 1 would take all income).
RATE_CEILING = 0.9


def net_debt(bonds: float, state_deposits: float) -> float:
    """Net public debt: bonds outstanding less the state's own deposits."""
    return bonds - state_deposits


def required_balance(debt: float, gdp: float, target: float, horizon: float,
                     growth: float = 0.0) -> float:
    """The overall surplus (negative: deficit) that closes 1/horizon of the debt-ratio gap.

    Running this surplus for a year while nominal GDP grows by `growth` moves debt/GDP from
    ``d = debt / gdp`` to ``d - (d - target) / horizon``. The EU benchmark is stated for
    the ratio; a rule that ignored growth (closing 1/horizon of ``debt - target * gdp`` in
    money) would settle below its target, at ``target / (1 + growth * horizon)``: 0.48
    instead of 0.6 at 1.2% nominal growth and a horizon of 20 years.
    """
    ratio = debt / gdp
    return debt - (1.0 + growth) * gdp * (ratio - (ratio - target) / horizon)


def expected_growth(gdp: float, previous_gdp: float) -> float:
    """Nominal GDP growth expected for next year: this year's (0 without a previous year)."""
    return gdp / previous_gdp - 1.0 if previous_gdp > 0 else 0.0


def rate_change(realised: float, required: float, base: float, most: float) -> float:
    """The change of tax rate that raises ``required - realised`` on ``base``, at most ``most``.

    ``most`` bounds the change in revenue either way (the yearly fiscal effort), so that
    a gap is closed over several years rather than by one year's tax shock.
    """
    if base <= 0:
        return 0.0
    gap = min(max(required - realised, -most), most)
    return gap / base


def effective_rate(statutory: float, adjustment: float) -> float:
    """The regime's statutory rate plus the rule's adjustment, within [0, RATE_CEILING]."""
    return min(max(statutory + adjustment, 0.0), RATE_CEILING)


def moving_taxes(rule_taxes: str) -> tuple[bool, bool]:
    """Whether the rule moves the income tax and the profit tax."""
    return rule_taxes in ("income", "income-and-profit"), rule_taxes in (
        "profit", "income-and-profit")


def income_tax_rate(e: Economy) -> float:
    """The flat income-tax rate in force this period."""
    return effective_rate(e.params.state.income_tax, e.state.agg.income_tax_adjust)


def profit_tax_rate(e: Economy) -> float:
    """The profit-tax rate in force this period."""
    return effective_rate(e.params.state.profit_tax, e.state.agg.profit_tax_adjust)


def apply_fiscal_rule(e: Economy) -> None:
    """Set next period's tax adjustments from this period's closed public accounts.

    The realised balance is the fall in net debt over the period; the base of a moved tax
    is what its rate applied to this period (households' taxable income, firms' positive
    profit). One rate change is applied to every tax the regime moves, so that their sum
    raises the gap on their combined base. An adjustment is kept within what keeps the
    effective rate in [0, RATE_CEILING].

    Equations:
        ND = B - D_G;  ND0 = B0 - D0_G
        Y = sum_j S_j + peer
        g = sum_j S_j / S_prev - 1    (expected nominal growth: this year's; 0 if S_prev <= 0)
        required = ND - (1 + g) Y (ND / Y - (ND / Y - state.debt_target) / state.debt_horizon)
        realised = ND0 - ND
        base = [income moves] * Zsum + [profit moves] * PIsum
        delta = clip(required - realised, -state.fiscal_effort * Y,
                     state.fiscal_effort * Y) / base
        adj_X = clip(adj_X + delta, -state.X_tax, 0.9 - state.X_tax)
                for each tax X the regime moves (state.rule_taxes)
        where ND is net public debt (bonds B less the state's deposits D_G) at the end of
        the period, ND0 at its start, S_j firm j's sales, peer the volume of peer exchange,
        Y this period's GDP, S_prev last period's sales of all firms, Zsum the income-tax
        base (positive taxable income), PIsum the profit-tax base (positive profits), adj_X
        the rule's addition to the statutory rate of tax X (state.income_tax or
        state.profit_tax), applied from next period.
        Nothing changes when Y <= 0 or base <= 0.
    """
    s, agg, ledger = e.params.state, e.state.agg, e.ledger
    debt = net_debt(ledger.bonds, float(ledger.deposits["state"][0]))
    opening = net_debt(float(e.period.bonds_open), float(e.period.deposits_open["state"][0]))
    gdp = float(e.state.firms.sales.sum()) + float(e.period.peer_volume)
    if gdp <= 0:
        return
    growth = expected_growth(float(e.state.firms.sales.sum()), e.state.agg.gdp)
    required = required_balance(debt, gdp, s.debt_target, s.debt_horizon, growth)
    income, profit = moving_taxes(s.rule_taxes)
    base = income * e.period.income_tax_base + profit * e.period.profit_tax_base
    change = rate_change(opening - debt, required, base, s.fiscal_effort * gdp)
    if income:
        agg.income_tax_adjust = _bounded(s.income_tax, agg.income_tax_adjust + change)
    if profit:
        agg.profit_tax_adjust = _bounded(s.profit_tax, agg.profit_tax_adjust + change)


def _bounded(statutory: float, adjustment: float) -> float:
    """An adjustment that keeps ``statutory + adjustment`` in [0, RATE_CEILING]."""
    return min(max(adjustment, -statutory), RATE_CEILING - statutory)
