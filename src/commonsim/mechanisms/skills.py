"""Skills: one rule for every worker in every activity (M1.2, M3.1).

Every household learns by doing and loses skill when idle, by the same rule wherever it
works (a firm, an entity, task work through a platform, civic contribution). What differs
between workplaces is one institutional parameter, the *knowledge control* of the
workplace (:mod:`commonsim.economy.forms`): the share of line work that management has made
routine by separating conception from execution (M1.2, Braverman 1974). Routine work
teaches nothing and wears skill away, and the production knowledge line workers lose is
appropriated by the employed managerial-engineering layer, in proportion to its skill and
to its workplaces' control, so knowledge moves between the classes instead of vanishing.
Where knowledge is open (commons work, commons-oriented entities: M3.1) control is zero and
all work is learning. Managers hold the knowledge, so none of their work is routine.

Learning follows a bounded learning curve: the gain from a year of learning work is
proportional to skill and to the headroom left below a ceiling (``households.skill_ceiling``),
so skill approaches the ceiling along an S-shaped path instead of growing exponentially for
ever (learning curves flatten towards an asymptote: Heathcote, Brown & Mewhort 2000; wages
rise with experience at a falling rate, Mincer 1974). Unbounded growth let managers' skill
compound without end (113 times line workers' in 1b after a century), so ever fewer people
covered the labour firms needed. Knowledge appropriated from line work goes to managers in
proportion to their skill, control and headroom; what would lift a manager above the ceiling
is lost, as no one can hold more.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.economy.halves import over_halves

IMPLEMENTS = ("M1.2", "M3.1")

SKILL_FLOOR = 0.05


def activity_shares(e: Economy) -> tuple[np.ndarray, np.ndarray]:
    """Each household's active share of a standard year and the routine share of it.

    Paid work counts at its workplace's knowledge control, task work at the platform's
    (tasks are cut up by the platform's management), civic work at zero (open knowledge).
    """
    p, hh, f = e.params, e.state.households, e.state.firms
    control = firm_attribute(p, f, "knowledge_control")
    task_control = float(control[f.alive & (firm_attribute(p, f, "sells_goods") == 0)].max(
        initial=0.0))
    active, routine = np.empty(hh.n), np.empty(hh.n)
    over_halves(_activity_kernel, hh.n, hh.employer, hh.member_of, hh.layer, hh.hours_paid,
                hh.hours_gig, hh.hours_civic, p.labour.standard_hours, control, task_control,
                active, routine)
    return active, routine


@njit(cache=True, nogil=True)
def _activity_kernel(lo, hi, employer, member_of, layer, hours_paid, hours_gig, hours_civic,
                     h_std, control, task_control, active, routine):  # pragma: no cover
    """activity_shares for households lo..hi (one pass, the same operations in order)."""
    for i in range(lo, hi):
        at = employer[i] if employer[i] >= 0 else member_of[i]
        paid_control = control[at] if at >= 0 else 0.0
        paid = hours_paid[i] / h_std
        tasks = hours_gig[i] / h_std
        act = paid + tasks + hours_civic[i] / h_std
        rout = paid * paid_control + tasks * task_control if layer[i] == 0 else 0.0
        scale = 1.0 / max(act, 1e-300) if act > 1.0 else 1.0
        active[i] = act * scale
        routine[i] = rout * scale


def update_skills(e: Economy) -> None:
    """Skills change by learning by doing, routine work and idleness (one rule for all).

    Equations:
        A_i = min(1, (h_paid_i + h_task_i + h_civic_i) / h_std)     active share of the year
        R_i = (h_paid_i * kappa_j(i) + h_task_i * kappa_platform) / h_std   for line workers
              (R_i = 0 for managers); both scaled down together when A_i would exceed 1
        H_i = max(1 - s_i / s_max, 0)                              headroom to the ceiling
        ds_i = s_i * (lambda * H_i * (A_i - R_i) - delta * R_i - delta * (1 - A_i))
               + G_i                          managers' gain from routine work
        G_i = L * s_i * kappa_j(i) * H_i / sum_k(s_k * kappa_j(k) * H_k)  over employed managers k
        L = sum over line workers of delta * R_i * s_i          knowledge appropriated
        0.05 <= s_i <= s_max                                    floor and ceiling
      where lambda = households.learning_rate, delta = households.skill_decay, s_max =
      households.skill_ceiling, kappa_j the
      knowledge control of workplace j (economy/forms.py: labour.deskilling where management
      holds knowledge, 0 in commons-oriented entities and commons work).
    """
    p, hh, f = e.params, e.state.households, e.state.firms
    learn, decay = p.households.learning_rate, p.households.skill_decay
    ceiling = p.households.skill_ceiling
    active, routine = activity_shares(e)
    control = firm_attribute(p, f, "knowledge_control")
    change, lost_to_routine, weight = np.empty(hh.n), np.empty(hh.n), np.empty(hh.n)
    over_halves(_change_kernel, hh.n, hh.skill, active, routine, hh.employer, hh.member_of,
                hh.layer, control, learn, decay, ceiling, change, lost_to_routine, weight)
    total_weight = weight.sum()
    over_halves(_apply_kernel, hh.n, hh.skill, change, weight, float(lost_to_routine.sum()),
                total_weight, max(ceiling, SKILL_FLOOR))


@njit(cache=True, nogil=True)
def _change_kernel(lo, hi, skill, active, routine, employer, member_of, layer, control, learn,
                   decay, ceiling, change, lost, weight):  # pragma: no cover - compiled
    """Own skill change, skill lost to routine and managers' weights, households lo..hi."""
    for i in range(lo, hi):
        s, a, r = skill[i], active[i], routine[i]
        headroom = max(1.0 - s / ceiling, 0.0)
        lost[i] = decay * r * s
        change[i] = s * (learn * headroom * (a - r) - decay * (1.0 - a)) - lost[i]
        at = employer[i] if employer[i] >= 0 else member_of[i]
        weight[i] = s * control[at] * headroom if layer[i] == 1 and at >= 0 else 0.0


@njit(cache=True, nogil=True)
def _apply_kernel(lo, hi, skill, change, weight, lost, total_weight, ceiling
                  ):  # pragma: no cover - compiled
    """Add managers' gain to the changes, then move and bound skills, for households lo..hi."""
    for i in range(lo, hi):
        c = change[i]
        if total_weight > 0:
            c += lost * weight[i] / total_weight
        v = skill[i] + c
        if v < SKILL_FLOOR:
            v = SKILL_FLOOR
        if v > ceiling:
            v = ceiling
        skill[i] = v
