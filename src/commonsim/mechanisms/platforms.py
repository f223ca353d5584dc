"""Platforms: use-based rent, network effects and who owns the platform (M2.2, M3.9).

A platform earns only from the use made of it. It takes ``platforms.take_rate`` of every
transaction it intermediates (task work, M2.3, paid in :mod:`.wages`; peer exchange,
here) and sells advertisers the attention of its users (attention rent).

Network effects follow Metcalfe's law: a network of n users is worth in proportion to
n^2, so each user's benefit grows with n (Metcalfe 2013, "Metcalfe's law after 40 years
of Ethernet", IEEE Computer 46(12); Zhang, Liu & Xu 2015, J. Comput. Sci. Technol. 30(2),
fit Facebook's and Tencent's revenue to n^2; Odlyzko & Tilly's n log n is the usual
alternative). The network is the share ``u`` of households active on the platform this
period: its providers (task workers) and its sharers (civic contributors, whose activity
draws the attention, M2.2). Hence:

- attention rent grows with u^2: a firm's advertising on the platform is
  ``attention_rate * sales * u^2``, ``attention_rate`` being the spend at full reach;
- each household buys ``peer_exchange * u`` of its spending from peers through the
  platform, ``peer_exchange`` being that share at full reach.

With no users the platform earns nothing. Ownership is an institutional parameter of
the one rule (``platforms.ownership``): investors receive the platform's dividends by
their stakes like any firm's; a platform cooperative pays the same distributed surplus
to its users in proportion to the fees their use generated (patronage refunds, as
consumer and multi-stakeholder cooperatives do: Fairbnb.coop, Resonate) or to its
workers in proportion to what they earned through it (Stocksy United, CoopCycle). What a
cooperative platform keeps is an indivisible reserve that no member owns.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.arrays import shares_of, total_of
from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.economy.halves import over_halves
from commonsim.economy.state import PLATFORM
from commonsim.mechanisms.household_income import pay_households

IMPLEMENTS = ("M2.2", "M3.9")


def platform_index(e: Economy) -> int:
    """Index of the platform among the firms."""
    return int(np.flatnonzero(e.state.firms.form == PLATFORM)[0])


def platform_hours(e: Economy) -> np.ndarray:
    """Each household's time on the platform this period: task work and civic sharing."""
    hh = e.state.households
    return hh.hours_gig + hh.hours_civic


def network_share(e: Economy) -> float:
    """Share u of households active on the platform this period (its network).

    Equations:
        u = #{i : g_i + c_i > 0} / N
        g_i: household i's task hours, c_i: its civic hours, N: households
    """
    if not e.params.platforms.enabled:
        return 0.0
    hh = e.state.households
    return _active_count(hh.hours_gig, hh.hours_civic) / hh.n


def note_use(e: Economy, fees: np.ndarray, earned: np.ndarray | None = None) -> None:
    """Add to each household's fees generated and earnings through the platform."""
    rec, n = e.period, e.state.households.n
    if rec.platform_fees.size != n:
        rec.platform_fees = np.zeros(n)
        rec.platform_earnings = np.zeros(n)
    rec.platform_fees += fees
    if earned is not None:
        rec.platform_earnings += earned


def attention_rent(e: Economy) -> None:
    """Firms buy the attention of the platform's users; the users are paid nothing.

    Equations:
        A_j = a * p_j * y_j * u^2      (firm j's advertising on the platform)
        a: platforms.attention_rate (spend at full reach), p_j, y_j: firm j's price and output,
        u: network share (network_share); the platform receives sum_j A_j. For patronage,
        household i's use is credited with sum_j A_j * h_i / sum_k h_k,
        h_i: its hours on the platform (task plus civic).
    """
    p, f = e.params, e.state.firms
    u = network_share(e)
    e.period.platform_users = u
    payers = f.alive & (firm_attribute(p, f, "sells_goods") > 0)
    fees = np.where(payers, p.platforms.attention_rate * f.price * f.output * u * u, 0.0)
    total = float(fees.sum())
    if total <= 0:
        return
    received = np.zeros(f.n)
    received[platform_index(e)] = total
    e.ledger.transfer("attention_rent", "firms", fees, "firms", received)
    hours = platform_hours(e)
    note_use(e, shares_of(total, hours, hours.sum()))


