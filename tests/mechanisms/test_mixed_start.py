"""A mixed start opens a commons sector of the stated size, and keeps it (issue 19)."""

from __future__ import annotations

import numpy as np
import pytest

import commonsim
from commonsim import spinup
from commonsim.economy.engine import build_economy
from commonsim.economy.forms import firm_attribute
from commonsim.errors import ConfigError
from commonsim.experiments.spec import load_spec
from commonsim.mechanisms.mixed_start import check_entity_slots
from commonsim.mechanisms.production import knowledge_gains
from commonsim.regimes import load_regime
from commonsim.spinup import CACHE_ENV, CACHE_SWITCH_ENV


def _opening(share: float, households: int = 400, seed: int = 2):
    regime = load_regime("mixed-economy", {"mixed.entity_members": share})
    return build_economy(regime.params, households, seed=seed)


def test_entities_take_their_members_share_of_the_planned_output() -> None:
    common, mixed = _opening(0.0), _opening(0.3)
    p, f, hh = mixed.params, mixed.state.firms, mixed.state.households
    entity = firm_attribute(p, f, "founded_by_contributors") > 0
    producers = common.state.firms.expected > 0
    member = hh.member_of >= 0
    sigma = hh.skill[member].sum() / hh.skill.sum()
    assert 0.2 < sigma < 0.35
    # The firms that planned the whole economy's output now plan the non-members' share.
    np.testing.assert_allclose(f.expected[producers],
                               (1 - sigma) * common.state.firms.expected[producers])
    np.testing.assert_allclose(f.capital[producers],
                               (1 - sigma) * common.state.firms.capital[producers])
    # Entities plan at the same utilisation of their members' capacity, at their own
    # productivity (the knowledge their form can use), with the same capital per unit planned.
    skill = np.bincount(hh.member_of[member], weights=hh.skill[member], minlength=f.n)
    gain = 1 + knowledge_gains(mixed)[0]
    planned = common.state.firms.expected[producers]
    per_skill = planned.sum() / hh.skill.sum() / (
        (gain[producers] * planned).sum() / planned.sum())
    opened = entity & f.alive
    np.testing.assert_allclose(f.expected[opened], per_skill * gain[opened] * skill[opened])
    np.testing.assert_allclose(f.capital[opened],
                               p.technology.capital_output * f.expected[opened])


def test_members_stay_in_their_entities_through_the_first_year() -> None:
    """The defect fixed: the firms hired 344 of 600 members away in year 0 (2,000 households)."""
    r = commonsim.simulate("mixed-economy", households=500, years=2, seed=0,
                           overrides={"mixed.entity_members": 0.3, "engine.spinup_years": 0},
                           keep_matrices=False)  # the direct opening: mixed from year 0
    assert r.metrics["coop_members_share"].iloc[0] >= 0.28
    assert r.metrics["coop_output_share"].iloc[0] >= 0.15


def test_with_a_spin_up_the_mixed_sectors_open_when_the_institutions_do(
        tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "spinup"))
    monkeypatch.delenv(CACHE_SWITCH_ENV, raising=False)
    monkeypatch.setattr(spinup, "SETTLE_BOUNDS", {k: float("inf")
                                                  for k in spinup.SETTLE_BOUNDS})
    r = commonsim.simulate("mixed-economy", households=150, years=2, seed=1,
                           overrides={"engine.spinup_years": 10, "mixed.entity_members": 0.3,
                                      "mixed.commons_stock": 0.5},
                           keep_matrices=False)
    members = r.metrics["coop_members_share"]
    assert members.iloc[0] == 0.0  # year 0 is the common opening
    assert members.iloc[1] == pytest.approx(0.3, abs=0.04)
    # Opened at 0.5 per household, then one year of decay and use.
    assert r.metrics["commons_stock"].iloc[1] >= 0.8 * 0.5 * 150


def test_a_share_the_economy_cannot_seed_is_refused_before_any_work(cli, tmp_path) -> None:
    """10,000 households at 0.3 need 600 entities; 200 slots used to seed 10% silently."""
    with pytest.raises(ConfigError, match=r"^mixed\.entity_members = 0\.3: needs 600"
                       r" entities .* allowed: mixed\.entity_members <= 0\.1 at this size,"
                       r" or cooperatives\.max_entities >= 600$"):
        commonsim.simulate("mixed-economy", households=10_000, years=1,
                           overrides={"mixed.entity_members": 0.3})
    with pytest.raises(ConfigError, match="households without an ownership stake"):
        commonsim.simulate("mixed-economy", households=100, years=1,
                           overrides={"mixed.entity_members": 0.85,
                                      "households.owner_share": 0.3,  # 70 non-owners
                                      "cooperatives.max_entities": 1000})
    store = tmp_path / "s.duckdb"
    result = cli("run", "mixed-economy", "--households", 10_000, "--years", 1,
                 "--set", "mixed.entity_members=0.3", "--store", store)
    assert result.exit_code == 2 and "cooperatives.max_entities >= 600" in result.output
    assert not store.exists()
    # At a size with room the same share is accepted (and seeded in full: see above).
    check_entity_slots(load_regime("mixed-economy", {"mixed.entity_members": 0.3}).params,
                       2_000)


def test_an_experiment_with_a_share_it_cannot_seed_is_refused(tmp_path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('name = "t"\nregimes = ["mixed-economy"]\nhouseholds = 10000\n'
                    'years = 2\n[design]\nkind = "factorial"\n'
                    '[parameters."mixed.entity_members"]\nlevels = [0.1, 0.3]\n')
    with pytest.raises(ConfigError, match=r"parameters\.mixed\.entity_members: mixed\."
                       r"entity_members = 0\.3: needs 600"):
        load_spec(path)
