"""Banks: interest, credit, repayment, default, and the bank's profits (M1.6, M2.4).

Loans create deposits and repayment destroys them. Interest is paid on opening stocks.
Any account that ends the period overdrawn is turned into a bank loan; commons-oriented
entities get such credit only where the regime gives it (``cooperatives.credit``), else an
overdrawn entity fails and its debt is written off (M2.4: unsupported commons
entrepreneurship). A household whose non-mortgage debt ends the period above its credit
limit defaults on the excess, which the bank writes off (M1.6: debt dependence has a
limit). The bank's profit, including any state support (M1.6), goes to its shareholders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from commonsim.mechanisms.household_income import record
from commonsim.mechanisms.housing import mortgage_principal_due

if TYPE_CHECKING:
    from commonsim.economy.engine import Economy

IMPLEMENTS = ("M1.6", "M2.4")


def pay_interest(e: Economy) -> None:
    p, ledger, hh = e.params, e.ledger, e.state.households
    fin = p.finance
    bank_in = 0.0
    for sector in ("households", "firms"):
        due = fin.loan_rate * e.scratch[f"{sector}_loans_open"]
        ledger.transfer("interest_loans", sector, due, "banks", float(due.sum()))
        bank_in += float(due.sum())
        if sector == "households":
            hh.debt_service += due
    # Portfolio choice: with bills held by households, mechanisms/portfolio pays the bonds.
    bond_due = 0.0 if fin.household_bills else fin.bond_rate * float(e.scratch["bonds_open"])
    ledger.transfer("interest_bonds", "state", bond_due, "banks", bond_due)
    e.tally("interest_bonds", bond_due)
    bank_in += bond_due
    bank_out = 0.0
    for sector in ("households", "firms", "state", "forbenefit", "solidarity"):
        opening = e.scratch[f"{sector}_deposits_open"]
        if sector == "households" and fin.household_bills:
            opening = opening - hh.bills  # bills earn the bills' rate (mechanisms/portfolio)
        due = fin.deposit_rate * np.maximum(opening, 0.0)
        ledger.transfer("interest_deposits", "banks", float(due.sum()), sector, due)
        bank_out += float(due.sum())
        if sector == "households":
            record(e, "interest", due)
    e.tally("bank_interest_net", bank_in - bank_out)


def default_households(e: Economy) -> None:
    """Households whose non-mortgage debt ends the period above their credit limit default
    on the excess.

    The bank lends no more than ``finance.credit_limit`` years of disposable income for
    consumption (mortgages are secured on the home and follow their own rule,
    :mod:`commonsim.mechanisms.housing`), but interest and repayments due can still
    overdraw an account, and an overdraft becomes a loan. Debt above the limit cannot be
    serviced: the household defaults and the bank writes the excess off, keeping the claim
    the household can carry (a court-supervised repayment plan, as in US Chapter 13). The
    household stays at its limit, so it cannot borrow again until it has paid down; the
    loss falls on the bank.
    """
    ledger, hh = e.ledger, e.state.households
    other = ledger.loans["households"] - hh.mortgage
    limit = e.params.finance.credit_limit * np.maximum(hh.disposable, 0.0)
    bankrupt = other > limit * (1.0 + 1e-9) + 1e-12
    if bankrupt.any():
        amounts = np.where(bankrupt, other - limit, 0.0)
        ledger.write_off("households", amounts)
        e.tally("household_writeoff", float(amounts.sum()))
    e.tally("household_defaults", float(bankrupt.sum()))


def settle_loans(e: Economy) -> None:
    """Repayments, defaults of entities without credit, new loans for overdrafts."""
    from commonsim.mechanisms.entities import fail_insolvent

    p, ledger, hh = e.params, e.ledger, e.state.households
    rate = p.finance.repayment
    # Households: mortgages on their annuity schedule (paid first), other loans at `rate`.
    on_mortgage = mortgage_principal_due(e)
    due = on_mortgage + rate * np.maximum(ledger.loans["households"] - hh.mortgage, 0.0)
    paid = np.minimum(due, np.maximum(ledger.deposits["households"], 0.0))
    ledger.repay("households", paid)
    hh.mortgage -= np.minimum(paid, on_mortgage)
    hh.debt_service += paid
    due = rate * ledger.loans["firms"]
    ledger.repay("firms", np.minimum(due, np.maximum(ledger.deposits["firms"], 0.0)))
    fail_insolvent(e)
    short = ledger.cover_overdrafts("households")
    hh.borrowed |= short > 0
    e.tally("household_borrowing", float(short.sum()))
    default_households(e)
    ledger.cover_overdrafts("firms")
    # The bank pays out its profit (interest margin, state support, minus write-offs).
    profit = float(e.scratch.get("bank_interest_net", 0.0)) + float(
        e.scratch.get("transfers_finance", 0.0)) - ledger.lending["writeoff"]
    if profit > 0:
        amounts = profit * hh.stake
        ledger.transfer("dividends", "banks", profit, "households", amounts)
        record(e, "dividends", amounts)
