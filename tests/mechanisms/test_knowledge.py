"""Tests of :mod:`commonsim.mechanisms.knowledge`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    commons,
    knowledge,
)


def test_ip_rent_paid_by_non_owners_to_owners(mech) -> None:
    """M1.3: firms that do not own the knowledge stock pay rent to those that do."""
    e = mech.employed()
    f, p = e.state.firms, e.params
    f.output[:] = 0.0
    prop = np.flatnonzero(f.form == 0)
    f.output[prop] = np.arange(1, prop.size + 1, dtype=float)
    owners = f.ip_owner & (f.form == 0)
    assert owners.any() and (~owners[prop]).any()
    knowledge.knowledge_rent(e)
    dep = e.ledger.deposits["firms"]
    payers = prop[~owners[prop]]
    assert np.allclose(dep[payers], -p.ip.rent_rate * f.output[payers])
    received = dep[owners]
    assert (received > 0).all()
    assert received.sum() == pytest.approx(p.ip.rent_rate * f.output[payers].sum())
    # Owners receive in proportion to their output.
    assert np.allclose(received / f.output[owners], received[0] / f.output[owners][0])



def test_commons_levy_is_charged_on_value_drawn_by_for_profits(mech):
    e = mech.tiny("commons-partner-state", n=10, state__commons_levy=0.3, ip__enabled=False)
    f, ledger = e.state.firms, e.ledger
    slot = mech.make_entity(e, [0])
    f.drawn[:] = 0.0
    f.drawn[mech.proprietary(e)[0]] = 10.0
    f.drawn[slot] = 10.0  # commons-oriented entities pay no levy
    fb0 = ledger.deposits["forbenefit"][0]
    knowledge.knowledge_rent(e)
    assert ledger.deposits["forbenefit"][0] - fb0 == pytest.approx(3.0)
    assert commons.forbenefit_funding(e)[0] == pytest.approx(3.0)
