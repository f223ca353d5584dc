"""Book values and the balance-sheet matrix of the economy at the end of a period.

Equity is valued at book: a firm's capital plus its deposits less its loans; the bank's
loans and bonds less its deposits. Households own the proprietary sector by their stakes
and their entity by membership; unowned book value stays with its issuer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numba import njit

from commonsim.economy.arrays import group_count, total_of
from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.ledger import SECTORS, STOCK_ROWS, _index
from commonsim.economy.state import COMMONS_ENTITY, equity_claims, investor_owned


def firm_book_values(e: Economy) -> np.ndarray:
    """Each firm's capital and inventories (at unit cost) plus deposits less loans."""
    f, ledger = e.state.firms, e.ledger
    return f.capital + inventory_values(e) + ledger.deposits["firms"] - ledger.loans["firms"]


def inventory_values(e: Economy) -> np.ndarray:
    """Each firm's inventories valued at its normal unit cost."""
    f = e.state.firms
    return f.inventory * f.unit_cost


def bank_book_value(e: Economy, totals: dict[str, np.ndarray] | None = None) -> float:
    """The bank's loans and bonds less its deposit liabilities.

    `totals` are the ledger's ``stock_totals()`` when the caller has them (the same
    sums, so the same bits: each is a pass over every household).
    """
    ledger = e.ledger
    totals = ledger.stock_totals() if totals is None else totals
    where = SECTORS.index
    deposits = sum(float(totals["deposits"][where(s)]) for s in ledger.deposits)
    loans = totals["loans"]
    return float(loans[where("households")] + loans[where("firms")]) + (
        ledger.bonds - deposits
    )


def household_equity(e: Economy, totals: dict[str, np.ndarray] | None = None,
                     heads: np.ndarray | None = None) -> np.ndarray:
    """Each household's claim on firms, the platform, the bank and its entity (at book).

    `totals` (the ledger's stock totals) and `heads` (each firm's members) are passed
    by a caller that has them already.
    """
    return equity_claims(e.state.households, e.state.firms, firm_book_values(e),
                         bank_book_value(e, totals), e.params.platforms.ownership, heads)


def net_worth(e: Economy, equity: np.ndarray | None = None) -> np.ndarray:
    """Each household's deposits less loans, plus equity at book and its home.

    `equity` is :func:`household_equity` of the books as they stand, if the caller has it.
    """
    ledger, hh = e.ledger, e.state.households
    equity = household_equity(e) if equity is None else equity
    out = np.empty(hh.n)
    over_halves(_net_worth_kernel, hh.n, ledger.deposits["households"],
                ledger.loans["households"], equity, e.state.agg.house_price,
                hh.home.view(np.uint8), out)
    return out


@njit(cache=True, nogil=True)
def _net_worth_kernel(lo, hi, deposits, loans, equity, price, home, out
                      ):  # pragma: no cover - compiled
    """``deposits - loans + equity + price * home`` for entries lo..hi, in that order.

    `home` is read as bytes: compiled loops over NumPy booleans are not vectorised.
    """
    for i in range(lo, hi):
        out[i] = (deposits[i] - loans[i] + equity[i]) + price * home[i]


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


def balance_sheet(e: Economy, totals: dict[str, np.ndarray] | None = None,
                  equity: np.ndarray | None = None) -> pd.DataFrame:
    """Balance-sheet matrix, equity at book value; unowned book value stays with its issuer.

    A cooperative platform's retained surplus is an indivisible reserve: no household
    holds a claim on it, so it stays in the firms' column. `totals` are the ledger's
    ``stock_totals()`` and `equity` each household's :func:`household_equity`, as the
    books stand, if the caller has them.
    """
    hh, f = e.state.households, e.state.firms
    book = firm_book_values(e)
    claimed = total_of(hh.stake)
    # Sector totals and members per firm are each summed once, for every use below.
    totals = e.ledger.stock_totals() if totals is None else totals
    heads = group_count(hh.member_of, f.n)
    entity_claimed = float(book[(f.form == COMMONS_ENTITY) & (heads > 0)].sum())
    capitalist = float(book[investor_owned(f.form, e.params.platforms.ownership)].sum())
    if equity is None:
        equity = household_equity(e, totals, heads)
    claims = {
        "households": total_of(equity),
        "firms": -(capitalist * claimed + entity_claimed),
        "banks": -bank_book_value(e, totals) * claimed,
    }
    tangible = {
        "capital": {"firms": float(f.capital.sum())},
        "inventories": {"firms": float(inventory_values(e).sum())},
        "housing": {"households": e.state.agg.house_price * float(hh.home.sum())},
    }
    return e.ledger.balance_sheet_matrix(claims, tangible, totals)


