"""Double-entry ledger: the only place where money moves.

Every monetary stock lives here as one array per (sector, instrument). Mechanisms never
write these arrays; they call :meth:`Ledger.transfer` (a payment between sectors), or
:meth:`Ledger.lend` / :meth:`Ledger.repay` / :meth:`Ledger.issue_bonds` (which create or
destroy money together with the matching debt). Each call records both sides in the
period's transaction-flow accounts, so the transaction-flow matrix and the balance-sheet
matrix of any period come out of the books, and :func:`check_period` can prove that the
stocks changed by exactly the recorded flows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from numba import njit

from commonsim.economy.arrays import sparse_sum, total_of
from commonsim.economy.halves import over_halves
from commonsim.economy.income import INCOME_KINDS

#: Sectors that hold a balance sheet, in the column order of the matrices.
SECTORS: tuple[str, ...] = (
    "households",
    "firms",
    "banks",
    "state",
    "forbenefit",
    "solidarity",
)

#: Sectors that may hold deposits at the bank (the bank's liabilities).
DEPOSIT_HOLDERS: tuple[str, ...] = ("households", "firms", "state", "forbenefit", "solidarity")
#: Sectors that may borrow from the bank.
BORROWERS: tuple[str, ...] = ("households", "firms")

#: Transactions (rows of the transaction-flow matrix), in display order. A mechanism may
#: only use a flow named here: the list is the model's chart of accounts.
FLOWS: tuple[str, ...] = (
    "consumption",
    "government_purchases",
    "investment",
    "wages",
    "piece_payments",
    "platform_take",
    "attention_rent",
    "ip_rent",
    "dividends",
    "coop_surplus",
    "patronage_refunds",
    "interest_loans",
    "interest_deposits",
    "interest_bonds",
    "interest_bills",
    "central_bank_profit",
    "income_tax",
    "profit_tax",
    "externality_tax",
    "commons_levy",
    "benefits",
    "basic_income",
    "support_to_finance",
    "civic_infrastructure",
    "commons_funding",
    "commons_stipends",
    "donations",
    "solidarity_contributions",
    "solidarity_payments",
    "mutual_insurance",
    "peer_exchange",
    "exchange",
    "home_sales",
    "capital_sales",
    "loan_writeoff",
)

#: Real stocks in the balance-sheet matrix: nobody's liability, so they are net worth.
TANGIBLE_ROWS: tuple[str, ...] = ("capital", "inventories", "housing")

#: Capital-account rows: changes in financial stocks (uses of funds are negative).
STOCK_ROWS: tuple[str, ...] = ("d_deposits", "d_loans", "d_bonds")


class Total:
    """The other side of a payment is exactly this side's total (see :meth:`Ledger.transfer`)."""

    def __repr__(self) -> str:
        return "TOTAL"


#: Pass as `received` (or `paid`) of :meth:`Ledger.transfer` when one holder takes (or
#: gives) the whole of the other side: it is summed once, and there is nothing to check.
TOTAL = Total()


