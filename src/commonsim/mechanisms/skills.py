"""Skills: deskilling under managerial hierarchy (M1.2), reskilling in the commons (M3.1).

Where production knowledge is held by a managerial-engineering layer (M1.2), line work in
proprietary firms is routine: each year line workers lose ``households.skill_decay`` of
their skill, and the production knowledge they lose is appropriated by the layer that
manages collective production (Braverman's separation of conception from execution), whose
employed members gain it in proportion to their skill. Knowledge moves between the classes
rather than vanishing, so deskilling widens the skill gap without shrinking the economy's
capacity. Taking part in commons-oriented production, as an entity member or as a civic
contributor, is knowledge-rich work and raises skill in proportion to the time given to it
(M3.1). Idleness erodes skill (loss of skill in unemployment).
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy

IMPLEMENTS = ("M1.2", "M3.1")

SKILL_FLOOR = 0.05


def deskilling_change(e: Economy) -> np.ndarray:
    """Skill each household gains (+) or loses (-) from managerial deskilling (M1.2).

    Equations:
        lost_i = households.skill_decay * s_i      employed line workers lose it
        gain_i = (sum_{line} lost) * s_i / sum_{managers} s   employed managers
        (no change when labour.deskilling is off)
        where s_i is household i's skill.
    """
    p, hh = e.params, e.state.households
    change = np.zeros(hh.n)
    if not p.labour.deskilling:
        return change
    employee = hh.employer >= 0
    line = employee & (hh.layer == 0)
    managers = employee & (hh.layer == 1)
    lost = p.households.skill_decay * hh.skill
    change[line] = -lost[line]
    manager_skill = float(hh.skill[managers].sum())
    if manager_skill > 0:
        change[managers] = float(lost[line].sum()) * hh.skill[managers] / manager_skill
    return change


def update_skills(e: Economy) -> None:
    """Skills change with deskilling, commons work and idleness.

    Equations:
        ds_i = deskilling_change_i
               + households.learning_rate * s_i * min((hpm_i + hc_i) / h, 1)
               - households.skill_decay * s_i * [i idle]
        s_i = max(s_i + ds_i, 0.05)
        where s_i is household i's skill, hpm_i its paid hours as an entity member (0
        otherwise), hc_i its civic hours, h = labour.standard_hours, and idle means no
        job, no membership, no task and no civic hours. 0.05 is the skill floor.
    """
    p, hh = e.params, e.state.households
    learn, decay = p.households.learning_rate, p.households.skill_decay
    change = deskilling_change(e)
    employee = hh.employer >= 0
    commons_time = np.where(hh.member_of >= 0, hh.hours_paid, 0.0) + hh.hours_civic
    change += hh.skill * learn * np.minimum(commons_time / p.labour.standard_hours, 1.0)
    idle = (~employee) & (hh.member_of < 0) & (hh.hours_gig <= 0) & (hh.hours_civic <= 0)
    change -= np.where(idle, decay * hh.skill, 0.0)
    hh.skill += change
    np.maximum(hh.skill, SKILL_FLOOR, out=hh.skill)
