"""Production with capital, effective labour and knowledge (M1.3, M2.1, M3.8).

Output per effective labour-year rises with access to knowledge: proprietary firms use the
IP stock (M1.3; non-owners rent it, see :mod:`.knowledge`); every producer may draw on the
commons without using it up (M2.1).
Output is the smaller of plan and what the labour hired can make (capital is demand
and wealth here, not a capacity limit; see docs/ODD.md). Firms abate environmental
damage where it is priced (M3.8), at a rising cost that lowers their productivity.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.mechanisms.commons import materials_per_output

IMPLEMENTS = ("M1.3", "M2.1", "M3.8")


def commons_gain(e: Economy) -> float:
    """Productivity gain from the commons stock (non-rival: the same for every user).

    Equations:
        g_C = technology.commons_productivity * c / (c + technology.commons_half)
        c = K_C / N
        where K_C is the commons stock (effective hour-years), N the number of households
        and c the stock per household; g_C = 0 when commons.enabled is off.
    """
    p = e.params
    if not p.commons.enabled:
        return 0.0
    per_household = e.state.agg.commons / e.n
    return p.technology.commons_productivity * per_household / (
        per_household + p.technology.commons_half
    )


def chosen_abatement(tax: float, intensity: float, theta1: float, theta2: float) -> float:
    """The abatement share that minimises abatement cost plus the externality charge.

    Per unit of output a producer pays theta1 * mu^theta2 to abate a share mu of its
    damage and tax * intensity * (1 - mu) on the rest (DICE's abatement cost curve).

    Equations:
        mu* = argmin_mu [theta1 * mu^theta2 + tax * d * (1 - mu)]
            = min(1, (tax * d / (theta1 * theta2))^(1 / (theta2 - 1)))
    """
    if tax <= 0 or intensity <= 0:
        return 0.0
    return float(min(1.0, (tax * intensity / (theta1 * theta2)) ** (1.0 / (theta2 - 1.0))))


def set_productivity(e: Economy) -> None:
    """Output per effective labour-year of each firm this period.

    Equations:
        g_IP_j = technology.ip_productivity  if ip.enabled and j is proprietary, else 0
        g_C = commons_gain (see commons_gain)
        alpha = clip(tau * delta / kappa, 0, 1)
        cost = kappa * alpha^2 / 2
        a_j = A * (1 + g_IP_j + g_C) / (1 + cost)   (a_j = 0 for the platform)
        sC_j = g_C / (1 + g_IP_j + g_C)
        where a_j is firm j's output per effective labour-year, A = technology.productivity,
        g_IP_j the gain from the proprietary knowledge (IP) stock, g_C the gain from the
        commons, tau = state.externality_tax, delta = technology.damage_intensity,
        kappa = technology.abatement_cost, alpha the share of damage abated (abating until
        its marginal cost kappa * alpha equals the tax saved tau * delta), cost the
        abatement cost as a share of gross output, and sC_j the share of productivity due
        to the commons.
    """
    p, f = e.params, e.state.firms
    tech = p.technology
    ip_gain = firm_attribute(p, f, "ip_access") * tech.ip_productivity
    c_gain = commons_gain(e)
    c_gain_f = np.full(f.n, c_gain)
    # Open design in the commons (M3.4) cuts materials, and so damage, per unit of output.
    e.period.materials_per_output = materials = materials_per_output(e)
    intensity = tech.damage_intensity * materials
    f.abatement[:] = chosen_abatement(p.state.externality_tax, intensity,
                                      tech.abatement_cost, tech.abatement_exponent)
    cost = tech.abatement_cost * f.abatement**tech.abatement_exponent
    gross = tech.productivity * (1.0 + ip_gain + c_gain_f)
    f.productivity[:] = firm_attribute(p, f, "sells_goods") * gross / (1.0 + cost)
    e.period.commons_share_of_productivity = np.where(
        gross > 0, c_gain_f / (1.0 + ip_gain + c_gain_f), 0.0
    )


def produce(e: Economy) -> None:
    """Realised output, the value drawn from the commons, and environmental damage.

    Equations:
        Y_j = min(Qp_j, a_j * Lab_j)   for live firms, else 0
        Y_j = Qp_j                      when engine.production = "to-order"
        drawn_j = sC_j * Y_j
        dmg_j = Y_j * delta * (1 - alpha)
        Dmg = Dmg + sum_j dmg_j
        where Y_j is firm j's output, Qp_j its planned output, a_j its productivity,
        Lab_j the effective labour it has (count_labour), sC_j the commons share of its
        productivity, drawn_j the value it draws from the commons, dmg_j the environmental
        damage it does, delta = technology.damage_intensity, alpha the share abated
        (set_productivity) and Dmg the cumulative damage.
    """
    p, f = e.params, e.state.firms
    capacity = f.productivity * f.labour
    f.output[:] = np.where(f.alive, np.minimum(f.planned, capacity), 0.0)
    if p.engine.production == "to-order":
        f.output[:] = np.where(f.alive, f.planned, 0.0)
    share = e.period.commons_share_of_productivity
    f.drawn[:] = f.output * share
    intensity = p.technology.damage_intensity * e.period.materials_per_output
    damage = f.output * intensity * (1.0 - f.abatement)
    e.period.damage = float(damage.sum())
    e.period.damage_by_firm = damage
    e.state.agg.damage += float(damage.sum())
