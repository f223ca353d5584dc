"""Commons-oriented market entities: founding, mutual insurance and failure (M2.4, M3.2, M3.3).

Civic contributors found cooperative entities (M3.2) at a behavioural rate shared by every
regime where such entities exist; the founders (employed or not) become members. An entity
that ends a period overdrawn is first helped by its phyle's mutual insurance (M3.3), then by
bank credit where the regime gives commons entities credit or its phyle backs it (on firms'
terms, so it fails by the firms' rule); otherwise it fails and its debt is written off
(M2.4). Proprietary firms fail when their net debt exceeds their capital plus a year of
expected sales; a failed proprietary firm is replaced by a new one (its debt written off),
so their number stays fixed. Failures are counted per firm-year by form.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.state import COMMONS_ENTITY, PROPRIETARY
from commonsim.mechanisms import phyles

IMPLEMENTS = ("M2.4", "M3.2", "M3.3")


def fail_insolvent(e: Economy) -> None:
    """Insolvent firms and entities fail (after the phyle's insurance helps, in its step).

    Equations:
        beyond_j = (L_j - D_j > K_j + max(Xe_j, 0))
        an entity fails if D_j < 0 and (beyond_j where cooperatives.credit is on or the
            entity is a member of the phyle, which backs its credit)
        a proprietary firm fails if beyond_j (it is restarted: its slot stays live)
        on failure: the overdraft max(-D_j, 0) is lent, then all of L_j is written off;
            failed entities close (Xe_j = 0) and release their members
        where D_j, L_j, K_j, Xe_j are firm j's deposits, loans, capital and expected sales.
        Failures and firm-years are counted by legal form.
    """
    p, f, hh, ledger, agg = e.params, e.state.firms, e.state.households, e.ledger, e.state.agg
    deposits = ledger.deposits["firms"]
    entity = f.alive & (f.form == COMMONS_ENTITY)
    overdrawn = entity & (deposits < 0)
    # With credit on the same terms as firms, an entity fails by the firms' rule: when its
    # net debt exceeds its capital plus a year of expected sales. Without credit, any
    # overdraft it cannot cover is a failure (M2.4).
    net_debt = ledger.loans["firms"] - deposits
    beyond = net_debt > f.capital + np.maximum(f.expected, 0.0)
    # A phyle backs its members' credit (M3.3) as the regime's credit rule would.
    credit = p.cooperatives.credit | phyles.backed_by_phyle(e)
    failing = overdrawn & np.where(credit, beyond, True)
    proprietary = f.alive & (f.form == PROPRIETARY)
    broke = proprietary & beyond
    agg.firm_years[PROPRIETARY] += int(proprietary.sum())
    agg.firm_years[COMMONS_ENTITY] += int(entity.sum())
    agg.failures[PROPRIETARY] += int(broke.sum())
    agg.failures[COMMONS_ENTITY] += int(failing.sum())
    e.period.failures_entities = float(failing.sum())
    e.period.failures_proprietary = float(broke.sum())
    down = failing | broke
    if down.any():
        # Overdrafts become loans, and the defaulted loans are written off.
        short = np.where(down, np.maximum(-deposits, 0.0), 0.0)
        ledger.lend("firms", short)
        ledger.write_off("firms", np.where(down, ledger.loans["firms"], 0.0))
    if failing.any():
        f.alive[failing] = False
        f.expected[failing] = 0.0
        gone = failing[np.maximum(hh.member_of, 0)] & (hh.member_of >= 0)
        hh.member_of[gone] = -1


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
    p, f, hh, agg = e.params, e.state.firms, e.state.households, e.state.agg
    c = p.cooperatives
    free_slots = np.flatnonzero(~f.alive & (f.form == COMMONS_ENTITY))
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
    slots = free_slots[:new]
    hh.member_of[chosen] = np.repeat(slots, c.founders)
    hh.employer[chosen] = -1
    capacity = np.bincount(hh.member_of[chosen], weights=hh.skill[chosen], minlength=f.n)
    f.alive[slots] = True
    f.founded[slots] = e.t
    # A new entity starts by expecting to sell half of what its founders could make.
    f.expected[slots] = 0.5 * p.technology.productivity * capacity[slots] * (
        p.labour.standard_hours
    )
    f.capital[slots] = 0.0
    agg.founded_total += new
