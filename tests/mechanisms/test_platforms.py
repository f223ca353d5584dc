"""Tests of :mod:`commonsim.mechanisms.platforms`: use-based rent, network, ownership."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import firms, platforms


def on_platform(mech, e, gig: list[int], civic: list[int] | None = None) -> None:
    """Nobody works except the named task workers (and civic sharers)."""
    mech.jobless(e)
    hh = e.state.households
    hh.hours_gig[gig] = 1.0
    hh.hours_civic[civic or []] = 0.5


def test_network_share_counts_task_workers_and_sharers(mech):
    e = mech.tiny("netarchical", n=10)
    on_platform(mech, e, gig=[0, 1], civic=[1, 2, 3])
    assert platforms.network_share(e) == pytest.approx(0.4)
    off = mech.tiny("proprietary-balanced", n=10)
    on_platform(mech, off, gig=[0])
    assert platforms.network_share(off) == 0.0


def test_attention_rent_grows_with_the_square_of_the_network(mech):
    e = mech.tiny("netarchical", n=10, platforms__attention_rate=0.05)
    f, ledger = e.state.firms, e.ledger
    f.output[:] = 0.0
    f.output[mech.proprietary(e)] = 10.0
    before_h = ledger.deposits["households"].copy()
    before_f = ledger.deposits["firms"].copy()
    on_platform(mech, e, gig=[0], civic=[1, 2, 3, 4])  # u = 0.5
    platforms.attention_rent(e)
    change = ledger.deposits["firms"] - before_f
    per_firm = 0.05 * 10.0 * 0.25
    total = per_firm * mech.proprietary(e).size
    assert change[mech.platform(e)] == pytest.approx(total)
    assert change[mech.proprietary(e)] == pytest.approx(np.full(mech.proprietary(e).size,
                                                                -per_firm))
    np.testing.assert_array_equal(ledger.deposits["households"], before_h)  # sharers: nothing
    assert e.period.platform_users == pytest.approx(0.5)
    # Doubling the network quadruples the rent (Metcalfe).
    e2 = mech.tiny("netarchical", n=10, platforms__attention_rate=0.05)
    e2.state.firms.output[:] = f.output
    on_platform(mech, e2, gig=[0, 5, 6, 7, 8], civic=[1, 2, 3, 4, 9])  # u = 1
    platforms.attention_rent(e2)
    assert e2.ledger.paid("attention_rent") == pytest.approx(4 * total)


def test_no_users_no_attention_rent(mech):
    e = mech.tiny("netarchical", n=10, platforms__attention_rate=0.05)
    e.state.firms.output[mech.proprietary(e)] = 10.0
    on_platform(mech, e, gig=[])
    platforms.attention_rent(e)
    assert e.ledger.paid("attention_rent") == 0.0


def test_peer_exchange_scales_with_the_network_and_pays_providers_less_the_take(mech):
    e = mech.tiny("netarchical", n=6, platforms__peer_exchange=0.1, platforms__take_rate=0.2)
    hh, ledger = e.state.households, e.ledger
    on_platform(mech, e, gig=[0], civic=[1, 2])  # one provider, u = 0.5
    hh.skill[:] = 1.0
    spending = np.full(6, 10.0)
    before = ledger.deposits["households"].copy()
    before_p = ledger.deposits["firms"][mech.platform(e)]
    left = platforms.peer_exchange(e, spending)
    np.testing.assert_allclose(left, 9.5)  # 0.1 * 0.5 of spending goes to peers
    change = ledger.deposits["households"] - before
    assert change[0] == pytest.approx(0.8 * 3.0 - 0.5)  # earns 2.4, spends 0.5 itself
    assert change[1:] == pytest.approx(np.full(5, -0.5))
    assert ledger.deposits["firms"][mech.platform(e)] - before_p == pytest.approx(0.6)
    # Fees are noted per household: each buyer paid 0.1 of take on 0.5 bought.
    np.testing.assert_allclose(e.period.platform_fees, np.full(6, 0.1))
    assert e.period.platform_earnings[0] == pytest.approx(2.4)


def test_owner_weights_by_ownership(mech):
    e = mech.tiny("netarchical", n=4)
    e.period.platform_fees = np.array([1.0, 3.0, 0.0, 0.0])
    e.period.platform_earnings = np.array([0.0, 0.0, 2.0, 2.0])
    np.testing.assert_array_equal(platforms.owner_weights(e), e.state.households.stake)
    e.params.platforms.ownership = "users"
    np.testing.assert_allclose(platforms.owner_weights(e), [0.25, 0.75, 0, 0])
    e.params.platforms.ownership = "workers"
    np.testing.assert_allclose(platforms.owner_weights(e), [0, 0, 0.5, 0.5])
    e.period.platform_earnings = np.zeros(4)
    np.testing.assert_array_equal(platforms.owner_weights(e), np.zeros(4))


def settle_platform_profit(ownership: str, mech, preset: str = "netarchical"):
    """A platform that earned 10 of fees, settled under `ownership`; the economy."""
    e = mech.tiny(preset, n=6, platforms__ownership=ownership,
                  commons__capital_donations=0.0)
    hh, f = e.state.households, e.state.firms
    on_platform(mech, e, gig=[0, 1])
    p = mech.platform(e)
    paid = np.zeros(f.n)
    paid[p] = 10.0
    e.ledger.transfer("platform_take", "households", np.full(6, 10.0 / 6), "firms", paid)
    mech.reopen(e)  # the fee is income already held; record use as if earned this period
    e.period.deposits_open["firms"][p] -= 10.0
    e.period.platform_fees = np.array([1.0, 3.0, 0, 0, 0, 0])
    e.period.platform_earnings = np.array([5.0, 5.0, 0, 0, 0, 0])
    f.output[:] = 0.0
    hh.stake[:] = np.array([0, 0, 0, 0, 0.5, 0.5])
    firms.settle_firms(e)
    return e


def test_investor_platform_pays_dividends_by_stake(mech):
    e = settle_platform_profit("investors", mech)
    got = e.ledger.income["dividends"]
    rate = e.params.state.profit_tax + e.state.agg.profit_tax_adjust
    expected = e.params.finance.payout * 10.0 * (1 - rate)
    assert got[4] + got[5] == pytest.approx(expected, rel=1e-6)
    assert e.ledger.paid("patronage_refunds") == 0.0


def test_cooperative_platform_refunds_users_by_their_fees(mech):
    e = settle_platform_profit("users", mech)
    refunds = e.ledger.income["coop_surplus"]
    total = e.ledger.paid("patronage_refunds")
    assert total > 0
    np.testing.assert_allclose(refunds, total * np.array([0.25, 0.75, 0, 0, 0, 0]))
    assert e.ledger.income["dividends"][[4, 5]].sum() == pytest.approx(0.0, abs=1e-12)


def test_worker_owned_platform_refunds_its_workers(mech):
    e = settle_platform_profit("workers", mech)
    refunds = e.ledger.income["coop_surplus"]
    np.testing.assert_allclose(refunds[:2], np.full(2, e.ledger.paid("patronage_refunds") / 2))


def test_cooperative_platform_book_value_is_owned_by_no_investor(mech):
    from commonsim.economy.balance import balance_sheet, household_equity

    e = mech.tiny("netarchical", n=6, platforms__ownership="users")
    paid = np.zeros(e.state.firms.n)
    paid[mech.platform(e)] = 7.0
    e.ledger.transfer("platform_take", "households", np.full(6, 7.0 / 6), "firms", paid)
    investors = mech.tiny("netarchical", n=6)
    investors.ledger.transfer("platform_take", "households", np.full(6, 7.0 / 6), "firms",
                              paid)
    gap = household_equity(investors).sum() - household_equity(e).sum()
    assert gap == pytest.approx(7.0 * e.state.households.stake.sum())
    bsm = balance_sheet(e)
    assert abs(float(bsm.loc["equity"].sum())) < 1e-9


def test_model_3_platform_cooperative_refunds_are_not_capped_as_investors_returns(mech):
    """Model 3 caps investors' returns (M3.9); the users' refunds are not investors'."""
    capped = settle_platform_profit("investors", mech, "commons-partner-state")
    coop = settle_platform_profit("users", mech, "commons-partner-state")
    rate = coop.params.state.profit_tax + coop.state.agg.profit_tax_adjust
    book = 10.0 * (1 - rate)  # the platform's book equity after tax
    cap = coop.params.cooperatives.investor_cap * book
    assert capped.ledger.income["dividends"][[4, 5]].sum() == pytest.approx(cap)
    expected = coop.params.finance.payout * book
    assert expected > cap
    assert coop.ledger.paid("patronage_refunds") == pytest.approx(expected, rel=1e-6)


def test_model_3_platform_is_a_users_cooperative_and_model_2_is_investor_owned():
    from commonsim.regimes import load_regime

    assert load_regime("commons-partner-state").params.platforms.ownership == "users"
    assert load_regime("netarchical").params.platforms.ownership == "investors"