def peer_exchange(e: Economy, spending: np.ndarray) -> np.ndarray:
    """Route a share of each household's spending to peers via the platform.

    Returns what is left to spend on firms' output. Providers are the task workers, in
    proportion to their effective task hours; with none, everything goes to firms.

    Equations:
        q_i = phi * u * s_i            (household i's purchases from peers)
        T = tau * sum_i q_i            (the platform's take)
        r_k = (1 - tau) * sum_i q_i * g_k z_k / sum_m g_m z_m    (provider k's sales)
        phi: platforms.peer_exchange (share at full reach), u: network share,
        s_i: i's planned spending, tau: platforms.take_rate, g_k: task hours, z_k: skill
    """
    p, hh = e.params, e.state.households
    providers = hh.hours_gig * hh.skill
    supply = total_of(providers)
    # Below a trillionth of a labour-year there is no one to buy from (and shares of such
    # totals are not exact in floating point).
    if not p.platforms.enabled or supply <= 1e-12 or p.platforms.peer_exchange <= 0:
        return spending
    share = p.platforms.peer_exchange * network_share(e)
    tau = p.platforms.take_rate
    peer, fee, paid, left = (np.empty(spending.size) for _ in range(4))
    over_halves(_peer_split, spending.size, spending, share, tau, peer, fee, paid, left)
    total = total_of(peer)
    net = shares_of(total - tau * total, providers, supply)
    pay_households(e, "peer_exchange", "households", paid, "peer", net)
    received = np.zeros(e.state.firms.n)
    received[platform_index(e)] = tau * total
    e.ledger.transfer("platform_take", "households", fee, "firms", received)
    note_use(e, fee, net)
    e.period.peer_volume = total
    return left


@njit(cache=True)
def _active_count(gig, civic):  # pragma: no cover - compiled
    """#{i : g_i + c_i > 0}, in one pass."""
    count = 0
    for i in range(gig.size):
        count += gig[i] + civic[i] > 0
    return count


@njit(cache=True, nogil=True)
def _peer_split(lo, hi, spending, share, tau, peer, fee, paid, left
                ):  # pragma: no cover - compiled
    """Peer purchases q_i = share * s_i and their parts, for households lo..hi.

    Writes q_i, the take q_i * tau, the providers' part q_i - q_i * tau and what is left
    for firms s_i - q_i.
    """
    for i in range(lo, hi):
        q = share * spending[i]
        peer[i] = q
        fee[i] = q * tau
        paid[i] = q - q * tau
        left[i] = spending[i] - q


def owner_weights(e: Economy) -> np.ndarray:
    """Each household's share of the platform's distributed surplus (sums to 1, or 0).

    Equations:
        investors: w_i = k_i                       (k_i: i's stake in the proprietary sector)
        users:     w_i = F_i / sum_m F_m           (F_i: fees i's use generated this period)
        workers:   w_i = E_i / sum_m E_m           (E_i: i's task and peer earnings)
        with no use of the platform, w = 0 (nothing is distributed).
    """
    p, hh, rec = e.params, e.state.households, e.period
    ownership = p.platforms.ownership
    if ownership == "investors":
        return hh.stake
    use = rec.platform_fees if ownership == "users" else rec.platform_earnings
    total = float(use.sum()) if use.size == hh.n else 0.0
    if total <= 0:
        return np.zeros(hh.n)
    return use / total


def refund_patronage(e: Economy, surplus: float) -> None:
    """A cooperative platform pays its distributed surplus to its owner-users or workers.

    Equations:
        R_i = D_p * w_i      (D_p: the platform's distributed surplus, w_i: owner_weights)
    """
    if surplus <= 0:
        return
    weights = owner_weights(e)
    paid = np.zeros(e.state.firms.n)
    paid[platform_index(e)] = surplus
    pay_households(e, "patronage_refunds", "firms", paid, "coop_surplus", surplus * weights)


def is_cooperative(e: Economy) -> bool:
    """The platform is owned by its users or workers (not by investors)."""
    return e.params.platforms.ownership != "investors"

