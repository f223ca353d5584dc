"""Tests of :mod:`commonsim.mechanisms.wages`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    wages,
)


def test_wages_split_by_skill_with_managers_premium(mech) -> None:
    """M1.2/M1.4: the pay pool is the bargained share of value; managers get a premium."""
    e = mech.employed()
    p, hh = e.params, e.state.households
    wages.pay_labour(e)
    paid = e.ledger.income["wages"]
    pool = p.labour.bargaining * 1.2 * hh.skill.sum()
    assert paid.sum() == pytest.approx(pool)
    per_skill = paid / hh.skill
    # Line workers are paid alike per unit of skill; the manager earns the premium on top.
    assert np.allclose(per_skill[:-1], per_skill[0])
    assert per_skill[-1] / per_skill[0] == pytest.approx(1.0 + p.labour.manager_premium)
    # The money came out of the employer's deposits, through the ledger.
    assert e.ledger.deposits["firms"][0] == pytest.approx(-pool)



def test_platform_keeps_take_rate_of_task_payments(mech):
    e = mech.tiny("netarchical", n=10, platforms__take_rate=0.25)
    hh, f, ledger = e.state.households, e.state.firms, e.ledger
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.hours_gig[[0, 1]] = [1.0, 0.5]
    firm = mech.proprietary(e)[0]
    f.productivity[:] = 2.0
    need = np.zeros(f.n)
    need[firm] = 1.5
    e.period.gig_need = need
    e.period.gig_served = 1.5
    before_h = ledger.deposits["households"].copy()
    before_f = ledger.deposits["firms"].copy()
    wages.pay_labour(e)
    gross = e.params.labour.bargaining * 2.0 * 1.5
    received = ledger.deposits["households"] - before_h
    assert received[0] == pytest.approx(0.75 * gross * 1.0 / 1.5)
    assert received[1] == pytest.approx(0.75 * gross * 0.5 / 1.5)
    assert received[2:].sum() == pytest.approx(0.0)
    paid = ledger.deposits["firms"] - before_f
    assert paid[firm] == pytest.approx(-gross)
    assert paid[mech.platform(e)] == pytest.approx(0.25 * gross)



def test_cooperative_pay_ratio_is_bounded(mech):
    e = mech.tiny("commons-partner-state", n=6, cooperatives__pay_ratio=3.0)
    hh = e.state.households
    mech.jobless(e)
    mech.make_entity(e, [0, 1, 2])
    hh.skill[:3] = [1.0, 2.0, 10.0]
    hh.hours_paid[:3] = 1.0
    w = wages.pay_weights(e)[:3]
    assert w.max() / w.min() == pytest.approx(3.0)
    assert w[1] == pytest.approx(2.0)  # within the bound, pay follows skill



def test_member_pay_ratio_holds_in_money_paid(mech):
    e = mech.tiny("commons-partner-state", n=6, cooperatives__pay_ratio=2.0)
    hh, f = e.state.households, e.state.firms
    mech.jobless(e)
    slot = mech.make_entity(e, [0, 1])
    hh.skill[:2] = [1.0, 5.0]
    hh.hours_paid[:2] = 1.0
    f.productivity[:] = 1.0
    e.period.gig_need = np.zeros(f.n)
    e.period.gig_served = 0.0
    wages.pay_labour(e)
    pay = e.ledger.income["coop_pay"][:2]
    assert pay[1] / pay[0] == pytest.approx(2.0)
    assert pay.sum() == pytest.approx(e.params.labour.bargaining * 6.0)
    assert f.wage_bill[slot] == pytest.approx(pay.sum())
