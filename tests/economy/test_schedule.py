"""Tests of :mod:`commonsim.economy.schedule`."""

from __future__ import annotations

import numpy as np

from commonsim.economy.engine import step_period
from commonsim.economy.period import PeriodRecord
from commonsim.economy.schedule import active_steps, begin_period


def test_model_two_has_no_solidarity_mechanism(mech):
    e = mech.tiny("netarchical", n=5)
    names = [name for name, _ in active_steps(e.params)]
    assert "pay_solidarity" not in names
    assert not e.params.cooperatives.phyles


def test_begin_period_notes_what_the_array_expressions_give(mech):
    """The one-pass opening of the households equals the NumPy expressions it replaced."""
    e = mech.tiny("commons-partner-state", n=400)
    for _ in range(3):
        step_period(e)
    hh, ledger, price = e.state.households, e.ledger, e.state.agg.house_price
    deposits, loans = ledger.deposits["households"], ledger.loans["households"]
    expected = {
        "previous": hh.disposable.copy(),
        "wealth": deposits - loans,
        "mortgage_open": hh.mortgage.copy(),
        "home_equity_open": price * hh.home - hh.mortgage,
        "deposits_open": deposits.copy(),
        "loans_open": loans.copy(),
    }
    homes_open = price * float(hh.home.sum())
    assert hh.home.any() and hh.mortgage.any() and hh.disposable.any()
    ledger.open_period()
    e.period = PeriodRecord()
    begin_period(e)
    rec = e.period
    got = {
        "previous": hh.previous_disposable,
        "wealth": hh.opening_wealth,
        "mortgage_open": rec.mortgage_open,
        "home_equity_open": rec.home_equity_open,
        "deposits_open": rec.deposits_open["households"],
        "loans_open": rec.loans_open["households"],
    }
    for name, values in expected.items():
        assert got[name].view(np.uint64).tolist() == values.view(np.uint64).tolist(), name
    assert rec.homes_open == homes_open
    for zeroed in (hh.disposable, hh.taxes, hh.debt_service, hh.borrowed):
        assert not zeroed.any()
    assert rec.deposits_open["households"] is not deposits  # a copy, not the account
