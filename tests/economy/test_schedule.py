"""Tests of :mod:`commonsim.economy.schedule`."""

from __future__ import annotations

from commonsim.economy.schedule import active_steps


def test_model_two_has_no_solidarity_mechanism(mech):
    e = mech.tiny("netarchical", n=5)
    names = [name for name, _ in active_steps(e.params)]
    assert "pay_solidarity" not in names
    assert not e.params.cooperatives.phyles
