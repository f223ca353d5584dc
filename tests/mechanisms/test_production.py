"""Tests of :mod:`commonsim.mechanisms.production`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    production,
)


def test_commons_is_non_rival_every_producer_gains_and_nothing_is_used_up(mech):
    e = mech.tiny("netarchical", n=50)
    e.state.agg.commons = 40.0
    production.set_productivity(e)
    f = e.state.firms
    gain = production.commons_gain(e)
    assert gain > 0
    prop = mech.proprietary(e)
    base = e.params.technology.productivity
    ip = e.params.technology.ip_productivity  # every proprietary firm uses the IP stock
    np.testing.assert_allclose(f.productivity[prop], base * (1 + ip + gain))
    f.planned[:] = 0.0
    f.planned[prop] = 5.0
    f.labour[:] = 100.0
    production.produce(e)
    assert e.state.agg.commons == 40.0
    assert (f.drawn[prop] > 0).all()



def test_pricing_damage_makes_firms_abate(mech):
    e = mech.tiny("commons-partner-state", n=10, state__externality_tax=0.4)
    tech = e.params.technology
    from commonsim.mechanisms import production

    production.set_productivity(e)
    assert e.state.firms.abatement == pytest.approx(
        np.full(e.state.firms.n, 0.4 * tech.damage_intensity / tech.abatement_cost))
