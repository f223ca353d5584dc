"""Who pays for knowledge: IP rent (M1.3) and the commons-benefit levy (M3.8).

Under proprietary knowledge (M1.3) the knowledge stock is owned by a few firms; every other
proprietary firm pays them rent in proportion to its output. Under reformed for-profits
(M3.8) proprietary firms pay a reciprocity levy on the value they draw from the commons to
the for-benefit institutions that steward it.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.state import PROPRIETARY

IMPLEMENTS = ("M1.3", "M3.8")


def knowledge_rent(e: Economy) -> None:
    """IP rent from non-owners to owners, and the commons levy on for-profits.

    Equations:
        rent_j = ip.rent_rate * Y_j          proprietary firms that own no IP
        rentin_j = (sum_k rent_k) * Y_j / sum_{IP owners} Y      IP-owning firms
        levy_j = state.commons_levy * drawn_j   proprietary firms, to the for-benefit
                                                institutions (where commons.enabled)
        where Y_j is firm j's output, drawn_j the value it drew from the commons
        (produce), rent_j the IP rent it pays and rentin_j the rent an owner receives.
        Rent flows only where ip.enabled is on and there are both owners and payers.
    """
    p, f, ledger = e.params, e.state.firms, e.ledger
    proprietary = f.alive & (f.form == PROPRIETARY)
    if p.ip.enabled and p.ip.rent_rate > 0:
        owners = proprietary & f.ip_owner
        payers = proprietary & ~f.ip_owner
        if owners.any() and payers.any():
            rent = np.where(payers, p.ip.rent_rate * f.output, 0.0)
            total = float(rent.sum())
            weight = np.where(owners, f.output + 1e-12, 0.0)
            received = total * weight / weight.sum()
            ledger.transfer("ip_rent", "firms", rent, "firms", received)
    if p.state.commons_levy > 0 and p.commons.enabled:
        levy = np.where(proprietary, p.state.commons_levy * f.drawn, 0.0)
        total = float(levy.sum())
        if total > 0:
            ledger.transfer("commons_levy", "firms", levy, "forbenefit", total)
