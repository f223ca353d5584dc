"""Unit tests of the double-entry ledger (``commonsim.economy.ledger``) on hand-made books.

Each test moves money by hand through the ledger's own calls and checks the stocks, the
transaction-flow matrix (TFM), the balance-sheet matrix (BSM) and ``check_period``; the last
tests plant leaks (a deposit changed behind the ledger's back) and check they are caught.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from commonsim.economy.ledger import FLOWS, SECTORS, STOCK_ROWS, TOTAL, Ledger, check_period

SIZES = {"households": 4, "firms": 2, "banks": 1, "state": 1, "forbenefit": 1, "solidarity": 1}


@pytest.fixture
def ledger() -> Ledger:
    """Households hold 10, 20, 30, 40 (backed by state bonds, as the engine opens)."""
    books = Ledger(dict(SIZES))
    books.deposits["households"][:] = [10.0, 20.0, 30.0, 40.0]
    books.bonds = 100.0
    books.open_period()
    return books


def matrices(books: Ledger, capital: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    tfm = books.transaction_flow_matrix()
    bsm = books.balance_sheet_matrix({}, {"capital": {"firms": capital}})
    return tfm, bsm


def test_opening_books_close(ledger: Ledger) -> None:
    tfm, bsm = matrices(ledger)
    assert check_period(tfm, bsm) == []
    assert list(tfm.columns) == list(SECTORS)
    assert list(tfm.index) == list(FLOWS) + list(STOCK_ROWS)
    # The bank holds the bonds and owes the deposits: its net worth is zero here.
    assert bsm.loc["deposits", "banks"] == -100.0
    assert bsm.loc["bonds", "banks"] == 100.0
    assert bsm.loc["bonds", "state"] == -100.0
    assert bsm.loc["net_worth", "banks"] == 0.0


def test_transfer_array_to_scalar(ledger: Ledger) -> None:
    paid = np.array([1.0, 2.0, 3.0, 4.0])
    ledger.transfer("income_tax", "households", paid, "state", 10.0)
    np.testing.assert_allclose(ledger.deposits["households"], [9.0, 18.0, 27.0, 36.0])
    assert ledger.deposits["state"][0] == 10.0
    tfm, bsm = matrices(ledger)
    assert tfm.loc["income_tax", "households"] == -10.0
    assert tfm.loc["income_tax", "state"] == 10.0
    # Households used 10 of deposits (a source, +), the state acquired 10 (a use, -).
    assert tfm.loc["d_deposits", "households"] == pytest.approx(10.0)
    assert tfm.loc["d_deposits", "state"] == pytest.approx(-10.0)
    assert check_period(tfm, bsm) == []


def test_transfer_scalar_to_array(ledger: Ledger) -> None:
    ledger.deposits["state"][:] = 0.0
    received = np.array([0.5, 0.5, 1.0, 2.0])
    ledger.transfer("benefits", "state", 4.0, "households", received)
    np.testing.assert_allclose(ledger.deposits["households"], [10.5, 20.5, 31.0, 42.0])
    assert ledger.deposits["state"][0] == -4.0
    tfm, bsm = matrices(ledger)
    assert tfm.loc["benefits"].sum() == pytest.approx(0.0)
    assert check_period(tfm, bsm) == []


def test_payment_to_and_from_the_bank_moves_only_one_side(ledger: Ledger) -> None:
    ledger.transfer("interest_deposits", "banks", 1.0, "households", np.full(4, 0.25))
    ledger.transfer("interest_loans", "firms", np.array([0.3, 0.2]), "banks", 0.5)
    np.testing.assert_allclose(ledger.deposits["households"], [10.25, 20.25, 30.25, 40.25])
    np.testing.assert_allclose(ledger.deposits["firms"], [-0.3, -0.2])
    tfm, bsm = matrices(ledger)
    assert tfm.loc["interest_deposits", "banks"] == -1.0
    assert tfm.loc["interest_loans", "banks"] == 0.5
    # The bank's net worth fell by the net interest it paid (0.5).
    assert bsm.loc["net_worth", "banks"] == pytest.approx(-0.5)
    assert check_period(tfm, bsm) == []


def test_pay_by_index_charges_each_employer(ledger: Ledger) -> None:
    employer = np.array([0, 1, 1, -1])
    wages = np.array([5.0, 6.0, 7.0, 0.0])
    ledger.lend("firms", np.array([20.0, 20.0]))
    ledger.pay_by_index("wages", "firms", employer, wages, "households")
    np.testing.assert_allclose(ledger.deposits["firms"], [15.0, 7.0])
    np.testing.assert_allclose(ledger.deposits["households"], [15.0, 26.0, 37.0, 40.0])
    tfm, bsm = matrices(ledger)
    assert tfm.loc["wages", "firms"] == -18.0
    assert tfm.loc["wages", "households"] == 18.0
    assert check_period(tfm, bsm) == []


def test_pay_by_index_refuses_mismatched_totals(ledger: Ledger) -> None:
    # A "no payer" entry (-1) that carries money would be paid by nobody.
    with pytest.raises(ValueError, match="unbalanced wages"):
        ledger.pay_by_index("wages", "firms", np.array([0, -1, 1, 1]),
                            np.array([1.0, 2.0, 1.0, 1.0]), "households")


def test_collect_by_index_credits_each_seller(ledger: Ledger) -> None:
    seller = np.array([1, 0, 1, -1])
    spend = np.array([1.0, 2.0, 3.0, 0.0])
    ledger.collect_by_index("consumption", "households", spend, "firms", seller)
    np.testing.assert_allclose(ledger.deposits["firms"], [2.0, 4.0])
    np.testing.assert_allclose(ledger.deposits["households"], [9.0, 18.0, 27.0, 40.0])
    assert check_period(*matrices(ledger)) == []


def test_lend_repay_write_off(ledger: Ledger) -> None:
    ledger.lend("firms", np.array([10.0, 5.0]))
    np.testing.assert_allclose(ledger.loans["firms"], [10.0, 5.0])
    np.testing.assert_allclose(ledger.deposits["firms"], [10.0, 5.0])
    assert ledger.lending["firms"] == 15.0
    ledger.repay("firms", np.array([4.0, 100.0]))  # repayment is capped at the loan
    np.testing.assert_allclose(ledger.loans["firms"], [6.0, 0.0])
    np.testing.assert_allclose(ledger.deposits["firms"], [6.0, 0.0])
    assert ledger.lending["firms"] == pytest.approx(6.0)
    ledger.write_off("firms", np.array([2.0, 1.0]))  # capped at the loan too
    np.testing.assert_allclose(ledger.loans["firms"], [4.0, 0.0])
    np.testing.assert_allclose(ledger.deposits["firms"], [6.0, 0.0])
    assert ledger.lending["writeoff"] == 2.0
    tfm, bsm = matrices(ledger)
    assert tfm.loc["loan_writeoff", "firms"] == 2.0
    assert tfm.loc["loan_writeoff", "banks"] == -2.0
    assert tfm.loc["d_loans", "firms"] == pytest.approx(4.0)
    assert tfm.loc["d_loans", "banks"] == pytest.approx(-4.0)
    # Firms keep 6 of deposits against 4 of loans; the bank lost the 2 written off.
    assert bsm.loc["net_worth", "firms"] == pytest.approx(2.0)
    assert bsm.loc["net_worth", "banks"] == pytest.approx(-2.0)
    assert check_period(tfm, bsm) == []


def test_negative_lending_is_ignored(ledger: Ledger) -> None:
    ledger.lend("households", np.array([-1.0, 0.0, 2.0, 0.0]))
    np.testing.assert_allclose(ledger.loans["households"], [0.0, 0.0, 2.0, 0.0])
    assert check_period(*matrices(ledger)) == []


def test_bonds_issue_and_redeem(ledger: Ledger) -> None:
    ledger.issue_bonds(25.0)
    assert ledger.bonds == 125.0
    assert ledger.deposits["state"][0] == 25.0
    ledger.redeem_bonds(10.0)
    assert ledger.bonds == 115.0
    assert ledger.deposits["state"][0] == 15.0
    assert ledger.lending["bonds"] == 15.0
    tfm, bsm = matrices(ledger)
    assert tfm.loc["d_bonds", "state"] == 15.0
    assert tfm.loc["d_bonds", "banks"] == -15.0
    assert tfm.loc["d_deposits", "state"] == -15.0
    assert bsm.loc["bonds", "state"] == -115.0
    assert check_period(tfm, bsm) == []
    ledger.redeem_bonds(1e6)  # cannot retire more than is outstanding
    assert ledger.bonds == 0.0
    assert ledger.deposits["state"][0] == -100.0


def test_cover_overdrafts_turns_negative_deposits_into_loans(ledger: Ledger) -> None:
    ledger.transfer("consumption", "households", np.array([15.0, 0.0, 35.0, 0.0]), "firms",
                    np.array([50.0, 0.0]))
    overdrawn, short, total = ledger.cover_overdrafts("households")
    np.testing.assert_array_equal(overdrawn, [0, 2])
    np.testing.assert_allclose(short, [5.0, 5.0])
    assert total == 10.0
    np.testing.assert_allclose(ledger.deposits["households"], [0.0, 20.0, 0.0, 40.0])
    np.testing.assert_allclose(ledger.loans["households"], [5.0, 0.0, 5.0, 0.0])
    assert ledger.lending["households"] == 10.0
    tfm, bsm = matrices(ledger)
    assert tfm.loc["d_loans", "households"] == 10.0
    assert check_period(tfm, bsm) == []
    assert ledger.cover_overdrafts("households")[0].size == 0


def test_unbalanced_transfer_raises_and_moves_nothing(ledger: Ledger) -> None:
    before = ledger.deposits["households"].copy()
    with pytest.raises(ValueError, match="unbalanced income_tax"):
        ledger.transfer("income_tax", "households", np.full(4, 1.0), "state", 3.0)
    np.testing.assert_array_equal(ledger.deposits["households"], before)
    assert ledger.deposits["state"][0] == 0.0
    assert not ledger.flows["income_tax"].any()


def test_unknown_flow_raises_naming_the_chart(ledger: Ledger) -> None:
    with pytest.raises(KeyError, match="unknown flow 'bribes'.*consumption"):
        ledger.transfer("bribes", "firms", 1.0, "state", 1.0)


def test_open_period_resets_flows_and_opening_stocks(ledger: Ledger) -> None:
    ledger.transfer("income_tax", "households", np.full(4, 1.0), "state", 4.0)
    ledger.lend("firms", np.array([3.0, 0.0]))
    ledger.open_period()
    assert not any(v.any() for v in ledger.flows.values())
    assert ledger.lending == {"households": 0.0, "firms": 0.0, "bonds": 0.0, "writeoff": 0.0}
    tfm, _ = matrices(ledger)
    assert not tfm.to_numpy().any()


def test_busy_period_matrices_close(ledger: Ledger) -> None:
    """Many kinds of movement in one period; every row and column of the TFM sums to 0."""
    ledger.lend("firms", np.array([30.0, 10.0]))
    ledger.pay_by_index("wages", "firms", np.array([0, 0, 1, 1]),
                        np.array([8.0, 8.0, 5.0, 5.0]), "households")
    ledger.transfer("income_tax", "households", np.full(4, 2.0), "state", 8.0)
    ledger.transfer("government_purchases", "state", 12.0, "firms", np.array([7.0, 5.0]))
    ledger.collect_by_index("consumption", "households", np.array([9.0, 9.0, 9.0, 9.0]),
                            "firms", np.array([0, 1, 0, 1]))
    ledger.transfer("donations", "households", np.array([0.0, 1.0, 0.0, 0.0]), "forbenefit", 1.0)
    ledger.transfer("solidarity_contributions", "firms", np.array([1.0, 0.0]), "solidarity",
                    1.0)
    ledger.transfer("interest_loans", "firms", np.array([1.2, 0.4]), "banks", 1.6)
    ledger.repay("firms", np.array([5.0, 5.0]))
    ledger.write_off("firms", np.array([0.0, 1.0]))
    ledger.cover_overdrafts("firms")
    balance = float(ledger.deposits["state"][0])
    if balance < 0:
        ledger.issue_bonds(-balance)
    tfm, bsm = matrices(ledger, capital=50.0)
    assert np.allclose(tfm.sum(axis=1), 0.0)
    assert np.allclose(tfm.sum(axis=0), 0.0)
    for row in ("deposits", "loans", "bonds"):
        assert bsm.loc[row].sum() == pytest.approx(0.0, abs=1e-12)
    assert bsm.loc["net_worth"].sum() == pytest.approx(50.0)
    assert check_period(tfm, bsm) == []


def test_check_period_detects_planted_deposit_leak(ledger: Ledger) -> None:
    ledger.transfer("income_tax", "households", np.full(4, 1.0), "state", 4.0)
    assert check_period(*matrices(ledger)) == []
    ledger.deposits["households"][2] += 5.0  # money from nowhere, behind the ledger's back
    problems = check_period(*matrices(ledger))
    assert any("sector households column sums to -5.000e+00" in p for p in problems)
    assert any("sector banks column" in p for p in problems)


def test_check_period_detects_planted_loan_leak(ledger: Ledger) -> None:
    ledger.loans["firms"][0] += 3.0  # a loan with no deposit and no write-off recorded
    problems = check_period(*matrices(ledger))
    assert any("sector firms column sums to 3.000e+00" in p for p in problems)


def test_check_period_detects_unbalanced_flow_row(ledger: Ledger) -> None:
    ledger.flows["dividends"][SECTORS.index("households")] += 2.0
    problems = check_period(*matrices(ledger))
    assert any("transaction row dividends sums to 2.000e+00" in p for p in problems)


def test_check_period_detects_unbalanced_balance_sheet(ledger: Ledger) -> None:
    tfm = ledger.transaction_flow_matrix()
    bsm = ledger.balance_sheet_matrix({"households": 7.0}, {})  # equity with no issuer
    problems = check_period(tfm, bsm)
    assert any("balance-sheet row equity sums to 7.000e+00" in p for p in problems)
    assert any("total net worth 7 differs from tangible stock 0" in p for p in problems)


def test_check_period_tolerance_is_relative(ledger: Ledger) -> None:
    """A discrepancy far below 1e-9 of the largest entry is rounding, not a leak."""
    ledger.deposits["households"][:] *= 1e9
    ledger.bonds *= 1e9
    ledger.open_period()
    ledger.deposits["households"][0] += 1e-3
    assert check_period(*matrices(ledger)) == []
    ledger.deposits["households"][0] += 1e3  # above 1e-9 of the 1e11 of bonds
    assert check_period(*matrices(ledger)) != []


def test_lending_clips_amounts_as_numpy_does():
    ledger = Ledger({"households": 6, "firms": 1, "banks": 1, "state": 1, "forbenefit": 1,
                     "solidarity": 1})
    amounts = np.array([-1.0, -0.0, 0.0, 2.5, np.nan, 1e-300])
    ledger.lend("households", amounts)
    expected = np.maximum(amounts, 0.0)
    for stock in (ledger.loans["households"], ledger.deposits["households"]):
        np.testing.assert_array_equal(stock, expected)
        np.testing.assert_array_equal(np.signbit(stock), np.signbit(0.0 + expected))
    assert np.isnan(ledger.lending["households"])


@pytest.mark.parametrize("extra", [1, 2])
def test_a_receipt_is_also_added_to_the_accounts_named(extra: int):
    sizes = {"households": 5, "firms": 1, "banks": 1, "state": 1, "forbenefit": 1,
             "solidarity": 1}
    ledger = Ledger(sizes)
    rng = np.random.default_rng(extra)
    received = rng.normal(size=5)
    accounts = tuple(rng.normal(size=5) for _ in range(extra))
    expected = [a + received for a in accounts]
    ledger.transfer("wages", "firms", float(received.sum()), "households", received, "wages",
                    also=accounts)
    np.testing.assert_array_equal(ledger.deposits["households"], received)
    np.testing.assert_array_equal(ledger.income["wages"], received)
    for account, want in zip(accounts, expected, strict=True):
        np.testing.assert_array_equal(account, want)


def test_sparse_calls_keep_the_same_books_as_full_arrays() -> None:
    """The calls on a few holders (..._at) book what the dense calls book, to the last bit."""
    n = 5000
    sizes = dict(SIZES, households=n)
    rng = np.random.default_rng(3)
    dense, sparse = Ledger(dict(sizes)), Ledger(dict(sizes))
    for books in (dense, sparse):
        books.deposits["households"][:] = np.arange(n) / 7.0
        books.loans["households"][:] = np.arange(n) % 5 / 3.0
        books.open_period()
    buyers, sellers = rng.choice(n, 40, replace=False)[:20], np.arange(900, 920)
    price = np.full(20, 1234.5678)
    full = np.zeros(n)
    full[buyers] = price
    dense.lend("households", full)
    sparse.lend_at("households", buyers, price)
    paid, received = np.zeros(n), np.zeros(n)
    paid[buyers], received[sellers] = price, price
    dense.transfer("home_sales", "households", paid, "households", received)
    sparse.transfer_at("home_sales", "households", buyers, price, "households", sellers, price)
    owed = np.zeros(n)
    owed[sellers] = rng.random(20) * 3.0  # some above the loan: repays the loan only
    dense.repay("households", owed)
    sparse.repay_at("households", sellers, owed[sellers])
    dense.write_off("households", owed)
    sparse.write_off_at("households", sellers, owed[sellers])
    for name in ("deposits", "loans"):
        np.testing.assert_array_equal(getattr(sparse, name)["households"],
                                      getattr(dense, name)["households"])
    assert sparse.lending == dense.lending
    assert sparse.paid_by == dense.paid_by
    for flow in ("home_sales", "loan_writeoff"):
        np.testing.assert_array_equal(sparse.flows[flow], dense.flows[flow])
    with pytest.raises(ValueError, match="unbalanced home_sales"):
        sparse.transfer_at("home_sales", "households", buyers, price, "households",
                           sellers[:3], price[:3])


def test_total_as_the_other_side_books_the_sum_of_this_side() -> None:
    """TOTAL on either side books what passing the explicit sum books (no second sum)."""
    rng = np.random.default_rng(4)
    tax, benefit = rng.random(4) * 3.0, rng.random(4)
    explicit, total = Ledger(dict(SIZES)), Ledger(dict(SIZES))
    explicit.transfer("income_tax", "households", tax, "state", float(tax.sum()))
    explicit.transfer("benefits", "state", float(benefit.sum()), "households", benefit,
                      "benefits")
    total.transfer("income_tax", "households", tax, "state", TOTAL)
    total.transfer("benefits", "state", TOTAL, "households", benefit, "benefits")
    for sector in ("households", "state"):
        np.testing.assert_array_equal(total.deposits[sector], explicit.deposits[sector])
    np.testing.assert_array_equal(total.income["benefits"], explicit.income["benefits"])
    for flow in ("income_tax", "benefits"):
        np.testing.assert_array_equal(total.flows[flow], explicit.flows[flow])
    assert total.paid_by == explicit.paid_by
    assert total.deposits["state"][0] == float(tax.sum()) - float(benefit.sum())
