"""Production with capital, effective labour and knowledge (M1.3, M2.1, M3.8).

Output per effective labour-year rises with the knowledge a producer can use, by one rule
whatever the form of the knowledge (Griliches' knowledge-capital model): the published
stock every producer uses, the proprietary stock that IP encloses for the firms that own
or rent it (M1.3; rent in :mod:`.knowledge`), and the commons, which every producer may
draw on without using it up (M2.1).
Output is the smaller of plan and what the labour hired can make (capital is demand
and wealth here, not a capacity limit; see docs/ODD.md). Firms abate environmental
damage where it is priced (M3.8), at a rising cost that lowers their productivity.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.mechanisms.commons import materials_per_output
from commonsim.mechanisms.fiscal import potential_output

IMPLEMENTS = ("M1.3", "M2.1", "M3.8")


def knowledge_stocks(e: Economy) -> tuple[float, float, float]:
    """The public, proprietary and commons knowledge stocks, in output-years.

    The public and proprietary stocks are held at the steady state of R&D spending at its
    sourced share of potential output (the R&D that maintains them is not modelled as a
    flow of its own); the commons is built from the hours recorded by
    :func:`commonsim.mechanisms.commons.fund_commons`, each effective labour-year counted
    at the output A it would have made at base productivity.

    Equations:
        K_0 = technology.public_rd / delta * Ypot
        K_P = technology.business_rd / delta * Ypot
        K_C = A * K_commons
        where delta = technology.knowledge_depreciation, Ypot = A * h * sum_i s_i the
        potential output (A = technology.productivity, h = labour.standard_hours, s_i
        household i's skill) and K_commons the commons stock in effective hour-years.
    """
    tech = e.params.technology
    potential = potential_output(e)
    public = tech.public_rd / tech.knowledge_depreciation * potential
    proprietary = tech.business_rd / tech.knowledge_depreciation * potential
    return public, proprietary, tech.productivity * e.state.agg.commons


def knowledge_gain(usable: np.ndarray | float, public: float, elasticity: float) -> np.ndarray:
    """Productivity gain from the knowledge a producer can use: one rule for every form.

    Equations:
        g(k) = (k / K_0)^eta - 1
        where k is the knowledge stock the producer can use (output-years; at least the
        public stock K_0, which every producer uses) and eta = technology.knowledge_elasticity
        the output elasticity of knowledge.
    """
    return (np.asarray(usable, dtype=float) / public) ** elasticity - 1.0


def knowledge_gains(e: Economy) -> tuple[np.ndarray, np.ndarray]:
    """Each firm's productivity gain g(k_j), and g(k0_j) without the commons."""
    public = knowledge_stocks(e)[0]
    elasticity = e.params.technology.knowledge_elasticity
    usable, without = usable_knowledge(e)
    return knowledge_gain(usable, public, elasticity), knowledge_gain(without, public, elasticity)


def usable_knowledge(e: Economy) -> tuple[np.ndarray, np.ndarray]:
    """The knowledge stock each firm can use, with and without the commons.

    The institutions decide access, never the rule: IP (ip.enabled) encloses the
    proprietary stock for the firms that own or rent it (attribute ``ip_access``; open to
    every producer when IP is off); the commons is open to every producer where it exists
    (attribute ``commons_access``).

    Equations:
        k_j = K_0 + xP_j * K_P + xC_j * K_C
        k0_j = K_0 + xP_j * K_P             (without the commons)
        where xP_j = ip_access and xC_j = commons_access of firm j's form
        (commonsim.economy.forms) and K_0, K_P, K_C the stocks of knowledge_stocks.
    """
    p, f = e.params, e.state.firms
    public, proprietary, common = knowledge_stocks(e)
    without = public + firm_attribute(p, f, "ip_access") * proprietary
    return without + firm_attribute(p, f, "commons_access") * common, without


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
        g_j = g(k_j);  g0_j = g(k0_j)           (knowledge_gain, usable_knowledge)
        m = materials_per_output(K_C / (K_0 + K_P + K_C))   (open design, M3.4)
        alpha = chosen_abatement(tau, delta * m, kappa, theta2)
        cost = kappa * alpha^theta2
        a_j = A * (1 + g_j) / (1 + cost)   (a_j = 0 for the platform)
        sC_j = 1 - (1 + g0_j) / (1 + g_j)
        where a_j is firm j's output per effective labour-year, A = technology.productivity,
        k_j the knowledge stock firm j can use and k0_j the same without the commons,
        g_j the productivity gain from it, K_0, K_P, K_C the stocks of knowledge_stocks,
        m the materials per unit of output, tau = state.externality_tax,
        delta = technology.damage_intensity, kappa = technology.abatement_cost,
        theta2 = technology.abatement_exponent, alpha the share of damage abated, cost the
        abatement cost as a share of gross output, and sC_j the share of productivity due
        to the commons (what would be lost without it).
    """
    p, f = e.params, e.state.firms
    tech = p.technology
    public, proprietary, common = knowledge_stocks(e)
    gain, gain_without = knowledge_gains(e)
    # Open design in the commons (M3.4) cuts materials, and so damage, per unit of output.
    open_share = common / (public + proprietary + common)
    e.period.materials_per_output = materials = materials_per_output(e, open_share)
    intensity = tech.damage_intensity * materials
    f.abatement[:] = chosen_abatement(p.state.externality_tax, intensity,
                                      tech.abatement_cost, tech.abatement_exponent)
    cost = tech.abatement_cost * f.abatement**tech.abatement_exponent
    gross = tech.productivity * (1.0 + gain)
    f.productivity[:] = firm_attribute(p, f, "sells_goods") * gross / (1.0 + cost)
    e.period.commons_share_of_productivity = np.where(
        gross > 0, 1.0 - (1.0 + gain_without) / (1.0 + gain), 0.0)


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
