"""Tests of :mod:`commonsim.mechanisms.politics` (issue 19): the rule on hand-made states,
zero weights give the fixed preset exactly, and every change is recorded."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.api import simulate
from commonsim.economy.engine import build_economy
from commonsim.mechanisms.politics import (
    BY_KEY,
    CAPITAL,
    COMMONS,
    CONSTITUENCIES,
    INSTITUTIONS,
    LABOUR,
    apply_political_rule,
    next_level,
    target,
)
from commonsim.params import field_info
from commonsim.regimes import load_regime

ONLY = {LABOUR: 0.0, CAPITAL: 0.0, COMMONS: 0.0}


def test_every_institution_is_a_schema_key_with_bounds_inside_its_range() -> None:
    for inst in INSTITUTIONS:
        cls, name = field_info(inst.key)
        meta = cls.model_fields[name].metadata
        lo = next((m.ge for m in meta if hasattr(m, "ge")), None)
        hi = next((m.le for m in meta if hasattr(m, "le")), None)
        assert lo is not None and hi is not None and lo <= inst.low < inst.high <= hi
        assert 0 < inst.speed <= 1 and inst.source
        assert set(inst.raise_) | set(inst.lower) <= set(CONSTITUENCIES)
        assert not set(inst.raise_) & set(inst.lower)


def test_no_power_no_target() -> None:
    for inst in INSTITUTIONS:
        assert target(inst, ONLY) is None
        assert next_level(inst, 0.123, None) == 0.123


def test_one_dominant_constituency_moves_its_institution_to_its_bound_and_no_further() -> None:
    inst = BY_KEY["labour.bargaining"]
    power = {**ONLY, CAPITAL: 3.0}  # owners alone: they favour lowering bargaining
    level, path = 0.68, []
    for _ in range(30):
        level = next_level(inst, level, target(inst, power))
        path.append(level)
    step = inst.speed * (inst.high - inst.low)
    assert np.diff(path[:5]) == pytest.approx([-step] * 4)  # at most `speed` a year
    assert path[-1] == inst.low and min(path) == inst.low  # reaches the bound, never beyond
    # Commoners alone raise it to the upper bound.
    power = {**ONLY, COMMONS: 0.2}
    level = 0.56
    for _ in range(30):
        level = next_level(inst, level, target(inst, power))
    assert level == inst.high


def test_opposed_constituencies_meet_at_the_power_weighted_mean_of_their_bounds() -> None:
    inst = BY_KEY["state.basic_income"]
    goal = target(inst, {LABOUR: 5.0, CAPITAL: 1.0, COMMONS: 3.0})  # labour does not care
    assert goal == pytest.approx((1.0 * inst.low + 3.0 * inst.high) / 4.0)


def test_the_step_on_a_hand_made_state_moves_only_to_the_bound() -> None:
    regime = load_regime("netarchical", {"politics.enabled": True,
                                         "politics.labour_weight": 0.0,
                                         "politics.commons_weight": 0.0})
    e = build_economy(regime.params, 50, seed=3)
    e.state.households.stake[:] = 0.0
    e.state.households.stake[:5] = 0.2  # five owners hold all the positive wealth
    e.ledger.deposits["households"][:] = 0.0
    e.ledger.deposits["households"][:5] = 10.0
    e.state.households.mortgage[:] = 0.0
    e.state.households.home[:] = False
    before = e.params
    for _ in range(40):
        apply_political_rule(e)
    assert e.period.political_power[CAPITAL] > 0
    assert e.params.labour.bargaining == BY_KEY["labour.bargaining"].low
    assert e.params.state.support_to_finance == BY_KEY["state.support_to_finance"].high
    assert e.params.platforms.take_rate == BY_KEY["platforms.take_rate"].high
    assert before.labour.bargaining == regime.params.labour.bargaining  # regime not mutated
    # The last year moved nothing more: every change recorded, none left.
    assert e.period.institution_changes == {}


def test_weights_zero_give_the_fixed_preset_exactly() -> None:
    off = simulate("netarchical", households=120, years=8, seed=5, keep_matrices=False)
    zero = simulate("netarchical", households=120, years=8, seed=5, keep_matrices=False,
                    overrides={"politics.enabled": True, "politics.labour_weight": 0.0,
                               "politics.capital_weight": 0.0,
                               "politics.commons_weight": 0.0})
    assert list(off.metrics.columns) == list(zero.metrics.columns)
    np.testing.assert_array_equal(off.metrics.to_numpy(), zero.metrics.to_numpy())


def test_changes_are_recorded_every_period_and_stay_within_bounds() -> None:
    r = simulate("mixed-economy", households=150, years=10, seed=1, keep_matrices=False)
    levels = r.metrics["institution_labour_bargaining"]
    inst = BY_KEY["labour.bargaining"]
    # Year 0 is the common opening; the regime's institutions (and politics) act from year 1.
    assert levels.iloc[1] != load_regime("mixed-economy").params.labour.bargaining
    steps = np.abs(np.diff(levels.to_numpy()))
    assert steps.max() <= inst.speed * (inst.high - inst.low) + 1e-12
    assert (levels >= inst.low - 1e-12).all() and (levels <= inst.high + 1e-12).all()
    shares = r.metrics[[f"power_{c}" for c in CONSTITUENCIES]].sum(axis=1).iloc[1:]
    np.testing.assert_allclose(shares, 1.0)  # from year 1, when the political rule acts
