"""Tests of :mod:`commonsim.mechanisms.time_use`: one time rule for every household."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import time_use


def setup(mech, n: int = 4, **overrides):
    """A tiny economy with a commons, nobody at work and a median income of 10."""
    e = mech.tiny("netarchical", n=n, **overrides)
    mech.jobless(e)
    e.state.agg.median_income = 10.0
    e.state.households.previous_disposable[:] = 10.0
    e.ledger.deposits["forbenefit"][0] = 0.0
    return e


def test_civic_time_follows_the_rule_for_every_household(mech):
    e = setup(mech, households__volunteer_share=0.3, households__civic_time_elasticity=0.5,
              households__civic_propensity=0.1, households__leisure=0.8)
    hh = e.state.households
    hh.hours_paid[:] = [1.0, 0.5, 0.0, 0.0]
    hh.previous_disposable[:] = [10.0, 10.0, 10.0, 5.0]
    hh.civic_taste[:] = [0.29, 0.3 * 1.625**0.5 - 0.01, 0.3 * 2.25**0.5 - 0.01,
                         0.3 * 0.5 * 2.25**0.5 + 0.01]
    time_use.allot_time(e)
    free = np.array([0.8, 1.3, 1.8, 1.8])
    q = 0.3 * np.array([1.0, 1.0, 1.0, 0.5]) * (free / 0.8) ** 0.5
    assert (hh.civic_taste[:3] < q[:3]).all() and hh.civic_taste[3] > q[3]
    np.testing.assert_allclose(hh.hours_civic, [0.08, 0.13, 0.18, 0.0])
    assert hh.hours_commons.sum() == 0.0


def test_a_basic_income_draws_in_insecure_households(mech):
    """M3.11: more income security (a basic income) raises civic participation."""
    e = setup(mech, n=400, households__volunteer_share=0.28)
    hh = e.state.households
    hh.civic_taste[:] = np.linspace(0.0, 1.0, 400, endpoint=False)
    hh.previous_disposable[:] = 4.0  # insecure: 40% of the median
    time_use.allot_time(e)
    before = (hh.hours_civic > 0).mean()
    hh.previous_disposable[:] = 4.0 + 2.5  # the same households with a basic income
    e.state.agg.median_income = 10.0 + 2.5
    time_use.allot_time(e)
    after = (hh.hours_civic > 0).mean()
    assert after > before * 1.2  # security 0.4 -> 0.52
    q = time_use.participation_rate(e, np.full(400, 1.8))
    assert after == pytest.approx(q[0], abs=1 / 400)


def test_shorter_hours_leave_more_civic_time(mech):
    """M3.11: with a shorter standard job the same workers give more time, more of them."""
    e = setup(mech, n=400)
    hh = e.state.households
    hh.civic_taste[:] = np.linspace(0.0, 1.0, 400, endpoint=False)
    hh.hours_paid[:] = 1.0
    time_use.allot_time(e)
    full = hh.hours_civic.copy()
    hh.hours_paid[:] = 0.8
    time_use.allot_time(e)
    assert (hh.hours_civic > 0).sum() > (full > 0).sum()
    assert hh.hours_civic.sum() > full.sum() * 1.25


def test_calibrated_rates_match_the_volunteering_survey(mech):
    """Defaults reproduce BLS 2010: half-time workers take part 33/28 as often as full-time."""
    e = setup(mech, n=1)
    secure = time_use.participation_rate(e, np.array([0.8, 1.3]))
    assert secure[0] == pytest.approx(0.306)
    assert secure[1] / secure[0] == pytest.approx(33 / 28, abs=0.005)


def test_no_commons_no_civic_time(mech):
    e = mech.tiny("proprietary-balanced", n=4)
    e.state.households.civic_taste[:] = 0.0
    e.state.households.hours_civic[:] = 1.0
    time_use.allot_time(e)
    assert e.state.households.hours_civic.sum() == 0.0


def test_conditional_income_gives_less_security_than_the_same_money_unconditionally(mech):
    """M3.11: a benefit tied to seeking work counts short; a basic income counts in full."""
    e = setup(mech, n=3, households__conditional_discount=0.5)
    hh = e.state.households
    hh.previous_disposable[:] = [5.0, 5.0, 5.0 + 2.0]
    hh.previous_conditional[:] = [0.0, 4.0, 4.0]  # the second and third live on benefits
    np.testing.assert_allclose(time_use.civic_security(e), [0.5, 0.3, 0.5])


def test_the_time_inputs_are_noted_from_the_books(mech):
    e = mech.tiny("netarchical", n=3)
    pay = np.array([1.0, 0.0, 2.0])
    e.ledger.income["benefits"][:] = pay
    e.ledger.income["piece"][:] = [0.5, 0.0, 0.0]
    e.ledger.income["wages"][:] = 7.0
    time_use.note_income_sources(e)
    np.testing.assert_allclose(e.state.households.previous_conditional, [1.5, 0.0, 2.0])


def test_security_is_numpys_clip_of_counted_income(mech):
    e = setup(mech, n=9, households__conditional_discount=0.5)
    hh = e.state.households
    hh.previous_disposable[:] = [-0.0, np.nan, 20.0, -10.0, 5.0, 10.0, 0.0, np.inf, -np.inf]
    hh.previous_conditional[:] = [0.0, 0.0, 4.0, 1.0, 3.0, 0.0, 0.0, 0.0, 0.0]
    e.state.agg.median_income = 10.0
    counted = hh.previous_disposable - 0.5 * hh.previous_conditional
    expected = np.clip(counted / 10.0, 0.0, 1.0)
    np.testing.assert_array_equal(time_use.civic_security(e), expected)
    np.testing.assert_array_equal(np.signbit(time_use.civic_security(e)), np.signbit(expected))
