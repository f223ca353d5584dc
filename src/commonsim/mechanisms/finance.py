"""Banks: interest, credit, repayment, default, and the bank's profits (M1.6, M2.4).

Loans create deposits and repayment destroys them. Interest is paid on opening stocks.
Each of interest, repayment, overdraft lending, default and the bank's dividends is a step
of the schedule.
Any account that ends the period overdrawn is turned into a bank loan; commons-oriented
entities get such credit only where the regime gives it (``cooperatives.credit``), else an
overdrawn entity fails and its debt is written off (M2.4: unsupported commons
entrepreneurship). A household whose non-mortgage debt ends the period above its credit
limit defaults on the excess, which the bank writes off (M1.6: debt dependence has a
limit). The bank's profit, including any state support (M1.6), goes to its shareholders.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.economy.halves import over_halves
from commonsim.economy.ledger import TOTAL
from commonsim.mechanisms.household_income import deduct_income, pay_households
from commonsim.mechanisms.housing import mortgage_principal_due

IMPLEMENTS = ("M1.6", "M2.4")


def pay_interest(e: Economy) -> None:
    """Interest on opening loans, bonds and deposits.

    Equations:
        households and firms pay the bank  finance.loan_rate * L0_k;  DS_i += r_L * L0_i
        the state pays the bank  finance.bond_rate * B0   (0 when finance.household_bills)
        the bank pays every holder  finance.deposit_rate * max(D0_k, 0)
            (households: max(D0_i - Bh_i, 0), their bills earning the bill rate instead)
        where L0_k, D0_k are holder k's loans and deposits at the start of the period, B0
        the bonds then outstanding, r_L = finance.loan_rate, DS_i household i's debt
        service and Bh_i its bills.
    """
    p, ledger, hh = e.params, e.ledger, e.state.households
    fin, agg = p.finance, e.state.agg  # rates in force: mechanisms/prices.py
    for sector in ("households", "firms"):
        due = agg.loan_rate * e.period.loans_open[sector]
        ledger.transfer("interest_loans", sector, due, "banks", TOTAL)
        if sector == "households":
            hh.debt_service += due
            deduct_income(e, "interest_loans", due)  # SNA disposable income (economy/income)
    # Portfolio choice: with bills held by households, mechanisms/portfolio pays the bonds.
    bond_due = 0.0 if fin.household_bills else agg.bond_rate * float(e.period.bonds_open)
    ledger.transfer("interest_bonds", "state", bond_due, "banks", bond_due)
    for sector in ("households", "firms", "state", "forbenefit", "solidarity"):
        opening = e.period.deposits_open[sector]
        if sector == "households" and fin.household_bills:
            opening = opening - hh.bills  # bills earn the bills' rate (mechanisms/portfolio)
        due = agg.deposit_rate * np.maximum(opening, 0.0)
        if sector == "households":
            pay_households(e, "interest_deposits", "banks", TOTAL, "interest", due)
        else:
            ledger.transfer("interest_deposits", "banks", TOTAL, sector, due)


def bank_interest_net(e: Economy) -> float:
    """The bank's interest income on loans and bonds less its interest paid on deposits."""
    ledger = e.ledger
    received = ledger.paid("interest_loans") + ledger.paid("interest_bonds")
    # Portfolio choice: bond interest on bills is passed on in full (mechanisms/portfolio).
    passed_on = ledger.paid("interest_bills") + ledger.paid("central_bank_profit")
    return received - ledger.paid("interest_deposits") - passed_on


def default_households(e: Economy) -> None:
    """Households default on non-mortgage debt above their credit limit.

    The bank lends no more than ``finance.credit_limit`` years of disposable income for
    consumption (mortgages are secured on the home and follow their own rule,
    :mod:`commonsim.mechanisms.housing`), but interest and repayments due can still
    overdraw an account, and an overdraft becomes a loan. Debt above the limit cannot be
    serviced: the household defaults and the bank writes the excess off, keeping the claim
    the household can carry (a court-supervised repayment plan, as in US Chapter 13). The
    household stays at its limit, so it cannot borrow again until it has paid down; the
    loss falls on the bank.

    Equations:
        c_i = L_i - M_i;  lim_i = finance.credit_limit * max(YD_i, 0)
        if c_i > lim_i:  write off c_i - lim_i   (L_i falls, the bank's equity takes it)
        where L_i and M_i are household i's loans and mortgage, YD_i its disposable income
        this period and lim_i its credit limit.
    """
    ledger, hh = e.ledger, e.state.households
    amounts, defaults = _excess_debt(ledger.loans["households"], hh.mortgage, hh.disposable,
                                     e.params.finance.credit_limit)
    if defaults:
        ledger.write_off("households", amounts)
    e.period.household_defaults = float(defaults)


