"""Tests of :mod:`commonsim.mechanisms.skills`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    skills,
)


def test_deskilling_moves_knowledge_from_line_workers_to_managers(mech) -> None:
    """M1.2: line workers' skill decays; the managerial layer gains what they lose."""
    # A ceiling well above the hand-made skills, so that the managers have room to learn.
    e = mech.employed(**{"households.skill_ceiling": 4.0})
    hh = e.state.households
    before = hh.skill.copy()
    skills.update_skills(e)
    decay = e.params.households.skill_decay
    assert decay > 0
    line = hh.layer == 0
    expected = before[line] * (1.0 - decay)
    assert np.allclose(hh.skill[line], expected)
    assert hh.skill[~line][0] > before[~line][0]
    # Knowledge moves: managers gain what line workers lose, besides their own learning.
    active, _ = skills.activity_shares(e)
    room = 1.0 - before / e.params.households.skill_ceiling
    learned = e.params.households.learning_rate * (before * room * active)[~line].sum()
    assert hh.skill.sum() == pytest.approx(before.sum() + learned)
    gap_before = before[~line].mean() / before[line].mean()
    assert hh.skill[~line].mean() / hh.skill[line].mean() > gap_before



def test_no_deskilling_without_the_institution(mech) -> None:
    """Without management's control of knowledge, line work is learning like any work."""
    e = mech.employed(**{"labour.deskilling": False})
    hh = e.state.households
    before = hh.skill.copy()
    active, routine = skills.activity_shares(e)
    assert not routine.any()
    skills.update_skills(e)
    learn, decay = e.params.households.learning_rate, e.params.households.skill_decay
    room = 1.0 - before / e.params.households.skill_ceiling
    assert np.allclose(hh.skill, before * (1 + learn * room * active - decay * (1 - active)))



def test_idle_households_lose_skill(mech) -> None:
    e = mech.employed()
    hh = e.state.households
    hh.employer[:2] = -1
    hh.hours_paid[:2] = 0.0
    before = hh.skill.copy()
    skills.update_skills(e)
    assert (hh.skill[:2] < before[:2]).all()



def test_commons_work_raises_skill_and_routine_line_work_lowers_it(mech):
    e = mech.tiny("commons-partner-state", n=4)
    hh = e.state.households
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.layer[:] = 0
    mech.make_entity(e, [0])
    hh.hours_paid[0] = e.params.labour.standard_hours
    hh.employer[1] = mech.proprietary(e)[0]
    hh.hours_paid[1] = e.params.labour.standard_hours
    hh.hours_civic[2] = 0.1
    skills.update_skills(e)
    learn, decay = e.params.households.learning_rate, e.params.households.skill_decay
    room = 1.0 - 1.0 / e.params.households.skill_ceiling
    assert hh.skill[0] == pytest.approx(1 + learn * room)
    assert hh.skill[1] == pytest.approx(1 - decay)
    civic = 0.1 / e.params.labour.standard_hours
    assert hh.skill[2] == pytest.approx(1 + learn * room * civic - decay * (1 - civic))
    assert hh.skill[3] == pytest.approx(1 - decay)


def test_one_rule_in_every_workplace(mech):
    """Same hours, same control: the same change in a firm, an entity or task work."""
    e = mech.tiny("commons-partner-state", n=4, **{"labour.deskilling": False})
    hh = e.state.households
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.layer[:] = 0
    h = e.params.labour.standard_hours
    mech.make_entity(e, [0])
    hh.hours_paid[0] = 0.5 * h
    hh.employer[1] = mech.proprietary(e)[0]
    hh.hours_paid[1] = 0.5 * h
    hh.hours_gig[2] = 0.5 * h
    skills.update_skills(e)
    assert hh.skill[0] == pytest.approx(hh.skill[1])
    assert hh.skill[1] == pytest.approx(hh.skill[2])
    learn, decay = e.params.households.learning_rate, e.params.households.skill_decay
    room = 1.0 - 1.0 / e.params.households.skill_ceiling
    assert hh.skill[0] == pytest.approx(1 + 0.5 * learn * room - 0.5 * decay)


def test_knowledge_control_is_a_parameter_of_the_workplace(mech):
    """M1.2 vs M3.1: the same line work is routine in a managed firm, learning in an entity."""
    e = mech.tiny("commons-partner-state", n=3)
    hh = e.state.households
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.layer[:] = 0
    h = e.params.labour.standard_hours
    mech.make_entity(e, [0])
    hh.hours_paid[0] = h
    hh.employer[1] = mech.proprietary(e)[0]
    hh.hours_paid[1] = h
    _, routine = skills.activity_shares(e)
    assert routine[0] == 0.0 and routine[1] == pytest.approx(1.0)


def test_learning_by_doing_approaches_the_skill_ceiling_and_stops_there(mech):
    """A bounded learning curve: full-time learning work slows as skill nears the ceiling.

    Proportional learning with no bound let a manager's skill compound for ever; with the
    headroom factor a household learning every year rises along an S-shaped path and never
    passes ``households.skill_ceiling``, and a manager fed appropriated knowledge stops there.
    """
    e = mech.tiny("commons-partner-state", n=2)
    hh = e.state.households
    mech.jobless(e)
    hh.skill[:] = 1.0
    hh.layer[:] = 0
    mech.make_entity(e, [0, 1])
    hh.hours_paid[:] = e.params.labour.standard_hours
    ceiling = e.params.households.skill_ceiling
    path = []
    for _ in range(600):
        skills.update_skills(e)
        path.append(hh.skill[0])
    gains = np.diff(path)
    assert (gains > 0).all()  # learning work always teaches something below the ceiling
    assert gains[-1] < 0.05 * gains.max()  # ... at a falling rate near it
    assert path[-1] < ceiling and path[-1] > 0.95 * ceiling
    # Skill above the ceiling (an entrant's draw, or appropriated knowledge) is cut to it.
    hh.skill[1] = 2 * ceiling
    skills.update_skills(e)
    assert hh.skill[1] == pytest.approx(ceiling)
