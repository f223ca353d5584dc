"""Mixed economies: a regime that opens with a commons sector of stated size (issue 19).

Every regime opens from the same economy; a mixed start adds, at the opening, commons-
oriented entities holding ``mixed.entity_members`` of the households (in groups of
``cooperatives.founders``, opened by the same rule as founding, mechanisms/entities.py)
and a commons stock of ``mixed.commons_stock`` per household. Members are drawn from the
households without an ownership stake, the most civic-minded first (lowest civic taste
draw: founders are contributors, as in founding), with the set-up stream.

A sector of stated size is a share of the economy's production, not only of its
households: the entities take over their members' share of the output the opening plans
(and of the capital that goes with it) from the producers that planned it, at the same
utilisation of their members' capacity as the rest of the economy. Without that, the
opening's firms would still plan the whole economy's output and hire the members away in
the first year (measured: 344 of 600 members at 30% of 2,000 households, docs/politics.md).

With both sizes at zero nothing is drawn and the opening is exactly the common one. With a
spin-up the mixed sectors open when the regime's institutions take over (year 1,
:func:`commonsim.spinup.open_institutions`). The platform holds no stock that carries
from one year to the next, so it has no starting size of its own: its size every year is
set by its institutions (``platforms.crowdsourcing``, the share of every employer's work
bought as tasks; ``platforms.peer_exchange`` and ``platforms.attention_rate``), and a mixed
start states it there. The proprietary sector is what remains.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.errors import ConfigError
from commonsim.mechanisms.entities import open_entities
from commonsim.mechanisms.production import knowledge_gains
from commonsim.params import Parameters

IMPLEMENTS = ("M3.1", "M3.2")


def entities_to_open(params: Parameters, households: int) -> int:
    """How many entities a mixed start opens at `households` (``cooperatives.founders`` each)."""
    return int(round(params.mixed.entity_members * households / params.cooperatives.founders))


def check_entity_slots(params: Parameters, households: int) -> None:
    """Refuse a starting share the economy cannot seed at this size (bad input, not a cap).

    The entities need free slots (``cooperatives.max_entities``) and members without an
    ownership stake (``1 - households.owner_share`` of households).

    Raises:
        ConfigError: one line naming ``mixed.entity_members`` and what is allowed.
    """
    share, size = params.mixed.entity_members, params.cooperatives.founders
    need = entities_to_open(params, households)
    slots = params.cooperatives.max_entities
    # Owners as drawn at set-up (economy/state.py): at least one, owner_share being > 0.
    non_owners = households - max(1, int(round(params.households.owner_share * households)))
    most = min(slots, non_owners // size)
    if need <= most:
        return
    limit = "cooperatives.max_entities" if slots < non_owners // size else (
        "households without an ownership stake")
    raise ConfigError(
        f"mixed.entity_members = {share:g}: needs {need:,} entities of {size} members at"
        f" {households:,} households, more than {limit} allow ({most:,}); allowed:"
        f" mixed.entity_members <= {most * size / households:.3g} at this size"
        + (f", or cooperatives.max_entities >= {need:,}" if limit.startswith("coop") else ""))


def open_mixed_sectors(e: Economy) -> None:
    """Open the starting entities and commons stock a mixed regime states.

    Equations:
        m = min(round(mixed.entity_members * N / F), free entity slots)   entities opened
        members = the m * F first of the non-owners, lowest civic taste first
        K_commons = mixed.commons_stock * N
        then the entities take their members' share of planned output: hand_over
        (N: households; F: cooperatives.founders)
    """
    p, hh, f = e.params, e.state.households, e.state.firms
    if p.mixed.commons_stock > 0:
        e.state.agg.commons = p.mixed.commons_stock * hh.n
    share = p.mixed.entity_members
    if share <= 0:
        return
    size = p.cooperatives.founders
    free = np.flatnonzero(~f.alive & (firm_attribute(p, f, "founded_by_contributors") > 0))
    candidates = np.flatnonzero(hh.stake <= 0)
    rng = e.rng["init"]
    order = rng.permutation(candidates)
    order = order[np.argsort(hh.civic_taste[order], kind="stable")]
    count = min(entities_to_open(p, hh.n), free.size, order.size // size)
    if count > 0:
        # Members leave their jobs when the entities open (open_entities): plans first.
        planners = f.alive & (f.expected > 0)
        open_entities(e, free[:count], order[: count * size])
        hand_over(e, planners, free[:count])


def hand_over(e: Economy, planners: np.ndarray, opened: np.ndarray) -> None:
    """The opened entities take their members' share of the output the opening plans.

    Equations:
        sigma = sum_{members} s_i / sum_i s_i          (members' share of capacity)
        Y = sum_{j in P} Xe_j;  g_j = 1 + g(k_j)   (production.knowledge_gain)
        u = Y / (A * h * sum_i s_i * gP),  gP = sum_{j in P} g_j Xe_j / Y   (utilisation)
        Xe_j = (1 - sigma) * Xe_j,  K_j = (1 - sigma) * K_j       for j in P
        Xe_k = u * A * h * g_k * sum_{members of k} s_i,  K_k = c * Xe_k   (entities k)
        c = sum_{j in P} K_j / Y   (the producers' capital per unit planned: at a direct
                                    opening technology.capital_output)
        where P are the producers that planned output before the entities opened, Xe_j
        and K_j firm j's expected sales and capital, s_i household i's skill, A =
        technology.productivity, h = labour.standard_hours and g_j the producer's gain
        from the knowledge it can use.
    """
    hh, f = e.state.households, e.state.firms
    planned = float(f.expected[planners].sum())
    skill = float(hh.skill.sum())
    if planned <= 0 or skill <= 0:
        return
    gain = 1.0 + knowledge_gains(e)[0]
    member = hh.member_of >= 0
    member_skill = np.bincount(hh.member_of[member], weights=hh.skill[member], minlength=f.n)
    sigma = float(member_skill.sum()) / skill
    planners_gain = float((gain * f.expected)[planners].sum()) / planned
    per_skill = planned / (skill * planners_gain)  # u * A * h
    capital_per_unit = float(f.capital[planners].sum()) / planned
    f.expected[planners] *= 1.0 - sigma
    f.capital[planners] *= 1.0 - sigma
    f.expected[opened] = per_skill * gain[opened] * member_skill[opened]
    f.capital[opened] = capital_per_unit * f.expected[opened]
