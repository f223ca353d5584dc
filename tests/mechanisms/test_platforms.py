"""Tests of :mod:`commonsim.mechanisms.platforms`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    platforms,
)


def test_attention_rent_goes_to_the_platform_and_sharers_get_nothing(mech):
    e = mech.tiny("netarchical", n=10, platforms__attention_rate=0.05)
    f, ledger = e.state.firms, e.ledger
    f.output[:] = 0.0
    f.output[mech.proprietary(e)] = 10.0
    before_h = ledger.deposits["households"].copy()
    before_f = ledger.deposits["firms"].copy()
    platforms.attention_rent(e)
    change = ledger.deposits["firms"] - before_f
    total = 0.05 * 10.0 * mech.proprietary(e).size
    assert change[mech.platform(e)] == pytest.approx(total)
    assert change[mech.proprietary(e)] == pytest.approx(np.full(mech.proprietary(e).size, -0.5))
    np.testing.assert_array_equal(ledger.deposits["households"], before_h)
    assert e.ledger.paid("attention_rent") == pytest.approx(total)



def test_peer_exchange_pays_providers_less_the_platform_take(mech):
    e = mech.tiny("netarchical", n=6, platforms__peer_exchange=0.1, platforms__take_rate=0.2)
    hh, ledger = e.state.households, e.ledger
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.hours_gig[0] = 1.0  # the only provider
    spending = np.full(6, 10.0)
    before = ledger.deposits["households"].copy()
    before_p = ledger.deposits["firms"][mech.platform(e)]
    left = platforms.peer_exchange(e, spending)
    np.testing.assert_allclose(left, 9.0)
    change = ledger.deposits["households"] - before
    assert change[0] == pytest.approx(0.8 * 6.0 - 1.0)  # earns 4.8, spends 1 itself
    assert change[1:] == pytest.approx(np.full(5, -1.0))
    assert ledger.deposits["firms"][mech.platform(e)] - before_p == pytest.approx(1.2)
