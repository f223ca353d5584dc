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
    e = mech.tiny("commons-partner-state", n=10, state__externality_tax=0.1)
    tech = e.params.technology
    from commonsim.mechanisms import production

    production.set_productivity(e)
    mu = e.state.firms.abatement[0]
    assert 0 < mu < 1
    assert e.state.firms.abatement == pytest.approx(np.full(e.state.firms.n, mu))
    # The chosen share minimises abatement cost plus the charge on what is not abated.
    grid = np.linspace(0.0, 1.0, 100_001)
    total = (tech.abatement_cost * grid**tech.abatement_exponent
             + 0.1 * tech.damage_intensity * (1 - grid))
    assert mu == pytest.approx(grid[np.argmin(total)], abs=1e-4)


def test_abatement_rises_with_the_price_and_is_none_unpriced():
    """Damage per unit of output follows from the price: none abated at a zero price."""
    from commonsim.mechanisms.production import chosen_abatement

    shares = [chosen_abatement(tax, 1.0, 0.074, 2.6) for tax in (0.0, 0.05, 0.13, 0.3, 5.0)]
    assert shares[0] == 0.0
    assert all(a < b for a, b in zip(shares[:-1], shares[1:], strict=True)) or shares[-1] == 1
    assert shares[-1] == 1.0