@njit(cache=True)
def _excess_debt(loans, mortgage, income, credit_limit):  # pragma: no cover - compiled
    """Each household's debt above its limit (c_i - lim_i where it defaults), one pass."""
    excess = np.zeros(loans.size)
    defaults = 0
    for i in range(loans.size):
        other = loans[i] - mortgage[i]
        limit = credit_limit * max(income[i], 0.0)
        if other > limit * (1.0 + 1e-9) + 1e-12:
            excess[i] = other - limit
            defaults += 1
    return excess, defaults


def repay_loans(e: Economy) -> None:
    """Scheduled repayments: mortgages on their annuity, other loans at ``finance.repayment``.

    Households pay their mortgages first; no one repays more than its deposits hold.

    Equations:
        md_i = mortgage_principal_due
        due_i = md_i + finance.repayment * max(L_i - M_i, 0)
        paid_i = min(due_i, max(D_i, 0));  L_i -= paid_i;  M_i -= min(paid_i, md_i)
        DS_i += paid_i
        firms repay min(finance.repayment * L_j, max(D_j, 0))
        where md_i is the principal due on household i's mortgage, L_i, M_i, D_i its loans,
        mortgage and deposits, DS_i its debt service and L_j, D_j firm j's loans and
        deposits. Repayment destroys deposits and loans alike.
    """
    p, ledger, hh = e.params, e.ledger, e.state.households
    rate = p.finance.repayment
    on_mortgage = mortgage_principal_due(e)
    paid = np.empty(hh.n)
    over_halves(_repayments, hh.n, on_mortgage, ledger.loans["households"], hh.mortgage,
                ledger.deposits["households"], rate, paid)
    ledger.repay("households", paid)
    over_halves(_note_repaid, hh.n, hh.mortgage, hh.debt_service, paid, on_mortgage)
    due = rate * ledger.loans["firms"]
    ledger.repay("firms", np.minimum(due, np.maximum(ledger.deposits["firms"], 0.0)))


@njit(cache=True, nogil=True)
def _repayments(lo, hi, on_mortgage, loans, mortgage, deposits, rate, paid):  # pragma: no cover
    """paid_i = min(md_i + rate * max(L_i - M_i, 0), max(D_i, 0)) for households lo..hi."""
    for i in range(lo, hi):
        due = on_mortgage[i] + rate * max(loans[i] - mortgage[i], 0.0)
        paid[i] = min(due, max(deposits[i], 0.0))


@njit(cache=True, nogil=True)
def _note_repaid(lo, hi, mortgage, debt_service, paid, on_mortgage):  # pragma: no cover
    """M_i -= min(paid_i, md_i);  DS_i += paid_i, in place, for households lo..hi."""
    for i in range(lo, hi):
        mortgage[i] -= min(paid[i], on_mortgage[i])
        debt_service[i] += paid[i]


def lend_overdrafts(e: Economy) -> None:
    """Accounts that end the period overdrawn become bank loans (loans make deposits).

    Equations:
        o_k = max(-D_k, 0);  L_k = L_k + o_k;  D_k = D_k + o_k   (households and firms)
        borrowed_i = borrowed_i or o_i > 0
        where D_k and L_k are holder k's deposits and loans and o_k its overdraft.
    """
    hh, ledger = e.state.households, e.ledger
    overdrawn, short, total = ledger.cover_overdrafts("households")
    hh.borrowed[overdrawn] |= short > 0
    e.period.household_borrowing = total
    # Firms' overdrafts become loans where their form has credit; an entity without credit
    # stays overdrawn (in distress, mechanisms/entities.py) until it pays or exits.
    credit = firm_attribute(e.params, e.state.firms, "credit_access") > 0
    ledger.lend("firms", np.where(credit, np.maximum(-ledger.deposits["firms"], 0.0), 0.0))


def pay_bank_dividends(e: Economy) -> None:
    """The bank pays out its profit: interest margin and state support, less write-offs.

    Equations:
        PI_b = int_loans + int_bonds - int_deposits - int_bills - cb_profit
               + support - writeoffs
        div_i = stake_i * PI_b     if PI_b > 0, else nothing is paid
        where the terms are this period's ledger flows: interest received on loans and
        bonds, interest paid on deposits, bill interest passed on to households and the
        central bank's profit returned to the state (portfolio), the state's support to
        finance and loans written off; stake_i is household i's ownership share.
    """
    ledger, hh = e.ledger, e.state.households
    profit = bank_interest_net(e) + ledger.paid("support_to_finance") - (
        ledger.lending["writeoff"])
    if profit > 0:
        amounts = profit * hh.stake
        pay_households(e, "dividends", "banks", profit, "dividends", amounts)
