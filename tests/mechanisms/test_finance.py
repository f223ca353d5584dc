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


def test_interest_paid_is_deducted_from_disposable_income(mech) -> None:
    """SNA 2008 B.6: disposable income is after interest paid on loans (economy/income)."""
    e = mech.tiny("proprietary-weak-labour", n=4, **{"housing__enabled": False})
    hh, ledger = e.state.households, e.ledger
    ledger.lend("households", np.array([10.0, 0.0, 0.0, 0.0]))
    mech.reopen(e)
    hh.disposable[:] = 5.0
    finance.pay_interest(e)
    rate = e.params.finance.loan_rate
    received = ledger.income["interest"]
    np.testing.assert_allclose(hh.disposable, 5.0 + received - np.array([rate * 10, 0, 0, 0]))
    assert rate * 10 > 0
