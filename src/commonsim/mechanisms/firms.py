"""Firms' results and their distribution (M1.4, M2.5, M3.3, M3.5, M3.8, M3.9).

Proprietary firms and platforms pay profit tax and any externality tax (M3.8), give a share
of profit to for-benefit institutions where the commons exist (M2.5), and pay dividends to
their shareholders in proportion to ownership (M1.4). Where investor returns are capped
(M3.9), what exceeds the cap goes to the firm's workers. Commons-oriented entities split
their surplus by statute: members, the commons, the solidarity fund (M3.5) and the phyle's
mutual insurance (M3.3), the rest kept for reinvestment.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.mechanisms.fiscal_rule import profit_tax_rate
from commonsim.mechanisms.household_income import pay_households
from commonsim.mechanisms.platforms import owner_weights, refund_patronage
from commonsim.mechanisms.wages import noted_pay_weights

IMPLEMENTS = ("M1.4", "M2.5", "M3.3", "M3.5", "M3.8", "M3.9")


def settle_firms(e: Economy) -> None:
    """Firms' profit, taxes, donations and dividends; entities split their surplus.

    Equations:
        PI_j = D_j - D0_j + I_j - technology.depreciation * K_j        (live firms)
        tp = clip(state.profit_tax + adj_P, 0, 0.9)
        tax_j = tp * max(PI_j, 0);  ext_j = state.externality_tax * dmg_j
        pos_j = max(PI_j - tax_j - ext_j, 0)
        proprietary firms and the platform:
            gift_j = commons.capital_donations * pos_j   (where commons.enabled)
            dist_j = max(pos_j - gift_j - max(I_j - technology.depreciation * K_j, 0), 0)
            div_j = finance.payout * dist_j
            if cooperatives.investor_cap < 1:
                cap_j = cooperatives.investor_cap * max(K_j + D_j - L_j, 0)
                div_j = min(div_j, cap_j); the excess goes to j's employees by pay weight
            household i receives stake_i * sum_j div_j over investor-owned j
            (state.investor_owned: platforms.ownership); a cooperative platform's div_j
            is refunded to its users or workers by owner_weights (patronage)
        entities: split_entity_surplus(pos_j)
        where D_j and D0_j are firm j's deposits now and at the start of the period (so
        D_j - D0_j is its net cash flow), I_j its investment this period, K_j its capital,
        L_j its loans, PI_j its profit (cash flow plus investment less depreciation), tp
        the profit-tax rate in force (adj_P the fiscal rule's adjustment), dmg_j its
        environmental damage, pos_j its positive profit after taxes, gift_j donations to
        the for-benefit institutions, dist_j the distributable profit after retaining
        net investment, div_j dividends and stake_i household i's ownership share.
    """
    p, f, ledger = e.params, e.state.firms, e.ledger
    deposits = ledger.deposits["firms"]
    opening = e.period.deposits_open["firms"]
    invested = e.period.investment_by_firm
    if invested.size == 0:
        invested = np.zeros(f.n)
    depreciation = p.technology.depreciation * f.capital
    # Prices: goods made and not sold are profit at unit cost (Godley & Lavoie ch. 8).
    stocked = e.period.inventory_change_by_firm
    stocked = stocked if stocked.size else np.zeros(f.n)
    profit = np.where(f.alive, deposits - opening + invested - depreciation + stocked, 0.0)
    e.period.profit_by_firm = profit.copy()

    # Fiscal rule: the rate in force is the statutory rate plus the rule's adjustment.
    e.period.profit_tax_base = float(np.maximum(profit, 0.0).sum())
    e.period.profit_tax_rate = rate = profit_tax_rate(e)
    tax = rate * np.maximum(profit, 0.0)
    damage = e.period.damage_by_firm if e.period.damage_by_firm.size else np.zeros(f.n)
    ext = p.state.externality_tax * damage
    ext = np.where(f.alive, ext, 0.0)
    ledger.transfer("profit_tax", "firms", tax, "state", float(tax.sum()))
    ledger.transfer("externality_tax", "firms", ext, "state", float(ext.sum()))
    after = profit - tax - ext

    entity = f.alive & (firm_attribute(p, f, "statutory_surplus") > 0)
    capitalist = f.alive & ~entity
    positive = np.maximum(after, 0.0)

    if p.commons.enabled and p.commons.capital_donations > 0:
        gift = np.where(capitalist, p.commons.capital_donations * positive, 0.0)
        ledger.transfer("donations", "firms", gift, "forbenefit", float(gift.sum()))
        positive = positive - gift

    # Profit sharing and entities' payouts read the same pay weights: computed once.
    weights = noted_pay_weights(e) if entity.any() and p.cooperatives.investor_cap < 1.0 else None
    pay_out(e, np.where(capitalist, positive, 0.0), invested, depreciation, deposits, weights)

    if entity.any():
        split_entity_surplus(e, np.where(entity, positive, 0.0), weights)


def free_cash(target: float, deposits: np.ndarray, capital: np.ndarray,
              paying: np.ndarray) -> np.ndarray:
    """Deposits a paying firm holds beyond its cash buffer, returned to its owners.

    Without it, cash a firm does not reinvest (depreciation it does not replace, profit
    kept by firms that shrink) piles up in its account for ever: firms' deposits grew
    from 1% to 80% of households' in 180 years of model 1b, and the money households
    lost to them pulled demand down. Free cash is paid out as corporate finance
    describes it (Jensen 1986, AER 76(2)); the buffer is a share of the firm's capital.

    Equations:
        free_j = max(D_j - finance.cash_target * K_j, 0)   where pos_j > 0, else 0
        where D_j is firm j's deposits after this period's payout of profit, K_j its
        capital and pos_j its positive profit after taxes (only firms in profit pay).
    """
    return np.where(paying > 0, np.maximum(deposits - target * capital, 0.0), 0.0)


def pay_out(e: Economy, positive: np.ndarray, invested: np.ndarray, depreciation: np.ndarray,
            deposits: np.ndarray, weights: np.ndarray | None = None) -> None:
    """Pay capitalist firms' distributable profit to investors, or as patronage refunds.

    `weights` are the households' pay weights (:func:`pay_weights`) when the caller has
    them already.

    Equations:
        dist_j = max(pos_j - max(I_j - depreciation_j, 0), 0)
        div_j = finance.payout * dist_j + free_j   (free_j: free_cash, cash beyond
                 finance.cash_target * K_j; capped at cooperatives.investor_cap of book
                 value for investor-owned firms; the excess to workers)
        investors receive stake_i * sum over investor-owned j of div_j; a cooperative
        platform's div_j is refunded to its users or workers (owner_weights)
    """
    p, f, hh, ledger = e.params, e.state.firms, e.state.households, e.ledger
    # Retained earnings finance net investment; the rest is paid out (M1.4).
    net_investment = np.maximum(invested - depreciation, 0.0)
    distributable = np.maximum(positive - net_investment, 0.0)
    dividends = p.finance.payout * distributable
    dividends += free_cash(p.finance.cash_target, deposits - dividends, f.capital, positive)
    investors = f.alive & (firm_attribute(p, f, "investor_owned") > 0)
    if p.cooperatives.investor_cap < 1.0:
        # The cap limits investors' returns; a cooperative platform's refunds are not.
        equity = np.maximum(f.capital + deposits - ledger.loans["firms"], 0.0)
        cap = p.cooperatives.investor_cap * equity
        excess = np.where(investors, np.maximum(dividends - cap, 0.0), 0.0)
        dividends -= excess
        share_with_workers(e, excess, weights)
    # A cooperative platform's distributed surplus goes to its owner-users or workers
    # (platforms.ownership); investors' dividends are shared by stakes.
    refund = np.where(~investors, dividends, 0.0)
    if float(refund.sum()) > 0 and not owner_weights(e).any():
        refund[:] = 0.0  # nobody used the platform: nothing is refunded, it is kept
    dividends = np.where(investors, dividends, 0.0)
    total = float(dividends.sum())
    pay_households(e, "dividends", "firms", dividends, "dividends", total * hh.stake)
    refund_patronage(e, float(refund.sum()))


def split_entity_surplus(e: Economy, surplus: np.ndarray,
                         weights: np.ndarray | None = None) -> None:
    """Split each entity's surplus by statute (M3.3, M3.5); the rest is reinvested.

    Statutory shares go to members (by pay weight, equally if nobody worked), the commons,
    the solidarity fund and the phyle's mutual insurance. They are paid in money only as
    far as the entity holds money: surplus already spent on capital goods cannot be paid
    out, and what cannot be paid stays in the entity as reinvestment (members own it
    through their membership), instead of overdrawing the entity into failure.

    Equations:
        shares = cooperatives.to_members + cooperatives.to_commons
                 + cooperatives.to_solidarity + cooperatives.phyle_insurance
                 (a share counts only where its institution is on)
        base_j = pos_j * min(1, max(D_j, 0) / (pos_j * shares))
        member i of j receives cooperatives.to_members * base_j * omega_i / sum omega
            (equal split among members when no member worked)
        to the for-benefit institutions: cooperatives.to_commons * base_j
        to the solidarity fund: cooperatives.to_solidarity * base_j
        to the phyle pool (held in the solidarity account): cooperatives.phyle_insurance
            * base_j
        where pos_j is entity j's positive surplus after taxes, D_j its deposits, base_j
        the part of the surplus it can pay in money and omega_i member i's pay weight.

    `weights` are the pay weights omega (:func:`pay_weights`) when the caller has them.
    """
    p, f, hh, ledger = e.params, e.state.firms, e.state.households, e.ledger
    c = p.cooperatives
    shares = {
        "members": c.to_members,
        "commons": c.to_commons if p.commons.enabled else 0.0,
        "solidarity": c.to_solidarity if p.solidarity.enabled else 0.0,
        "phyle": c.phyle_insurance * f.phyle if c.phyles else 0.0,  # members only (M3.3)
    }
    owed = surplus * sum(shares.values())
    cash = np.maximum(ledger.deposits["firms"], 0.0)
    scale = np.minimum(1.0, np.divide(cash, owed, out=np.zeros_like(owed), where=owed > 0))
    base = surplus * scale

    to_members = shares["members"] * base
    weights = noted_pay_weights(e) if weights is None else weights
    received, wsum, heads = _member_shares(hh.member_of, weights, to_members)
    paid = np.where((wsum > 0) | (heads > 0), to_members, 0.0)
    pay_households(e, "coop_surplus", "firms", paid, "coop_surplus", received)
    if shares["commons"] > 0:
        gift = shares["commons"] * base
        ledger.transfer("commons_funding", "firms", gift, "forbenefit", float(gift.sum()))
    if shares["solidarity"] > 0:
        gift = shares["solidarity"] * base
        ledger.transfer("solidarity_contributions", "firms", gift, "solidarity",
                        float(gift.sum()))
    if np.any(shares["phyle"] > 0):
        gift = shares["phyle"] * base
        ledger.transfer("mutual_insurance", "firms", gift, "solidarity", float(gift.sum()))
        e.state.agg.phyle_pool += float(gift.sum())


@njit(cache=True)
def _member_shares(member_of, weight, to_members):  # pragma: no cover - compiled
    """Each member's part of its entity's payout to members: by pay weight, else equal.

    Members with no hours this period still own the entity: then the payout is split
    equally. Weights and heads are summed in household order (as ``np.bincount``).
    """
    m = to_members.size
    # Non-members add to eight spare slots in turn (no branch, no waiting), then dropped.
    wsum = np.zeros(m + 8)
    heads = np.zeros(m + 8, dtype=np.int64)
    for i in range(member_of.size):
        j = member_of[i]
        slot = j if j >= 0 else m + (i & 7)
        wsum[slot] += weight[i]
        heads[slot] += 1
    wsum, heads = wsum[:m].copy(), heads[:m].copy()
    received = np.zeros(member_of.size)
    for i in range(member_of.size):
        j = member_of[i]
        if j < 0:
            continue
        if wsum[j] <= 0:
            received[i] = to_members[j] / max(heads[j], 1)
        else:
            received[i] = to_members[j] * (weight[i] / max(wsum[j], 1e-300))
    return received, wsum, heads


def share_with_workers(e: Economy, excess: np.ndarray,
                       weights: np.ndarray | None = None) -> None:
    """Surplus above the investor cap goes to the firm's own workers (M3.9).

    Equations:
        pay_i = excess_j * omega_i / sum_{k employed at j} omega_k
        where excess_j is firm j's dividends above the cap and omega_i employee i's pay
        weight; a firm with no employees pays nothing out.

    `weights` are the pay weights omega (:func:`pay_weights`) when the caller has them.
    """
    hh, f = e.state.households, e.state.firms
    total = float(excess.sum())
    if total <= 0:
        return
    weights = noted_pay_weights(e) if weights is None else weights
    paid, received = _worker_shares(hh.employer, weights, excess, f.n)
    pay_households(e, "wages", "firms", paid, "wages", received)
    e.period.profit_sharing = float(paid.sum())


@njit(cache=True)
def _worker_shares(employer, weight, excess, m):  # pragma: no cover - compiled
    """What each firm pays out of its excess and each employee's part, in two passes.

    Weights are summed in household order (as ``np.bincount`` sums); each share is
    ``paid_j * omega_i / max(sum omega, 1e-300)``, the same operations in the same order.
    """
    wsum = np.zeros(m + 8)  # the unemployed add to eight spare slots in turn, dropped
    for i in range(employer.size):
        j = employer[i]
        wsum[j if j >= 0 else m + (i & 7)] += weight[i]
    wsum = wsum[:m].copy()
    paid = np.where(wsum > 0, excess, 0.0)
    received = np.zeros(employer.size)
    for i in range(employer.size):
        j = employer[i]
        if j >= 0:
            received[i] = paid[j] * weight[i] / max(wsum[j], 1e-300)
    return paid, received
