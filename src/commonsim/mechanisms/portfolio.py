"""Households' choice between money and state bills (Godley & Lavoie's model PC, ch. 4).

Where ``finance.household_bills`` is on, households hold part of their wealth as state bills
and the rest as money. Both sit in their account at the bank, which here is the
consolidated central bank: it holds every bill the state has issued, owes households their
whole wealth, and keeps a memo of the part that is bills (``Households.bills``, as
``Households.mortgage`` is a memo of the part of a loan that is a mortgage). The money
households hold is then the bills the bank keeps for itself (H = B_cb), which is PC's
"hidden equation".

The portfolio follows Tobin's rule as in PC (eq. 4.7): at the end of the period each
household holds ``V (lambda0 + lambda1 r) - lambda2 YD`` in bills, within [0, V], where V is
its wealth and YD its disposable income. At the start of the next period, before taxes (PC
taxes interest income in the period it is received, eq. 4.3), interest on the bills is paid
at the rate they were bought at: the state pays it on all bills outstanding, the bank
passes households' share on to them and returns the rest to the state as the central
bank's profit (eq. 4.8). Every payment goes through the ledger.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS: tuple[str, ...] = ()


def bill_demand(wealth: np.ndarray, income: np.ndarray, rate: float, lambda0: float,
                lambda1: float, lambda2: float) -> np.ndarray:
    """Bills each household wants: ``V (lambda0 + lambda1 r) - lambda2 YD``, within [0, V].

    Equations:
        Bh_i = clip(V_i * (lambda0 + lambda1 * r) - lambda2 * YD_i, 0, max(V_i, 0))
        where V_i is household i's wealth, YD_i its disposable income, r the bill rate and
        lambda0, lambda1, lambda2 Tobin's portfolio parameters.
    """
    want = wealth * (lambda0 + lambda1 * rate) - lambda2 * income
    return np.clip(want, 0.0, np.maximum(wealth, 0.0))


def pay_bill_interest(e: Economy) -> None:
    """Interest on last period's bills: state to bank, bank to households and back to state.

    Equations:
        state pays the bank  rb * B0
        bank pays household i  rb * Bh_i      (interest income)
        bank pays the state  rb * B0 - rb * sum_i Bh_i    (central bank profit)
        where rb is the rate the bills were bought at (finance.bond_rate, fixed last
        period), B0 the bills outstanding at the start of the period and Bh_i household
        i's bills.
    """
    ledger, hh = e.ledger, e.state.households
    rate = e.state.agg.bill_rate
    on_all = rate * float(e.period.bonds_open)
    ledger.transfer("interest_bonds", "state", on_all, "banks", on_all)
    to_households = rate * hh.bills
    paid = float(to_households.sum())
    pay_households(e, "interest_bills", "banks", paid, "interest", to_households)
    profit = on_all - paid
    ledger.transfer("central_bank_profit", "banks", profit, "state", profit)


def choose_bills(e: Economy) -> None:
    """End of period: each household's bills from its closing wealth and income.

    Equations:
        V_i = D_i - L_i
        Bh_i = clip(V_i * (lambda0 + lambda1 * r) - lambda2 * YD_i, 0, max(V_i, 0))
        rb = r
        where D_i and L_i are household i's closing deposits and loans, YD_i its
        disposable income, r = finance.bond_rate, lambda0 = finance.bills_lambda0,
        lambda1 = finance.bills_lambda1, lambda2 = finance.bills_lambda2, Bh_i its bills and
        rb the rate next period's bill interest is paid at.
    """
    p, hh = e.params, e.state.households
    fin = p.finance
    wealth = e.ledger.deposits["households"] - e.ledger.loans["households"]
    hh.bills[:] = bill_demand(wealth, hh.disposable, fin.bond_rate, fin.bills_lambda0,
                              fin.bills_lambda1, fin.bills_lambda2)
    e.state.agg.bill_rate = fin.bond_rate
