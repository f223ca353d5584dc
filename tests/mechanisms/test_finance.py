"""Tests of :mod:`commonsim.mechanisms.finance`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import finance


def test_debt_above_the_credit_limit_is_written_off_to_the_limit(mech) -> None:
    """M1.6: debt a household cannot carry is written off by the bank, down to its limit."""
    e = mech.employed(**{"finance.credit_limit": 2.0, "housing.enabled": False})
    hh, ledger = e.state.households, e.ledger
    hh.disposable[:] = 1.0
    ledger.lend("households", np.array([0.5, 2.0, 3.0, 5.0, 0.0, 0.0]))
    finance.default_households(e)
    assert np.allclose(ledger.loans["households"], [0.5, 2.0, 2.0, 2.0, 0.0, 0.0])
    assert e.ledger.written_off("households") == pytest.approx(4.0)
    assert ledger.flows["loan_writeoff"][0] == pytest.approx(4.0)
    assert ledger.flows["loan_writeoff"][2] == pytest.approx(-4.0)
