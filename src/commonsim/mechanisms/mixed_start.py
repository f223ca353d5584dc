"""Mixed economies: a regime that opens with a commons sector of stated size (issue 19).

Every regime opens from the same economy; a mixed start adds, at the opening, commons-
oriented entities holding ``mixed.entity_members`` of the households (in groups of
``cooperatives.founders``, opened by the same rule as founding, mechanisms/entities.py)
and a commons stock of ``mixed.commons_stock`` per household. Members are drawn from the
households without an ownership stake, the most civic-minded first (lowest civic taste
draw: founders are contributors, as in founding), with the set-up stream. With both
sizes at zero nothing is drawn and the opening is exactly the common one. The platform's
size is set by its institutions (``platforms.*``), the proprietary sector is what remains.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.mechanisms.entities import open_entities

IMPLEMENTS = ("M3.1", "M3.2")


def open_mixed_sectors(e: Economy) -> None:
    """Open the starting entities and commons stock a mixed regime states.

    Equations:
        m = min(round(mixed.entity_members * N / F), free entity slots)   entities opened
        members = the m * F first of the non-owners, lowest civic taste first
        K_commons(0) = mixed.commons_stock * N
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
    count = min(int(round(share * hh.n / size)), free.size, order.size // size)
    if count > 0:
        open_entities(e, free[:count], order[: count * size])