# -- the firms' current and capital accounts ---------------------------------------------

#: The firms' two columns in the transaction-flow matrix (Godley & Lavoie 2007, ch. 2).
FIRMS_CURRENT, FIRMS_CAPITAL = "firms_current", "firms_capital"
#: Rows that exist only to move the firms' current surplus to their capital account.
INTERNAL_ROWS: tuple[str, ...] = ("depreciation", "retained_earnings")


def flow_matrix(e: Economy, closing: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """This period's transaction-flow matrix with the firms' current and capital accounts.

    The ledger books the firms as one sector, so capital goods one firm buys from another
    cancel in it. Shown as the field does, the current account receives every sale
    (capital goods included) and pays wages, rents, interest, taxes and dividends; what
    remains after depreciation is retained and moves to the capital account, which buys
    the capital goods and records the firms' change in loans and deposits (and loans
    written off, a capital transfer). Both columns sum to zero. `closing` are the
    ledger's ``stock_totals()`` at the end of the period, if the caller has them.

    Equations:
        current:  sum_r F_r - D - U = 0   (F_r: firms' current flows, investment sales +I)
        capital:  -I + D + U + W + dL - dM = 0
        I: capital goods bought by firms, D = delta * K (depreciation), U: retained
        earnings, W: loans written off, dL: new loans, dM: new deposits
    """
    ledger = e.ledger
    books = ledger.transaction_flow_matrix(closing)
    rows, sectors = list(books.index), list(books.columns)
    values = books.to_numpy()
    # Built on arrays and framed once: this runs every period of every run.
    n_flows = len(rows) - len(STOCK_ROWS)
    firms = values[:, sectors.index("firms")]
    capital = np.zeros(len(rows))
    capital[rows.index("investment")] = -ledger.paid("investment", payer="firms")
    capital[rows.index("loan_writeoff")] = firms[rows.index("loan_writeoff")]
    capital[n_flows:] = firms[n_flows:]
    current = firms - capital
    depreciation = float(e.period.depreciation)
    retained = float(current[:n_flows].sum()) - depreciation
    others = [c for c in sectors if c != "firms"]
    body = values[:, [sectors.index(c) for c in others]]
    body = np.vstack([body[:n_flows], np.zeros((len(INTERNAL_ROWS), len(others))),
                      body[n_flows:]])
    current = np.concatenate([current[:n_flows], [-depreciation, -retained],
                              current[n_flows:]])
    capital = np.concatenate([capital[:n_flows], [depreciation, retained], capital[n_flows:]])
    at = others.index("households") + 1
    matrix = np.column_stack([body[:, :at], current, capital, body[:, at:]])
    index = (*rows[:n_flows], *INTERNAL_ROWS, *rows[n_flows:])
    columns = (*others[:at], FIRMS_CURRENT, FIRMS_CAPITAL, *others[at:])
    return pd.DataFrame(matrix, index=_index(index), columns=_index(columns))


def by_sector(tfm: pd.DataFrame) -> pd.DataFrame:
    """The flow matrix with the firms' two accounts summed into one column per sector."""
    if FIRMS_CURRENT not in tfm.columns:
        return tfm
    merged = tfm.drop(columns=[FIRMS_CURRENT, FIRMS_CAPITAL])
    merged.insert(list(tfm.columns).index(FIRMS_CURRENT), "firms",
                  tfm[FIRMS_CURRENT] + tfm[FIRMS_CAPITAL])
    return merged.drop(index=[r for r in INTERNAL_ROWS if r in merged.index])


# -- the revaluation account -------------------------------------------------------------

#: Rows of the revaluation account, from opening to closing net worth.
REVALUATION_ROWS: tuple[str, ...] = (
    "opening_net_worth", "net_lending", "net_capital_formation", "inventory_change",
    "equity_revaluation", "housing_revaluation", "other_volume_changes", "closing_net_worth",
)


def revaluation_account(
    opening: pd.DataFrame, closing: pd.DataFrame, tfm: pd.DataFrame,
    investment: float, depreciation: float,
) -> pd.DataFrame:
    """Each sector's net worth from the period's opening to its close, by cause.

    Net lending is what the flow matrix records (the sector's transactions); the firms
    form capital by investing less depreciation; equity is valued at book and never
    traded, so every change in an equity claim is a revaluation (a holding gain or loss);
    homes change hands only among households, so a change in their value is a change of
    price. Other changes in volume are capital that appears or vanishes without a
    transaction (the capital of a failed entity whose slot is reused).

    Equations:
        NW1_s = NW0_s + NL_s + NCF_s + IC_s + RE_s + RH_s + OV_s
        NL_s = sum of s's transaction rows          (flow matrix, current and capital)
        NCF_firms = I - delta*K
        IC_firms = N1 - N0                          (inventories row: goods made and not
                                                     sold at cost, their revaluation at a
                                                     new unit cost, less written-off stock)
        RE_s = E1_s - E0_s                          (equity row of the balance sheet)
        RH_s = H1_s - H0_s                          (housing row)
        OV_firms = K1 - K0 - NCF_firms              (capital row)
    """
    sectors = list(closing.columns)
    net_lending = sector_net_lending(tfm, sectors)
    ncf = np.zeros(len(sectors))
    ncf[sectors.index("firms")] = investment - depreciation
    rows = list(closing.index)
    close, open_ = closing.to_numpy(), opening.to_numpy()

    def change(row: str) -> np.ndarray:
        return close[rows.index(row)] - open_[rows.index(row)]

    account = np.vstack([
        open_[rows.index("net_worth")], net_lending, ncf, change("inventories"),
        change("equity"), change("housing"), change("capital") - ncf,
        close[rows.index("net_worth")],
    ])
    return pd.DataFrame(account, index=_index(REVALUATION_ROWS), columns=_index(tuple(sectors)))


def sector_net_lending(tfm: pd.DataFrame, sectors: list[str]) -> np.ndarray:
    """Each sector's net lending: the sum of its transaction rows (firms' two accounts as one)."""
    rows, columns = list(tfm.index), list(tfm.columns)
    values = tfm.to_numpy()[: len(rows) - len(STOCK_ROWS)]
    out = np.zeros(len(sectors))
    for k, sector in enumerate(sectors):
        if sector == "firms" and FIRMS_CURRENT in columns:
            out[k] = values[:, columns.index(FIRMS_CURRENT)].sum() + values[
                :, columns.index(FIRMS_CAPITAL)].sum()
        elif sector in columns:
            out[k] = values[:, columns.index(sector)].sum()
    return out


def check_revaluation(account: pd.DataFrame, rel_tol: float = 1e-9) -> list[str]:
    """Every sector whose closing net worth is not its opening plus the account's causes."""
    values = account.to_numpy()
    scale = max(float(np.abs(values).max()), 1.0)
    causes = values[1:-1].sum(axis=0)
    gap = values[-1] - values[0] - causes
    return [f"{sector} net worth moved {values[-1, k]:.6g} - {values[0, k]:.6g} but its"
            f" flows and revaluations add to {causes[k]:.6g}"
            for k, sector in enumerate(account.columns) if abs(gap[k]) > rel_tol * scale]
