"""Skills: deskilling under managerial hierarchy (M1.2), reskilling in the commons (M3.1).

Where production knowledge is held by a managerial-engineering layer (M1.2), line work in
proprietary firms is routine: line workers' skill decays while managers learn. Taking part
in commons-oriented production, as an entity member or as a civic contributor, is
knowledge-rich work, so it raises skill in proportion to the time given to it (M3.1).
Idleness erodes skill.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from commonsim.economy.engine import Economy

IMPLEMENTS = ("M1.2", "M3.1")

SKILL_FLOOR = 0.05


def update_skills(e: Economy) -> None:
    p, hh = e.params, e.state.households
    learn, decay = p.households.learning_rate, p.households.skill_decay
    change = np.zeros(hh.n)
    employee = hh.employer >= 0
    if p.labour.deskilling:
        change += np.where(employee & (hh.layer == 0), -decay, 0.0)
        change += np.where(employee & (hh.layer == 1), learn, 0.0)
    commons_time = np.where(hh.member_of >= 0, hh.hours_paid, 0.0) + hh.hours_civic
    change += learn * np.minimum(commons_time / p.labour.standard_hours, 1.0)
    idle = (~employee) & (hh.member_of < 0) & (hh.hours_gig <= 0) & (hh.hours_civic <= 0)
    change += np.where(idle, -decay, 0.0)
    hh.skill *= 1.0 + change
    np.maximum(hh.skill, SKILL_FLOOR, out=hh.skill)
