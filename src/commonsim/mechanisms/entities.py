"""Entry and exit of firms and entities: one exit rule for every form (M2.4, M3.2, M3.3).

Every firm and entity exits by the same financial rule: it is in distress in a period when
it has debt it cannot carry -- an overdraft it has no credit to cover, or net debt beyond
its capital plus a year of expected sales (the bank's limit) -- and it fails after
``finance.exit_periods`` periods of distress in a row. Rescue and credit are institutions,
parameters of this rule: the phyle's mutual insurance covers members' overdrafts first
(M3.3, in its own step) and backs their credit, and whether banks lend to a form is its
``credit_access`` (M2.4, M3.6). An entity
whose members have all left closes. The capital of a firm that exits is sold through the
books to the surviving firms that have credit (or, with no buyer, scrapped and recorded),
the proceeds repay its bank, the rest of its debt is written off, and what is left goes to
its owners (shareholders) or, for entities, to the commons (their reserves are
indivisible). Civic contributors found new entities in free slots (M3.2); a failed
proprietary firm is refounded at once by its shareholders (free entry), so their number
stays fixed. Failures are counted per firm-year by form.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.arrays import group_count
from commonsim.economy.economy import Economy
from commonsim.economy.forms import count_by_form, firm_attribute
from commonsim.mechanisms import phyles
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS = ("M2.4", "M3.2", "M3.3")


def fail_insolvent(e: Economy) -> None:
    """Firms and entities in distress for ``finance.exit_periods`` periods fail.

    An entity whose members have all left closes.

    Equations:
        (the phyle's insurance has covered members' overdrafts in its own step)
        distress_j = (D_j < 0 and credit_j = 0) or (L_j - D_j > K_j + max(Xe_j, 0))
        n_j = n_j + 1 if distress_j else 0;   fail_j = (n_j >= k)
        close_j = (j is an entity with no members)
        failing or closing firms are wound up by liquidate (capital sold, bank repaid,
            the rest written off); entities close, other firms are refounded at once
        where D_j, L_j, K_j, Xe_j are firm j's deposits, loans, capital and expected
        sales, credit_j its form's credit_access (economy/forms.py) or
        membership of a phyle, which backs its credit (M3.3), k = finance.exit_periods.
        Failures and firm-years are counted by legal form.
    """
    p, f, hh, ledger, agg = e.params, e.state.firms, e.state.households, e.ledger, e.state.agg
    deposits = ledger.deposits["firms"]
    credit = (firm_attribute(p, f, "credit_access") > 0) | phyles.backed_by_phyle(e)
    net_debt = ledger.loans["firms"] - deposits
    distress = f.alive & (((deposits < 0) & ~credit)
                          | (net_debt > f.capital + np.maximum(f.expected, 0.0) * f.price))
    f.distress[:] = np.where(distress, f.distress + 1, 0)
    failing = distress & (f.distress >= p.finance.exit_periods)
    heads = group_count(hh.member_of, f.n)
    owned_by_members = firm_attribute(p, f, "shares_work") > 0
    closing = f.alive & owned_by_members & (heads == 0) & ~failing
    lived, failed = count_by_form(f, f.alive), count_by_form(f, failing)
    for form in agg.firm_years:
        agg.firm_years[form] += int(lived[form])
        agg.failures[form] += int(failed[form])
    e.period.failures_entities = float((failing & owned_by_members).sum())
    e.period.failures_proprietary = float((failing & ~owned_by_members).sum())
    down = failing | closing
    if down.any():
        liquidate(e, down)
        f.distress[down] = 0
        # Entities are wound up; other firms are refounded by their shareholders at once.
        gone = down & (firm_attribute(p, f, "founded_by_contributors") > 0)
        f.alive[gone] = False
        f.expected[gone] = 0.0
        released = gone[np.maximum(hh.member_of, 0)] & (hh.member_of >= 0)
        hh.member_of[released] = -1


def liquidate(e: Economy, down: np.ndarray) -> None:
    """Wind up the balance sheets of the firms in `down`, all through the books.

    Equations:
        K_sold = sum_j K_j over exiting firms j; buyer b pays K_sold * K_b / sum K_b
        (buyers: live, surviving producers with credit); with no buyer K_j is scrapped
        D_j += price received;  repay min(D_j, L_j);  write off what is left of L_j
        residual D_j > 0: to shareholders (by stake) or, for entities, to the commons
    """
    p, f, hh, ledger = e.params, e.state.firms, e.state.households, e.ledger
    short = np.where(down, np.maximum(-ledger.deposits["firms"], 0.0), 0.0)
    ledger.lend("firms", short)
    sold_capital = np.where(down, f.capital, 0.0)
    buyers = (f.alive & ~down & (firm_attribute(p, f, "credit_access") > 0)
              & (firm_attribute(p, f, "sells_goods") > 0))
    weight = np.where(buyers, f.capital + 1e-12, 0.0)
    total = float(sold_capital.sum())
    if total > 0 and weight.sum() > 0:
        bought = total * weight / weight.sum()
        ledger.transfer("capital_sales", "firms", bought, "firms", sold_capital)
        f.capital += bought
        e.period.capital_sold += total
    elif total > 0:
        e.period.capital_scrapped += total
    f.capital[down] = 0.0
    deposits = ledger.deposits["firms"]
    ledger.repay("firms", np.where(down, np.minimum(np.maximum(deposits, 0.0),
                                                     ledger.loans["firms"]), 0.0))
    ledger.write_off("firms", np.where(down, ledger.loans["firms"], 0.0))
    residual = np.where(down, np.maximum(ledger.deposits["firms"], 0.0), 0.0)
    to_commons = residual * firm_attribute(p, f, "statutory_surplus")
    to_owners = residual - to_commons
    if to_commons.sum() > 0:
        ledger.transfer("commons_funding", "firms", to_commons, "forbenefit",
                        float(to_commons.sum()))
    if to_owners.sum() > 0:
        pay_households(e, "dividends", "firms", to_owners, "dividends",
                       float(to_owners.sum()) * hh.stake)


def found_entities(e: Economy) -> None:
    """Civic contributors found new entities, as many as free slots allow.

    Equations:
        P = households with hc_i > 0 that are not members;  F = cooperatives.founders
        new = min(Binomial(#P, cooperatives.founding_rate), #free slots, floor(#P / F))
        new * F founders drawn from P without replacement (stream "founding") join the
            new entities, F each, and leave their employers
        Xe_j = 0.5 * A * h * sum_{founders of j} s_i;  K_j = 0
        where hc_i is household i's civic hours, s_i its skill, A = technology.productivity,
        h = labour.standard_hours and Xe_j, K_j the new entity's expected sales and
        capital. Nothing is founded when #P < F or no slot is free.
    """
    p, f, hh = e.params, e.state.firms, e.state.households
    c = p.cooperatives
    by_contributors = firm_attribute(p, f, "founded_by_contributors") > 0
    free_slots = np.flatnonzero(~f.alive & by_contributors)
    # Any contributor who is not yet a member may found one: a job does not stop a
    # contributor from leaving it to found a cooperative (M3.2).
    founders_pool = np.flatnonzero((hh.hours_civic > 0) & (hh.member_of < 0))
    if free_slots.size == 0 or founders_pool.size < c.founders:
        return
    rng = e.rng["founding"]
    new = min(int(rng.binomial(founders_pool.size, c.founding_rate)), free_slots.size,
              founders_pool.size // c.founders)
    if new <= 0:
        return
    chosen = rng.choice(founders_pool, size=new * c.founders, replace=False)
    open_entities(e, free_slots[:new], chosen)


def open_entities(e: Economy, slots: np.ndarray, founders: np.ndarray) -> None:
    """Open entities in `slots`, each with the next ``cooperatives.founders`` founders.

    Used by founding and by a mixed economy's opening (mechanisms/mixed_start.py).
    """
    p, f, hh, agg = e.params, e.state.firms, e.state.households, e.state.agg
    hh.member_of[founders] = np.repeat(slots, p.cooperatives.founders)
    hh.employer[founders] = -1
    capacity = np.bincount(hh.member_of[founders], weights=hh.skill[founders], minlength=f.n)
    f.alive[slots] = True
    f.founded[slots] = e.t
    # A new entity starts by expecting to sell half of what its founders could make; a
    # slot's capital was sold when its last occupant exited, so it starts with none.
    f.expected[slots] = 0.5 * p.technology.productivity * capacity[slots] * (
        p.labour.standard_hours
    )
    agg.founded_total += int(slots.size)
