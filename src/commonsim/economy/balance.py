"""Book values and the balance-sheet matrix of the economy at the end of a period.

Equity is valued at book: a firm's capital plus its deposits less its loans; the bank's
loans and bonds less its deposits. Households own the proprietary sector by their stakes
and their entity by membership; unowned book value stays with its issuer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from commonsim.economy.economy import Economy
from commonsim.economy.state import COMMONS_ENTITY, equity_claims


def firm_book_values(e: Economy) -> np.ndarray:
    """Each firm's capital and inventories (at unit cost) plus deposits less loans."""
    f, ledger = e.state.firms, e.ledger
    return f.capital + inventory_values(e) + ledger.deposits["firms"] - ledger.loans["firms"]


def inventory_values(e: Economy) -> np.ndarray:
    """Each firm's inventories valued at its normal unit cost."""
    f = e.state.firms
    return f.inventory * f.unit_cost


def bank_book_value(e: Economy) -> float:
    """The bank's loans and bonds less its deposit liabilities."""
    ledger = e.ledger
    deposits = sum(float(v.sum()) for v in ledger.deposits.values())
    return float(ledger.loans["households"].sum() + ledger.loans["firms"].sum()) + (
        ledger.bonds - deposits
    )


def household_equity(e: Economy) -> np.ndarray:
    """Each household's claim on firms, the platform, the bank and its entity (at book)."""
    return equity_claims(e.state.households, e.state.firms, firm_book_values(e),
                         bank_book_value(e))


def net_worth(e: Economy) -> np.ndarray:
    """Each household's deposits less loans, plus equity at book and its home."""
    ledger, hh = e.ledger, e.state.households
    return (ledger.deposits["households"] - ledger.loans["households"] + household_equity(e)
            + e.state.agg.house_price * hh.home)


def real_stock_problems(e: Economy, rel_tol: float = 1e-9) -> list[str]:
    """Real stocks whose change in value is not explained by the period's records.

    Inventories change by the goods added at unit cost, their revaluation and write-offs;
    homes (a fixed stock traded among households at one price) only by revaluation.
    """
    rec, agg, hh = e.period, e.state.agg, e.state.households
    added = float(rec.inventory_change_by_firm.sum()) if rec.inventory_change_by_firm.size else 0.0
    stocks = {
        "inventories": (float(inventory_values(e).sum()) - rec.inventories_open,
                        added + rec.inventory_revaluation - rec.inventory_written_off),
        "housing": (agg.house_price * float(hh.home.sum()) - rec.homes_open,
                    rec.home_revaluation),
    }
    problems = []
    for row, (change, explained) in stocks.items():
        scale = max(abs(change), abs(explained), abs(rec.inventories_open), rec.homes_open, 1.0)
        if abs(change - explained) > rel_tol * scale:
            problems.append(f"{row} changed by {change:.6g} but production, sales and"
                            f" revaluation explain {explained:.6g}")
    return problems


def balance_sheet(e: Economy) -> pd.DataFrame:
    """Balance-sheet matrix, equity at book value; unowned book value stays with its issuer."""
    hh, f = e.state.households, e.state.firms
    book = firm_book_values(e)
    claimed = float(hh.stake.sum())
    members = hh.member_of >= 0
    heads = np.bincount(hh.member_of[members], minlength=f.n)
    entity_claimed = float(book[(f.form == COMMONS_ENTITY) & (heads > 0)].sum())
    capitalist = float(book[f.form != COMMONS_ENTITY].sum())
    equity = {
        "households": float(household_equity(e).sum()),
        "firms": -(capitalist * claimed + entity_claimed),
        "banks": -bank_book_value(e) * claimed,
    }
    tangible = {
        "capital": {"firms": float(f.capital.sum())},
        "inventories": {"firms": float(inventory_values(e).sum())},
        "housing": {"households": e.state.agg.house_price * float(hh.home.sum())},
    }
    return e.ledger.balance_sheet_matrix(equity, tangible)
