"""Tests of :mod:`commonsim.mechanisms.labour`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.economy.state import CIVIC, COMMONS_ENTITY, GIG, UNEMPLOYED
from commonsim.mechanisms import labour


def test_crowdsourcing_splits_labour_demand_and_task_work_is_rationed(mech):
    e = mech.tiny("netarchical", n=40, seed=3, platforms__crowdsourcing=0.25,
             commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    firm = mech.proprietary(e)[0]
    f.planned[firm] = 20.0  # 15 jobs, 5 task-hours
    mech.allocate_labour(e)
    assert (hh.employer >= 0).sum() == 15
    assert e.period.gig_need[firm] == pytest.approx(5.0)
    gig = hh.hours_gig > 0
    # Tasks go to five job seekers in full loads, not in slivers to all twenty-five.
    assert gig.sum() == 5
    assert hh.hours_gig[gig] == pytest.approx(np.full(5, e.params.labour.standard_hours))
    assert (hh.status[gig] == GIG).all()
    rest = (hh.employer < 0) & ~gig
    assert set(np.unique(hh.status[rest])) <= {UNEMPLOYED, CIVIC}
    assert f.labour[firm] == pytest.approx(20.0)



def test_task_work_goes_first_to_those_under_income_pressure(mech):
    e = mech.tiny("netarchical", n=30, seed=1, platforms__crowdsourcing=1.0,
                  commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    f.planned[mech.proprietary(e)[0]] = 10.0
    e.state.agg.mean_income = 1.0
    hh.previous_disposable[:] = 5.0
    poor = np.arange(0, 30, 3)  # ten households whose last income fell short of needs
    hh.previous_disposable[poor] = 0.1
    mech.allocate_labour(e)
    assert set(np.flatnonzero(hh.hours_gig > 0)) == set(poor)



def test_firms_finance_commons_work_from_their_labour_demand(mech):
    e = mech.tiny("netarchical", n=40, commons__firm_funded=0.1, platforms__crowdsourcing=0.0)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    firm = mech.proprietary(e)[0]
    f.planned[firm] = 10.0
    mech.allocate_labour(e)
    assert f.commons_labour[firm] == pytest.approx(1.0)
    assert (hh.employer == firm).sum() == 11  # paid for production and commons work
    assert f.labour[firm] == pytest.approx(10.0)



def test_entities_share_work_among_members_and_recruit_when_short(mech):
    e = mech.tiny("commons-partner-state", n=20, platforms__crowdsourcing=0.0,
             commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    h = e.params.labour.standard_hours
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    slot = mech.make_entity(e, [0, 1, 2, 3])
    f.planned[slot] = 2.0 * h  # half of what four members could do
    mech.allocate_labour(e)
    np.testing.assert_allclose(hh.hours_paid[:4], 0.5 * h)
    assert (hh.member_of == slot).sum() == 4
    f.planned[slot] = 6.0 * h  # more than they can do: two recruits
    mech.allocate_labour(e)
    assert (hh.member_of == slot).sum() == 6
    assert f.labour[slot] == pytest.approx(6.0 * h)
    assert (f.form[hh.member_of[hh.member_of >= 0]] == COMMONS_ENTITY).all()


def test_underemployed_members_search_like_everyone_and_may_leave(mech):
    """Membership is left by the job-search rule everyone follows (one hiring queue)."""
    e = mech.tiny("commons-partner-state", n=20, platforms__crowdsourcing=0.0,
                  commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    h = e.params.labour.standard_hours
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    members = list(hh.queue[:4])  # the four best placed in the hiring queue
    slot = mech.make_entity(e, members)
    firm = mech.proprietary(e)[0]
    f.planned[slot] = 4.0 * h  # a full load for every member: nobody searches
    f.planned[firm] = 2.0 * h
    mech.allocate_labour(e)
    assert (hh.member_of == slot).sum() == 4
    assert e.period.members_left == 0
    f.planned[slot] = 2.0 * h  # half a load each: they search, and are first in the queue
    mech.allocate_labour(e)
    assert e.period.members_left == 2
    assert (hh.employer[members] == firm).sum() == 2
    assert (hh.member_of == slot).sum() == 2
    np.testing.assert_allclose(hh.hours_paid[hh.member_of == slot], h)


def test_every_firm_gets_the_labour_it_asked_for_from_the_queue() -> None:
    # Households of 0.6 effective labour-years each; three firms want 1.0 each. Cutting
    # one queue at the cumulative demands would give the household straddling 1.0 wholly
    # to the first firm (1.2) and leave the last with 0.6; each firm must get exactly 1.0,
    # its last hire working part of the year.
    capacity = np.full(10, 0.6)
    queue = np.arange(10)
    demand = np.array([1.0, 0.0, 1.0, 1.0])
    chosen, firm, share = labour.fill_queue(capacity, queue, demand)
    got = np.bincount(firm, weights=capacity[chosen] * share, minlength=demand.size)
    assert got == pytest.approx(demand)
    assert chosen.size == np.unique(chosen).size  # one employer each
    assert share.max() <= 1.0 and share.min() > 0.0
    # Rounding dust in a firm's demand hires no one.
    _, firm, _ = labour.fill_queue(capacity, queue, np.array([1.2, 1e-14, 0.6]))
    assert 1 not in firm
    # A queue too short fills firms in order and leaves the rest of the demand unmet (the
    # first firm's part-time hire has one employer: its spare 0.2 is not split off).
    chosen, firm, share = labour.fill_queue(capacity, queue[:3], demand)
    got = np.bincount(firm, weights=capacity[chosen] * share, minlength=demand.size)
    assert got == pytest.approx([1.0, 0.0, 0.6, 0.0])


def test_task_work_arises_from_every_employer_wherever_a_platform_exists(mech):
    """M2.3: the same crowdsourcing share for a firm and an entity; none without a platform."""
    e = mech.tiny("commons-partner-state", n=30, platforms__crowdsourcing=0.25,
                  commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    h = e.params.labour.standard_hours
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    firm = mech.proprietary(e)[0]
    slot = mech.make_entity(e, [0, 1, 2, 3])
    f.planned[firm] = 4.0 * h
    f.planned[slot] = 4.0 * h
    mech.allocate_labour(e)
    assert e.period.gig_need[firm] == pytest.approx(1.0 * h)
    assert e.period.gig_need[slot] == pytest.approx(1.0 * h)
    # The rest is done by the employers' own staff (members, who may also take jobs by the
    # one job-search rule, so their hours are not checked here).
    assert f.labour[slot] == pytest.approx(4.0 * h)
    assert (hh.hours_gig > 0).sum() == 2
    off = mech.tiny("commons-partner-state", n=30, platforms__enabled=False,
                    platforms__crowdsourcing=0.25, commons__firm_funded=0.0)
    off.state.firms.productivity[:] = 1.0
    off.state.firms.planned[:] = 0.0
    off.state.firms.planned[mech.proprietary(off)[0]] = 4.0 * h
    mech.allocate_labour(off)
    assert off.period.gig_need.sum() == 0.0


def test_task_work_nobody_can_supply_is_done_by_the_employers_own_staff(mech):
    """With every household a member, no one is left for tasks: members do all the work."""
    e = mech.tiny("commons-partner-state", n=4, platforms__crowdsourcing=0.25,
                  commons__firm_funded=0.0)
    hh, f = e.state.households, e.state.firms
    h = e.params.labour.standard_hours
    hh.skill[:] = 1.0
    f.productivity[:] = 1.0
    f.planned[:] = 0.0
    slot = mech.make_entity(e, [0, 1, 2, 3])
    f.planned[slot] = 2.0 * h
    mech.allocate_labour(e)
    assert e.period.gig_need.sum() == 0.0
    np.testing.assert_allclose(hh.hours_paid, 0.5 * h)
    assert f.labour[slot] == pytest.approx(2.0 * h)


def _fill_queue_reference(capacity, queue, demand):
    """fill_queue as plain NumPy: one cumulative sum, a search per firm."""
    cap = capacity[queue]
    empty = np.zeros(0, dtype=np.int64)
    if float(demand.sum()) <= 0 or queue.size == 0:
        return empty, empty, np.zeros(0)
    cum = np.cumsum(cap)
    chosen, firms, shares = [empty], [empty], [np.zeros(0)]
    begin = 0
    for j in np.flatnonzero(demand > 1e-9 * float(demand.sum())):
        if begin >= queue.size:
            break
        before = cum[begin - 1] if begin > 0 else 0.0
        end = int(np.searchsorted(cum, before + demand[j] * (1.0 - 1e-9), side="left"))
        end = min(end, queue.size - 1)
        if end < begin:
            continue
        share = np.ones(end + 1 - begin)
        last = cap[end]
        share[-1] = min((before + demand[j] - (cum[end] - last)) / last, 1.0) if last > 0 else 0.0
        chosen.append(queue[begin:end + 1])
        firms.append(np.full(share.size, j, dtype=np.int64))
        shares.append(share)
        begin = end + 1
    return np.concatenate(chosen), np.concatenate(firms), np.concatenate(shares)


@pytest.mark.parametrize("seed", range(8))
def test_fill_queue_equals_its_plain_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 200))
    capacity = rng.choice([0.0, 0.5, 1.0, 1.3], n) * rng.integers(0, 2, n)
    queue = rng.permutation(n)[: int(rng.integers(0, n + 1))]
    demand = rng.random(int(rng.integers(1, 12))) * rng.choice([0.0, 1e-14, 1.0, 30.0], 1)
    demand[rng.random(demand.size) < 0.3] = 0.0
    got = labour.fill_queue(capacity, queue, demand)
    for actual, expected in zip(got, _fill_queue_reference(capacity, queue, demand),
                                strict=True):
        np.testing.assert_array_equal(actual, expected)


@pytest.mark.parametrize("seed", range(6))
def test_task_order_is_the_lexsort_of_security_then_luck(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 500))
    secure = rng.random(n) < 0.4
    luck = rng.integers(0, 20, n) / 20.0  # ties in luck, within and across groups
    capacity = rng.choice([0.0, 0.5, 1.0], n)
    # Asked for more than all can give: the whole order.
    np.testing.assert_array_equal(labour._task_order(secure, luck, capacity, np.inf),
                                  np.lexsort((luck, secure)))


@pytest.mark.parametrize("seed", range(12))
def test_task_order_is_cut_where_the_need_is_covered_and_fills_the_same(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3_000))
    secure = rng.random(n) < rng.choice([0.0, 0.4, 1.0])
    luck = rng.choice([rng.integers(0, 50, n) / 50.0, rng.random(n)])  # with and without ties
    capacity = rng.choice([0.0, 0.4, 1.0, 1.3], n)
    need = float(rng.choice([0.01, 0.3, 0.9, 1.5])) * float(capacity.sum())
    full = np.lexsort((luck, secure))
    front = labour._task_order(secure, luck, capacity, need)
    np.testing.assert_array_equal(front, full[: front.size])  # a start of the full order
    for cut, whole in zip(labour.fill_queue(capacity, front, np.array([need])),
                          labour.fill_queue(capacity, full, np.array([need])), strict=True):
        np.testing.assert_array_equal(cut, whole)
    if need < 0.5 * float(capacity.sum()) and n > 1_000:
        assert front.size < n  # the rest was not sorted
