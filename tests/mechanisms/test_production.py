"""Tests of :mod:`commonsim.mechanisms.production`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    production,
)


def test_commons_is_non_rival_every_producer_gains_and_nothing_is_used_up(mech):
    e = mech.tiny("netarchical", n=50)
    f = e.state.firms
    prop = mech.proprietary(e)
    base = e.params.technology.productivity
    production.set_productivity(e)
    closed = f.productivity[prop].copy()
    e.state.agg.commons = 40.0
    production.set_productivity(e)
    assert (f.productivity[prop] > closed).all()
    with_commons = production.knowledge_gains(e)[0]
    np.testing.assert_allclose(f.productivity[prop], base * (1 + with_commons[prop]))
    f.planned[:] = 0.0
    f.planned[prop] = 5.0
    f.labour[:] = 100.0
    production.produce(e)
    assert e.state.agg.commons == 40.0
    assert (f.drawn[prop] > 0).all()
    # What is drawn is the output that would be lost without the commons.
    share = 1 - closed / f.productivity[prop]
    np.testing.assert_allclose(f.drawn[prop], f.output[prop] * share)


def _equal_stocks(mech, **overrides):
    """An economy with IP and a commons whose stock (in output) equals the proprietary one."""
    e = mech.tiny("commons-partner-state", n=40, **overrides)
    slot = mech.make_entity(e, [0])
    public, proprietary, _ = production.knowledge_stocks(e)
    e.state.agg.commons = proprietary / e.params.technology.productivity
    return e, slot, public, proprietary


def test_equal_stocks_with_equal_access_give_equal_gain_whatever_the_form(mech):
    """One rule for knowledge: a commons the size of the proprietary stock gives the entity
    that uses it the same gain as the proprietary stock gives a firm that uses only it."""
    e, slot, public, proprietary = _equal_stocks(mech)
    prop = mech.proprietary(e)
    gain, without = production.knowledge_gains(e)
    # The entity uses the public stock and the commons; a firm without the commons uses
    # the public stock and the proprietary stock: equal amounts, equal gains.
    assert gain[slot] == pytest.approx(without[prop[0]])
    eta = e.params.technology.knowledge_elasticity
    assert gain[slot] == pytest.approx(((public + proprietary) / public) ** eta - 1)
    assert gain[slot] > 0
    # The proprietary firm uses both, and gains more than either alone gives.
    assert (gain[prop] > gain[slot]).all()


def test_ip_off_moves_access_not_the_rule(mech):
    """Without IP the proprietary stock is open to every producer: the entity's gain
    becomes the proprietary firm's, which does not change."""
    on, slot, _, _ = _equal_stocks(mech)
    off, _, _, _ = _equal_stocks(mech, ip__enabled=False)
    prop = mech.proprietary(on)
    gain_on = production.knowledge_gains(on)[0]
    gain_off = production.knowledge_gains(off)[0]
    assert gain_off[slot] > gain_on[slot]
    assert gain_off[slot] == pytest.approx(gain_on[prop[0]])
    np.testing.assert_allclose(gain_off[prop], gain_on[prop])
    # The same usable stock gives the same gain under either institution.
    usable_on = production.usable_knowledge(on)[0]
    usable_off = production.usable_knowledge(off)[0]
    assert usable_off[slot] == pytest.approx(usable_on[prop[0]])


def test_knowledge_elasticity_is_the_output_elasticity_of_the_stock():
    """d ln(1 + g) / d ln k = eta at every stock (Griliches' knowledge-capital model)."""
    eta, public = 0.08, 0.05
    for k in (0.05, 0.2, 1.0, 5.0):
        up, down = production.knowledge_gain(np.array([k * 1.001, k / 1.001]), public, eta)
        slope = (np.log1p(up) - np.log1p(down)) / (2 * np.log(1.001))
        assert slope == pytest.approx(eta, rel=1e-6)
    assert production.knowledge_gain(public, public, eta) == pytest.approx(0.0)


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
