"""Owner-occupied homes, bought and sold among households with mortgages (M1.6).

Most real household debt is mortgage debt held by households who also own the house (the
OECD's household debt figures are mostly mortgages), so a model whose only household debt
is borrowing to consume cannot reach real debt-to-income levels without pushing many
households into negative net worth. Homes are a fixed stock of real assets held by
households, at most one each, at one price for every home; the price follows nominal output
per household with a lag (:func:`commonsim.mechanisms.prices.price_homes`), and the gains
and losses it brings owners are recorded as revaluations. Each year some owners move: those who can
carry a new mortgage buy another home (repeat buyers), the others sell to renters who can
pay the down payment out of their deposits and whose mortgage payment plus other debt
service fits the bank's lending rule; purchases are financed by a mortgage repaid in equal
annual payments over ``housing.mortgage_term`` years. Owners whose other debt has reached their
credit limit must sell (foreclosure). A sale moves deposits between households and repays
the seller's mortgage: the sector's net worth does not change, its debt does.

A mortgage is part of the household's bank loan in the ledger; ``mortgage`` only records
which part, because it is repaid on its own schedule, not at ``finance.repayment``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.halves import over_halves
from commonsim.economy.state import opening_deposits

IMPLEMENTS = ("M1.6",)


def annuity_factor(rate: float, term: int) -> float:
    """Yearly payment per unit borrowed that repays a loan in `term` equal payments.

    Equations:
        af(r, T) = r / (1 - (1 + r)^(-T))     (= 1 / T when r = 0)
        where r is the loan rate and T the term in years.
    """
    if rate == 0:
        return 1.0 / term
    return rate / -np.expm1(-term * np.log1p(rate))


def remaining_balance(
    principal: np.ndarray, rate: float, term: int, years: np.ndarray
) -> np.ndarray:
    """Outstanding principal of an annuity loan after `years` payments (0 once repaid).

    Equations:
        bal = m * ((1 + r)^T - (1 + r)^n) / ((1 + r)^T - 1)   (= m * (1 - n / T) if r = 0)
        where m is the principal, r the rate, T the term and n = min(years, T) the
        payments made.
    """
    years = np.minimum(np.asarray(years, dtype=float), term)
    if rate == 0:
        return principal * (1.0 - years / term)
    # (g**term - g**years) / (g**term - 1) with g = 1 + rate, written to stay exact for tiny
    # rates (where g**term - 1 would round to zero).
    log_g = np.log1p(rate)
    whole = np.expm1(term * log_g)
    return principal * (whole - np.expm1(years * log_g)) / whole


def other_debt_service_rate(e: Economy) -> float:
    """Yearly interest and repayment due per unit of non-mortgage debt."""
    return e.state.agg.loan_rate + e.params.finance.repayment


@njit(cache=True, nogil=True)
def _lending_tests(lo, hi, previous_income, loans, mortgage, home, deposits, credit_limit,
                   service_rate, payment, payment_to_income, down, foreclosed, fits, eligible
                   ):  # pragma: no cover - compiled
    """Who is foreclosed, whose payments would fit and who may buy, for households lo..hi.

    With y_i = max(YDprev_i, 0) and c_i = max(L_i - M_i, 0): foreclosed owners have
    c_i > credit_limit * y_i; a new mortgage fits when pm + service_rate * c_i <=
    payment_to_income * y_i; eligible buyers own no home, have D_i >= down and fit.
    """
    for i in range(lo, hi):
        income = max(previous_income[i], 0.0)
        consumer = max(loans[i] - mortgage[i], 0.0)
        foreclosed[i] = home[i] and consumer > credit_limit * income
        fits[i] = payment + service_rate * consumer <= payment_to_income * income
        eligible[i] = not home[i] and deposits[i] >= down and fits[i]


def open_homes(e: Economy) -> None:
    """Opening homes and mortgages: initial conditions, not transactions.

    Homes go to the best-placed households in the hiring queue (home ownership rises with
    income). Each opening owner bought some years ago, the years since purchase drawn from
    the turnover rate (geometric), so the opening mortgages have the age profile a steady
    turnover leaves. The money those mortgages paid to past sellers is in households'
    deposits, spread as the other opening deposits are (half evenly, half by ownership).

    Equations:
        P_H = housing.price_to_output * GDP0 / N
        owners: the first round(housing.ownership_rate * N) households of the hiring queue
        m = (1 - housing.down_payment) * P_H
        n_i ~ Geometric(housing.turnover) - 1      (years since purchase; stream "housing")
        M_i = remaining_balance(m, r_L, T, n_i);  L_i = L_i + M_i
        mp_i = m * af(r_L, T)   if M_i > 0, else 0
        D_i = D_i + opening_deposits(sum_k M_k)_i
        where GDP0 is the opening output, N the number of households, P_H the home price
        (fixed in money from then on), m the mortgage at purchase, r_L = finance.loan_rate,
        T = housing.mortgage_term, M_i household i's mortgage, mp_i its yearly payment,
        af the annuity factor and L_i, D_i its loans and deposits.
    """
    p, hh, agg, ledger = e.params, e.state.households, e.state.agg, e.ledger
    hp = p.housing
    n = hh.n
    homes = int(round(hp.ownership_rate * n))
    agg.house_price = hp.price_to_output * agg.gdp / n
    if homes == 0 or agg.house_price <= 0:
        return
    owners = hh.queue[:homes]
    hh.home[owners] = True
    rate, term = agg.loan_rate, hp.mortgage_term
    principal = (1.0 - hp.down_payment) * agg.house_price
    if hp.turnover > 0:
        years = e.rng["housing"].geometric(hp.turnover, homes) - 1
    else:
        years = np.full(homes, term)
    balance = remaining_balance(np.full(homes, principal), rate, term, years)
    hh.mortgage[owners] = balance
    hh.mortgage_payment[owners] = np.where(balance > 0, principal * annuity_factor(rate, term),
                                           0.0)
    ledger.loans["households"][owners] += balance
    total = float(balance.sum())
    ledger.deposits["households"] += opening_deposits(total, hh.stake)


def trade_homes(e: Economy) -> None:
    """This year's home sales.

    Movers who can carry a new mortgage buy another home as they sell theirs (repeat
    buyers; homes are alike, so the household keeps a home, repays its old mortgage and
    takes a new one at the down payment, drawing out the equity above it). Movers who cannot,
    and owners in foreclosure, sell to renters who pass the lending rule (first-time
    buyers); a home nobody can buy stays with its owner this year.

    Equations:
        y_i = max(YDprev_i, 0);  c_i = max(L_i - M_i, 0)
        movers: owners with u_i < housing.turnover (u_i uniform, stream "housing")
        foreclosed: owners with c_i > finance.credit_limit * y_i
        m = (1 - housing.down_payment) * P_H;  pm = m * af(r_L, housing.mortgage_term)
        fits_i: pm + (r_L + finance.repayment) * c_i <= housing.payment_to_income * y_i
        repeat buyers: movers, not foreclosed, with fits_i and
            D_i + P_H - M_i >= housing.down_payment * P_H:
            borrow m, repay min(M_i, max(D_i, 0)) of the old mortgage, M_i = m, mp_i = pm
        listed = (movers and foreclosed) less the repeat buyers
        eligible buyers: non-owners with D_i >= housing.down_payment * P_H and fits_i
        k = min(#listed, #eligible); k sellers and k buyers drawn at random are paired:
            the buyer borrows m and pays P_H to the seller; the seller repays
            min(M, max(D, 0)) and owns no home; the buyer owes M = m, mp = pm
        where YDprev_i is household i's disposable income last period, L_i, M_i, D_i its
        loans, mortgage and deposits, c_i its other (consumer) debt, P_H the fixed home
        price, r_L = finance.loan_rate, af the annuity factor, pm the yearly payment on a
        new mortgage and mp_i i's scheduled payment.
    """
    p, hh, agg, ledger = e.params, e.state.households, e.state.agg, e.ledger
    hp, fin = p.housing, p.finance
    price = agg.house_price
    if price <= 0:
        return
    rng = e.rng["housing"]
    loans = ledger.loans["households"]
    deposits = ledger.deposits["households"]
    owners = np.flatnonzero(hh.home)
    moving = owners[rng.random(owners.size) < hp.turnover]
    principal = (1.0 - hp.down_payment) * price
    payment = principal * annuity_factor(agg.loan_rate, hp.mortgage_term)
    down = hp.down_payment * price
    foreclosed, fits, can_buy = (np.empty(hh.n, dtype=np.bool_) for _ in range(3))
    over_halves(_lending_tests, hh.n, hh.previous_disposable, loans, hh.mortgage, hh.home,
                deposits, fin.credit_limit, other_debt_service_rate(e), payment,
                hp.payment_to_income, down, foreclosed, fits, can_buy)
    repeat = moving[fits[moving] & (deposits[moving] + price - hh.mortgage[moving] >= down)
                    & ~foreclosed[moving]]
    if repeat.size:
        _lend_mortgages(e, repeat, principal)
        _replace_mortgages(e, repeat, repeat, principal, payment)

    # Movers and foreclosed owners, less the repeat buyers, in index order (a mask, not
    # set operations on index arrays: the same list without sorting).
    listing = foreclosed
    listing[moving] = True
    listing[repeat] = False
    listed = np.flatnonzero(listing)
    eligible = np.flatnonzero(can_buy)
    k = min(listed.size, eligible.size)
    e.period.home_sales += float(k + repeat.size)
    if k == 0:
        return
    sellers = rng.permutation(listed)[:k]
    buyers = rng.permutation(eligible)[:k]

    _lend_mortgages(e, buyers, principal)
    ledger.transfer_at("home_sales", "households", buyers, np.full(k, price),
                       "households", sellers, np.full(k, price))
    # The seller's mortgage is repaid out of the proceeds.
    _replace_mortgages(e, sellers, buyers, principal, payment)
    hh.home[sellers] = False
    hh.home[buyers] = True


def _lend_mortgages(e: Economy, borrowers: np.ndarray, principal: float) -> None:
    """The bank lends `principal` to each of `borrowers` (the loan makes the deposit)."""
    e.ledger.lend_at("households", borrowers, np.full(borrowers.size, principal))
    e.period.mortgage_lending += principal * borrowers.size


def _replace_mortgages(
    e: Economy, repaid: np.ndarray, borrowers: np.ndarray, principal: float, payment: float
) -> None:
    """`repaid` pay off their mortgages out of deposits; `borrowers` now owe new ones.

    Call after :func:`_lend_mortgages` has lent to `borrowers`, so the memo of which part
    of each loan is a mortgage follows the ledger.
    """
    hh, ledger = e.state.households, e.ledger
    deposits = ledger.deposits["households"]
    owed = np.minimum(hh.mortgage[repaid], np.maximum(deposits[repaid], 0.0))
    ledger.repay_at("households", repaid, owed)
    hh.mortgage[repaid] = 0.0
    hh.mortgage_payment[repaid] = 0.0
    hh.mortgage[borrowers] = principal
    hh.mortgage_payment[borrowers] = payment


def mortgage_principal_due(e: Economy) -> np.ndarray:
    """Principal due this year on each mortgage outstanding at the start of the year.

    It is the yearly payment less interest on the opening balance.

    Equations:
        md_i = clip(mp_i - r_L * M0_i, 0, M_i)   if M0_i > 0, else 0
        where mp_i is household i's scheduled payment, r_L = finance.loan_rate, M0_i its
        mortgage at the start of the period and M_i now.
    """
    hh = e.state.households
    opening = e.period.mortgage_open
    if opening is None:
        return np.zeros(hh.n)
    due = np.empty(hh.n)
    over_halves(_principal_due, hh.n, hh.mortgage_payment, e.state.agg.loan_rate, opening,
                hh.mortgage, due)
    return due


@njit(cache=True, nogil=True)
def _principal_due(lo, hi, payment, rate, opening, mortgage, due):  # pragma: no cover
    """``np.where(M0 > 0, np.clip(mp - r * M0, 0, M), 0)`` for households lo..hi.

    np.clip keeps a NaN and otherwise takes x if x > 0 else 0, then that if below M else M.
    """
    for i in range(lo, hi):
        x = payment[i] - rate * opening[i]
        if x == x:
            x = x if x > 0.0 else 0.0
            x = x if x < mortgage[i] else mortgage[i]
        due[i] = x if opening[i] > 0 else 0.0