@dataclass
class Ledger:
    """Monetary stocks of every holder and the flows of the current period.

    Args:
        sizes: number of holders in each sector (households N, firms F, one each otherwise).
    """

    sizes: dict[str, int]
    deposits: dict[str, np.ndarray] = field(init=False)
    loans: dict[str, np.ndarray] = field(init=False)
    bonds: float = 0.0
    flows: dict[str, np.ndarray] = field(init=False)
    #: Per-period record of loans issued/repaid and bonds issued (sector totals).
    lending: dict[str, float] = field(init=False)
    #: What each household received this period, by income kind (see :mod:`.income`).
    income: dict[str, np.ndarray] = field(init=False)
    #: What was paid this period under each (flow, payer, payee), in the order first paid.
    paid_by: dict[tuple[str, str, str], float] = field(init=False)
    _opening: dict[str, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        self.deposits = {s: np.zeros(self.sizes[s]) for s in DEPOSIT_HOLDERS}
        self.loans = {s: np.zeros(self.sizes[s]) for s in BORROWERS}
        self.income = {k: np.zeros(self.sizes["households"]) for k in INCOME_KINDS}
        self.open_period()

    # -- period bookkeeping -------------------------------------------------------------
    def open_period(self, totals: dict[str, np.ndarray] | None = None) -> None:
        """Start a period: zero the flow accounts and remember the opening stocks.

        `totals` are :meth:`stock_totals` of the books as they stand, if the caller has them.
        """
        self.flows = {f: np.zeros(len(SECTORS)) for f in FLOWS}
        self.lending = {"households": 0.0, "firms": 0.0, "bonds": 0.0, "writeoff": 0.0}
        accounts = tuple(self.income.values())
        over_halves(_zero_each, accounts[0].size, accounts)
        self.paid_by = {}
        self._opening = self.stock_totals() if totals is None else totals

    def paid(self, flow: str, payer: str | None = None, payee: str | None = None) -> float:
        """Total paid this period under `flow` (by `payer`, to `payee`, when given)."""
        return sum(
            (amount for (f, a, b), amount in self.paid_by.items()
             if f == flow and payer in (None, a) and payee in (None, b)),
            0.0,
        )

    def written_off(self, borrower: str) -> float:
        """Loans of `borrower` written off this period."""
        return float(self.flows["loan_writeoff"][SECTORS.index(borrower)])

    def stock_totals(self) -> dict[str, np.ndarray]:
        """Sector totals of every financial stock, as arrays indexed like SECTORS."""
        dep = np.zeros(len(SECTORS))
        loan = np.zeros(len(SECTORS))
        bond = np.zeros(len(SECTORS))
        for s in DEPOSIT_HOLDERS:
            dep[SECTORS.index(s)] = total_of(self.deposits[s])
        for s in BORROWERS:
            loan[SECTORS.index(s)] = total_of(self.loans[s])
        bond[SECTORS.index("state")] = self.bonds
        return {"deposits": dep, "loans": loan, "bonds": bond}

    # -- money movements ---------------------------------------------------------------
    def transfer(
        self,
        flow: str,
        payer: str,
        paid: np.ndarray | float | Total,
        payee: str,
        received: np.ndarray | float | Total,
        kind: str | None = None,
        also: tuple[np.ndarray, ...] = (),
    ) -> None:
        """Pay `paid` out of `payer`'s deposits and credit `received` to `payee`'s.

        `paid` and `received` are either scalars or arrays of the sector's size (one entry
        per holder); their totals must agree, because every use of funds is someone's
        source. The bank pays and receives through its own net worth (its equity), so a
        payment by or to ``"banks"`` changes only the other side's deposits. A payment to
        households that is their income names its `kind` (:mod:`.income`), and the ledger
        keeps what each household received of each kind. `also` are arrays outside the
        ledger that record the same receipts (households' disposable and taxable income):
        `received` is added to them in the same pass over memory as to the deposits.
        Either side may be :data:`TOTAL`: one holder pays (or receives) what the other
        side adds up to.
        """
        if kind is not None and (payee != "households" or kind not in self.income):
            raise KeyError(f"income kind {kind!r} paid to {payee!r}: allowed: one of"
                           f" {INCOME_KINDS}, paid to households")
        if received is TOTAL:
            total_paid = total_received = received = total_of(paid)
        elif paid is TOTAL:
            total_paid = total_received = paid = total_of(received)
        else:
            total_paid = total_of(paid)
            total_received = total_of(received)
        _check_balanced(flow, payer, total_paid, payee, total_received)
        if payer != "banks":
            self.deposits[payer] -= paid
        credited = (() if payee == "banks" else (self.deposits[payee],)) + (
            () if kind is None else (self.income[kind],)) + also
        if isinstance(received, np.ndarray) and received.ndim == 1 and len(credited) in (3, 4):
            over_halves(_add_to_each, received.size, received, *credited,
                        *((None,) * (4 - len(credited))))
        else:
            for account in credited:
                account += received
        self._book(flow, payer, total_paid, payee, total_received)

    def transfer_at(
        self,
        flow: str,
        payer: str,
        payer_at: np.ndarray,
        paid: np.ndarray,
        payee: str,
        payee_at: np.ndarray,
        received: np.ndarray,
    ) -> None:
        """:meth:`transfer` among a few holders: `payer_at[k]` pays `paid[k]`, and so on.

        For payments between a few of a million households (home sales): the same
        books as :meth:`transfer` given arrays that are zero elsewhere, with no pass over
        every holder. Holders listed on each side must be distinct; neither side may be
        the bank. Accounts never hold -0.0 (sums of +0.0 and finite values never give
        it), so leaving the unlisted ones alone is adding their zeros.
        """
        total_paid = sparse_sum(payer_at, paid, self.sizes[payer])
        total_received = sparse_sum(payee_at, received, self.sizes[payee])
        _check_balanced(flow, payer, total_paid, payee, total_received)
        self.deposits[payer][payer_at] -= paid
        self.deposits[payee][payee_at] += received
        self._book(flow, payer, total_paid, payee, total_received)

    def _book(self, flow: str, payer: str, total_paid: float, payee: str,
              total_received: float) -> None:
        """Record a payment's totals in the flow accounts and under (flow, payer, payee)."""
        self.flows[flow][SECTORS.index(payer)] -= total_paid
        self.flows[flow][SECTORS.index(payee)] += total_received
        key = (flow, payer, payee)
        self.paid_by[key] = self.paid_by.get(key, 0.0) + total_paid

    def pay_by_index(
        self,
        flow: str,
        payer: str,
        payer_index: np.ndarray,
        amounts: np.ndarray,
        payee: str,
        kind: str | None = None,
    ) -> None:
        """Each holder `payer_index[k]` pays `amounts[k]` to payee holder `k`.

        For payments whose payer differs per recipient (a firm paying its employees).
        `payer_index` entries below zero mean "no payer" and must carry zero amounts.
        """
        valid = payer_index >= 0
        paid = np.bincount(
            payer_index[valid], weights=amounts[valid], minlength=self.sizes[payer]
        )
        self.transfer(flow, payer, paid, payee, amounts, kind)

    def collect_by_index(
        self, flow: str, payer: str, amounts: np.ndarray, payee: str, payee_index: np.ndarray
    ) -> None:
        """Each payer holder `k` pays `amounts[k]` to payee holder `payee_index[k]`."""
        valid = payee_index >= 0
        received = np.bincount(
            payee_index[valid], weights=amounts[valid], minlength=self.sizes[payee]
        )
        self.transfer(flow, payer, amounts, payee, received)

    def lend(self, borrower: str, amounts: np.ndarray | float) -> None:
        """The bank lends: the borrower's loan and deposit rise together (loans make deposits)."""
        if isinstance(amounts, np.ndarray) and amounts.shape == self.loans[borrower].shape:
            amounts = _lent(self.loans[borrower], self.deposits[borrower], amounts)
        else:
            amounts = np.maximum(amounts, 0.0)
            self.loans[borrower] += amounts
            self.deposits[borrower] += amounts
        self.lending[borrower] += total_of(amounts)

    def lend_at(self, borrower: str, at: np.ndarray, amounts: np.ndarray) -> float:
        """:meth:`lend` `amounts[k]` to holder `at[k]` alone (distinct holders), no full pass.

        The same books as :meth:`lend` given an array that is zero elsewhere. Returns the
        total lent (the sum of that array).
        """
        loans, deposits = self.loans[borrower][at], self.deposits[borrower][at]
        lent = _lent(loans, deposits, amounts)
        self.loans[borrower][at] = loans
        self.deposits[borrower][at] = deposits
        total = sparse_sum(at, lent, self.sizes[borrower])
        self.lending[borrower] += total
        return total

    def repay_at(self, borrower: str, at: np.ndarray, amounts: np.ndarray) -> None:
        """:meth:`repay` `amounts[k]` by holder `at[k]` alone (distinct holders), no full pass.

        The same books as :meth:`repay` given an array that is zero elsewhere (a zero
        repays nothing, as loans are never negative).
        """
        loans, deposits = self.loans[borrower][at], self.deposits[borrower][at]
        repaid = _reduced(loans, deposits, amounts, True)
        self.loans[borrower][at] = loans
        self.deposits[borrower][at] = deposits
        self.lending[borrower] -= sparse_sum(at, repaid, self.sizes[borrower])

    def repay(self, borrower: str, amounts: np.ndarray | float) -> None:
        """Repayment destroys the deposit and the loan together."""
        loans = self.loans[borrower]
        amounts = np.broadcast_to(np.asarray(amounts, dtype=float), loans.shape)
        repaid = _reduced(loans, self.deposits[borrower], amounts, True)
        self.lending[borrower] -= total_of(repaid)

    def write_off(self, borrower: str, amounts: np.ndarray) -> None:
        """A defaulted loan is cancelled: the borrower gains, the bank loses, both recorded."""
        loans = self.loans[borrower]
        amounts = np.broadcast_to(np.asarray(amounts, dtype=float), loans.shape)
        self._book_write_off(borrower, total_of(_reduced(loans, loans, amounts, False)))

    def write_off_at(self, borrower: str, at: np.ndarray, amounts: np.ndarray) -> None:
        """:meth:`write_off` `amounts[k]` of holder `at[k]` alone (distinct holders).

        The same books as :meth:`write_off` given an array that is zero elsewhere.
        """
        loans = self.loans[borrower][at]
        applied = _reduced(loans, loans, amounts, False)
        self.loans[borrower][at] = loans
        self._book_write_off(borrower, sparse_sum(at, applied, self.sizes[borrower]))

    def _book_write_off(self, borrower: str, total: float) -> None:
        """Record loans written off: the borrower's gain is the bank's loss."""
        self.lending[borrower] -= total
        self.lending["writeoff"] += total
        self.flows["loan_writeoff"][SECTORS.index(borrower)] += total
        self.flows["loan_writeoff"][SECTORS.index("banks")] -= total

    def issue_bonds(self, amount: float) -> None:
        """The state sells bonds to the bank, which pays with new deposits."""
        amount = max(float(amount), 0.0)
        self.bonds += amount
        self.deposits["state"] += amount
        self.lending["bonds"] += amount

    def redeem_bonds(self, amount: float) -> None:
        """The state buys back bonds out of its deposits."""
        amount = min(max(float(amount), 0.0), self.bonds)
        self.bonds -= amount
        self.deposits["state"] -= amount
        self.lending["bonds"] -= amount

    def cover_overdrafts(self, sector: str) -> tuple[np.ndarray, np.ndarray, float]:
        """Turn any negative deposit of a borrowing sector into a bank loan.

        Returns the overdrawn holders, the amounts lent to them, max(-D, 0), and their
        total. A few overdrawn are booked alone (:meth:`lend_at`); when many are, one pass
        over every holder is cheaper (:meth:`lend`): the same books either way.
        """
        deposits = self.deposits[sector]
        at = np.flatnonzero(~(deposits >= 0))  # overdrawn (or NaN, as np.maximum keeps)
        short = -deposits[at]
        if at.size * 16 <= deposits.size:
            return at, short, self.lend_at(sector, at, short)
        lent = np.zeros(deposits.size)
        lent[at] = short
        self.lend(sector, lent)
        return at, short, total_of(lent)

    # -- matrices ----------------------------------------------------------------------
    def transaction_flow_matrix(
        self, closing: dict[str, np.ndarray] | None = None
    ) -> pd.DataFrame:
        """This period's transaction-flow matrix: sources +, uses -, rows and columns sum to 0.

        `closing` are :meth:`stock_totals` at the end of the period, if the caller has them.
        """
        closing = self.stock_totals() if closing is None else closing
        d_dep = closing["deposits"] - self._opening["deposits"]
        d_loan = closing["loans"] - self._opening["loans"]
        d_bond = closing["bonds"] - self._opening["bonds"]
        # The bank's deposit liabilities and bond assets move with the other sectors'.
        bank = SECTORS.index("banks")
        d_dep[bank] = -d_dep.sum()
        d_loan[bank] = -d_loan.sum()
        d_bond[bank] = -d_bond.sum()
        # Acquiring an asset is a use of funds (-), taking on a liability a source (+).
        # Built as one array (a frame per period is on every run's path: keep it cheap).
        values = np.vstack([*self.flows.values(), -d_dep, d_loan, d_bond])
        return pd.DataFrame(values, index=_index((*self.flows, *STOCK_ROWS)),
                            columns=_index(SECTORS))

    def balance_sheet_matrix(
        self, equity: dict[str, float], tangible: dict[str, dict[str, float]],
        totals: dict[str, np.ndarray] | None = None,
    ) -> pd.DataFrame:
        """Balance-sheet matrix: assets +, liabilities -, financial rows sum to zero.

        Args:
            equity: net equity claims by sector (holders +, issuers -), valued at book.
            tangible: real stocks (rows of TANGIBLE_ROWS: physical capital, homes) by
                sector; they are nobody's liability.
            totals: :meth:`stock_totals` of the books as they stand, if the caller has them.
        """
        totals = self.stock_totals() if totals is None else totals
        bank = SECTORS.index("banks")
        dep = totals["deposits"].copy()
        dep[bank] = -dep.sum()
        loans = -totals["loans"]
        loans[bank] = totals["loans"].sum()
        bonds = np.zeros(len(SECTORS))
        bonds[SECTORS.index("state")] = -self.bonds
        bonds[bank] = self.bonds
        eq = np.array([equity.get(s, 0.0) for s in SECTORS])
        rows = [dep, loans, bonds, eq]
        for row in TANGIBLE_ROWS:
            stock = tangible.get(row, {})
            rows.append(np.array([stock.get(s, 0.0) for s in SECTORS]))
        values = np.vstack(rows)
        values = np.vstack([values, values.sum(axis=0)])
        names = ("deposits", "loans", "bonds", "equity", *TANGIBLE_ROWS, "net_worth")
        return pd.DataFrame(values, index=_index(names), columns=_index(SECTORS))


def _check_balanced(flow: str, payer: str, total_paid: float, payee: str,
                    total_received: float) -> None:
    """Refuse a payment whose flow is not in the chart or whose two sides differ."""
    if flow not in FLOWS:
        raise KeyError(f"unknown flow {flow!r}; the chart of accounts is {FLOWS}")
    scale = max(abs(total_paid), abs(total_received), 1.0)
    if abs(total_paid - total_received) > 1e-9 * scale:
        raise ValueError(
            f"unbalanced {flow}: {payer} pays {total_paid!r},"
            f" {payee} receives {total_received!r}"
        )


def _lent(loans: np.ndarray, deposits: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """Lend `amounts` (none below zero) to every holder; returns the amounts lent."""
    lent = np.empty(amounts.size)
    over_halves(_lend_kernel, amounts.size, loans, deposits, amounts, lent)
    return lent


def _reduced(loans: np.ndarray, deposits: np.ndarray, amounts: np.ndarray,
             with_deposits: bool) -> np.ndarray:
    """Reduce every holder's loan (and deposit if asked); returns the amounts applied."""
    applied = np.empty(loans.size)
    over_halves(_reduce_loans, loans.size, loans, deposits, amounts, with_deposits, applied)
    return applied


@njit(cache=True, nogil=True)
def _lend_kernel(lo, hi, loans, deposits, amounts, lent):  # pragma: no cover - compiled
    """a_i = max(amount_i, 0) (as np.maximum: a NaN wins); L_i += a_i; D_i += a_i; one pass.

    For holders lo..hi; writes the amounts lent.
    """
    for i in range(lo, hi):
        a = amounts[i]
        a = a if (a != a or a > 0.0) else 0.0
        lent[i] = a
        loans[i] += a
        deposits[i] += a


@njit(cache=True, nogil=True)
def _zero_each(lo, hi, accounts):  # pragma: no cover - compiled
    """Set entries lo..hi of every array in `accounts` to zero."""
    for account in accounts:
        account[lo:hi] = 0.0


@njit(cache=True, nogil=True)
def _add_to_each(lo, hi, amounts, a, b, c, d):  # pragma: no cover - compiled
    """Add `amounts` to three or four accounts (`d` None) in one pass over holders lo..hi."""
    for i in range(lo, hi):
        x = amounts[i]
        a[i] += x
        b[i] += x
        c[i] += x
        if d is not None:
            d[i] += x


@njit(cache=True, nogil=True)
def _reduce_loans(lo, hi, loans, deposits, amounts, with_deposits, applied
                  ):  # pragma: no cover - compiled
    """Each holder's loan falls by min(max(amount, 0), its loan), its deposit too if asked.

    Repayment destroys deposit and loan together; a write-off cancels the loan alone. One
    pass instead of four array operations, for holders lo..hi; writes the amounts applied.
    """
    for i in range(lo, hi):
        a = min(max(amounts[i], 0.0), loans[i])
        loans[i] -= a
        if with_deposits:
            deposits[i] -= a
        applied[i] = a


@lru_cache(maxsize=64)
def _index(names: tuple[str, ...]) -> pd.Index:
    """A frame's row or column labels, made once (pandas indexes are immutable)."""
    return pd.Index(names)


def check_period(tfm: pd.DataFrame, bsm: pd.DataFrame, rel_tol: float = 1e-9) -> list[str]:
    """Return every stock-flow identity that fails (empty when the period's accounts close)."""
    problems: list[str] = []
    flows, stocks = tfm.to_numpy(), bsm.to_numpy()  # sums on arrays: this runs every period
    scale = max(float(np.abs(flows).max()), float(np.abs(stocks).max()), 1.0)
    tol = rel_tol * scale
    for row, total in zip(tfm.index, flows.sum(axis=1), strict=True):
        if abs(total) > tol:
            problems.append(f"transaction row {row} sums to {total:.3e}")
    for col, total in zip(tfm.columns, flows.sum(axis=0), strict=True):
        if abs(total) > tol:
            problems.append(f"sector {col} column sums to {total:.3e} (a leak)")
    where = {row: i for i, row in enumerate(bsm.index)}
    for row in ("deposits", "loans", "bonds", "equity"):
        total = float(stocks[where[row]].sum())
        if abs(total) > tol:
            problems.append(f"balance-sheet row {row} sums to {total:.3e}")
    net = float(stocks[where["net_worth"]].sum())
    real = float(sum(stocks[where[row]].sum() for row in TANGIBLE_ROWS if row in where))
    if abs(net - real) > tol:
        problems.append(f"total net worth {net:.6g} differs from tangible stock {real:.6g}")
    return problems
