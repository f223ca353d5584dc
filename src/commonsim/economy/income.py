"""The kinds of household income: one declared table, read by the taxes and the metrics.

Every transfer to households names its kind (:meth:`commonsim.economy.ledger.Ledger.transfer`);
the ledger keeps what each household received of each kind this period. Whether a kind is
taxed, earned in markets or the commons, part of what a household owning nothing earns
anyway, or insecure pay is declared here once.

Disposable income is defined as the national accounts define it (SNA 2008, B.6, and the
OECD's household disposable income): income received less current taxes on income,
current transfers paid (donations) and property income paid, i.e. interest on
households' loans and mortgages (:data:`DEDUCTED_FLOWS`), so that debt service shows as
the claim on income it is (M1.6) and the sector accounts match the national accounts'.
Two other conventions exist and give higher incomes to indebted households: the US NIPA
"disposable personal income" counts interest paid among outlays, and household-survey
statistics (Canberra Group Handbook 2011, EU-SILC, behind the EU at-risk-of-poverty line
the poverty metric uses) deduct current transfers paid but not interest on consumer
debt. The model's poverty rate and income Gini therefore count the interest a household
pays against it, as a survey would not. Interest is paid after households spend (the
schedule's order), so consumption responds to it through next period's income.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IncomeKind:
    """One kind of household income and how the model classifies it."""

    name: str
    #: The income tax applies to it (transfers are not taxed).
    taxable: bool
    #: Earned in markets or the commons rather than a transfer (M1.1's market income).
    market: bool
    #: What a household owning no firm and no entity share earns anyway: wages and deposit
    #: interest (M1.1 measures the market income other than these).
    wage_earner: bool
    #: Task or civic pay: as a worker's main source it makes the worker precarious.
    insecure: bool


#: Every income kind, in the order the metrics report them.
INCOME_TABLE: tuple[IncomeKind, ...] = (
    #           name            taxable market wage_earner insecure
    IncomeKind("wages",          True,  True,  True,       False),
    IncomeKind("coop_pay",       True,  True,  False,      False),
    IncomeKind("piece",          True,  True,  False,      True),
    IncomeKind("peer",           True,  True,  False,      True),
    IncomeKind("dividends",      True,  True,  False,      False),
    IncomeKind("coop_surplus",   True,  True,  False,      False),
    IncomeKind("interest",       True,  True,  True,       False),
    IncomeKind("benefits",       False, False, False,      False),
    IncomeKind("basic_income",   False, False, False,      False),
    IncomeKind("stipends",       False, True,  False,      True),
    IncomeKind("solidarity",     False, False, False,      False),
)

#: Names of the income kinds, in table order.
INCOME_KINDS: tuple[str, ...] = tuple(k.name for k in INCOME_TABLE)

#: Each kind by name.
KIND: dict[str, IncomeKind] = {k.name: k for k in INCOME_TABLE}

#: Payments by households deducted from their disposable income (SNA 2008 B.6): taxes on
#: income (D.5), property income paid (D.41 interest on loans), current transfers (D.75).
DEDUCTED_FLOWS: tuple[str, ...] = ("income_tax", "interest_loans", "donations")
