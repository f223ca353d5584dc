"""Tests of :mod:`commonsim.mechanisms.wages`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy import schedule
from commonsim.economy.engine import build_economy, step_period
from commonsim.mechanisms import (
    wages,
)
from commonsim.regimes import load_regime


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


def _pay_reference(employer, member_of, skill, hours, weight, rate):
    """pay_labour's split as plain NumPy (bincounts over the workers)."""
    at = np.where(employer >= 0, employer, member_of)
    has = at >= 0
    idx = np.where(has, at, 0)
    m = rate.size
    pool = np.bincount(idx[has], weights=(skill * hours * rate[idx])[has], minlength=m)
    weight_sum = np.bincount(idx[has], weights=weight[has], minlength=m)
    pay = np.where(has, pool[idx] * weight / np.maximum(weight_sum[idx], 1e-300), 0.0)
    member = member_of >= 0
    wages, coop = np.where(member, 0.0, pay), np.where(member, pay, 0.0)
    by = np.where(member, -1, at)
    paid_wages = np.bincount(by[by >= 0], weights=wages[by >= 0], minlength=m)
    by = np.where(member, at, -1)
    paid_coop = np.bincount(by[by >= 0], weights=coop[by >= 0], minlength=m)
    return wages, coop, paid_wages, paid_coop, np.bincount(idx[has], weights=pay[has],
                                                           minlength=m)


@pytest.mark.parametrize("seed", range(6))
def test_pay_kernel_equals_its_plain_reference(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 400)), int(rng.integers(1, 9))
    employer = np.where(rng.random(n) < 0.6, rng.integers(0, m, n), -1)
    member_of = np.where((employer < 0) & (rng.random(n) < 0.5), rng.integers(0, m, n), -1)
    skill, hours = rng.lognormal(0.0, 0.5, n), rng.random(n) * (rng.random(n) < 0.9)
    weight, rate = skill * hours * rng.choice([1.0, 1.5], n), rng.random(m) * 3.0
    got = wages._pay_kernel(employer, member_of, skill, hours, weight, rate)
    for actual, expected in zip(got, _pay_reference(employer, member_of, skill, hours,
                                                    weight, rate), strict=True):
        np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("preset", ["proprietary-balanced", "netarchical",
                                    "commons-partner-state"])
def test_the_pay_weights_noted_when_paying_labour_still_hold_when_firms_settle(
        preset, monkeypatch):
    """settle_firms reuses the weights pay_labour computed; no step in between may move
    skills, paid hours, jobs, layers or memberships, or the reuse would be wrong."""
    checked = []
    steps = list(schedule.SCHEDULE)
    where = [name for name, _, _ in steps].index("settle_firms")
    name, settle, on = steps[where]

    def spy(e):
        np.testing.assert_array_equal(e.period.pay_weights, wages.pay_weights(e))
        checked.append(e.t)
        settle(e)

    steps[where] = (name, spy, on)
    monkeypatch.setattr(schedule, "SCHEDULE", steps)
    e = build_economy(load_regime(preset).params, 300, 2)
    for _ in range(3):
        step_period(e)
    assert checked == [0, 1, 2]
