"""Platforms capture attention and intermediate peer exchange (M2.2).

Firms pay platforms for the attention of sharers and contributors (advertising), and a
share of household consumption is bought from other households through platforms, which
keep their take. The sharers whose activity draws the attention are paid nothing. The
platform's task-work cut (M2.3) is in :mod:`.wages`.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.state import PLATFORM
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS = ("M2.2",)


def platform_index(e: Economy) -> int:
    """Index of the platform among the firms."""
    return int(np.flatnonzero(e.state.firms.form == PLATFORM)[0])


def attention_rent(e: Economy) -> None:
    """Firms buy the attention that sharers' unpaid activity gathers on platforms.

    Equations:
        fee_j = platforms.attention_rate * Y_j   for every live firm other than the platform
        the platform receives sum_j fee_j
        where Y_j is firm j's output and fee_j the attention rent it pays.
    """
    p, f = e.params, e.state.firms
    payers = f.alive & (f.form != PLATFORM)
    fees = np.where(payers, p.platforms.attention_rate * f.output, 0.0)
    total = float(fees.sum())
    if total <= 0:
        return
    received = np.zeros(f.n)
    received[platform_index(e)] = total
    e.ledger.transfer("attention_rent", "firms", fees, "firms", received)


def peer_exchange(e: Economy, spending: np.ndarray) -> np.ndarray:
    """Route a share of each household's spending to peers via the platform.

    Returns what is left to spend on firms' output. Providers are the task workers, in
    proportion to their task hours; with none, everything goes to firms.

    Equations:
        peer_i = platforms.peer_exchange * C_i
        take = platforms.take_rate * sum_i peer_i        (to the platform)
        provider_k = (sum_i peer_i - take) * s_k * hg_k / sum_m s_m * hg_m
        left_i = C_i - peer_i
        where C_i is household i's planned spending, peer_i the part bought from peers,
        s_k and hg_k provider k's skill and task hours, provider_k what provider k earns
        and left_i what is left for firms' output.
    """
    p, hh = e.params, e.state.households
    providers = hh.hours_gig * hh.skill
    # Below a trillionth of a labour-year there is no one to buy from (and shares of such
    # totals are not exact in floating point).
    if not p.platforms.enabled or providers.sum() <= 1e-12 or p.platforms.peer_exchange <= 0:
        return spending
    peer = p.platforms.peer_exchange * spending
    total = float(peer.sum())
    take = p.platforms.take_rate * total
    net = (total - take) * providers / providers.sum()
    pay_households(e, "peer_exchange", "households", peer - peer * p.platforms.take_rate,
                   "peer", net)
    received = np.zeros(e.state.firms.n)
    received[platform_index(e)] = take
    e.ledger.transfer("platform_take", "households", peer * p.platforms.take_rate, "firms",
                      received)
    e.period.peer_volume = total
    return spending - peer
