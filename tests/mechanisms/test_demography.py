"""Tests of :mod:`commonsim.mechanisms.demography`."""

from __future__ import annotations

import numpy as np
import pytest

import commonsim
from commonsim.economy.ledger import check_period
from commonsim.mechanisms import demography


def test_retirees_debts_are_settled_and_the_rest_dies_with_them(mech) -> None:
    """The estate repays consumer debt out of deposits; what it cannot pay is written off;
    the mortgage and what is left pass to the heir."""
    e = mech.employed(**{"households.turnover": 1.0, "housing.enabled": False})
    ledger = e.ledger
    ledger.deposits["households"][:] = [5.0, 1.0, 0.0, 3.0, 0.0, 2.0]
    ledger.lend("households", np.array([2.0, 4.0, 3.0, 0.0, 0.0, 0.0]))
    before = ledger.deposits["households"].copy()
    demography.retire_and_enter(e)
    assert np.allclose(ledger.loans["households"], 0.0)
    # Deposits after lending were [7, 5, 3, 3, 0, 2]; each repays its loan in full or
    # down to zero, the rest of the debt is written off.
    assert np.allclose(ledger.deposits["households"], before - [2.0, 4.0, 3.0, 0.0, 0.0, 0.0])
    assert ledger.written_off("households") == pytest.approx(0.0)
    assert e.period.retirements == 6


def test_unpayable_debt_is_written_off_through_the_ledger(mech) -> None:
    """A retiree with more debt than deposits leaves the excess to the bank as a loss."""
    e = mech.employed(**{"households.turnover": 1.0, "housing.enabled": False})
    ledger = e.ledger
    ledger.deposits["households"][:] = 0.0
    ledger.lend("households", np.array([2.0, 0.0, 0.0, 0.0, 0.0, 0.0]))
    ledger.transfer("consumption", "households", np.array([2.0, 0, 0, 0, 0, 0]), "firms",
                    np.eye(e.state.firms.n)[0] * 2.0)
    demography.retire_and_enter(e)
    assert ledger.loans["households"][0] == pytest.approx(0.0)
    assert ledger.written_off("households") == pytest.approx(2.0)
    assert ledger.flows["loan_writeoff"][2] == pytest.approx(-2.0)


def test_entrants_draw_skill_and_layer_from_the_opening_distribution(mech) -> None:
    """With everyone replaced, skills are a fresh lognormal draw with mean 1 and the
    managerial layer is the opening rule's share."""
    e = mech.tiny("proprietary-weak-labour", n=20_000, **{"households__turnover": 1.0})
    hh = e.state.households
    hh.skill[:] = 0.05  # deskilled for ever, as without turnover
    demography.retire_and_enter(e)
    assert hh.skill.mean() == pytest.approx(1.0, abs=0.02)
    assert np.log(hh.skill).std() == pytest.approx(e.params.households.skill_sigma, abs=0.02)
    assert hh.layer.mean() == pytest.approx(e.params.labour.manager_share, abs=0.01)
    assert np.array_equal(hh.queue, np.argsort(-hh.priority, kind="stable"))


def test_about_turnover_times_n_households_retire_a_year(mech) -> None:
    """Retirements are Bernoulli(turnover) per household: 250 of 10,000 at 1/40."""
    e = mech.tiny("proprietary-weak-labour", n=10_000, **{"households__turnover": 0.025})
    demography.retire_and_enter(e)
    assert abs(e.period.retirements - 250) < 4 * np.sqrt(250 * 0.975)


def test_accounts_close_every_period_with_heavy_turnover() -> None:
    """Settling estates moves money only through the ledger (accounts checked each year)."""
    result = commonsim.simulate("proprietary-weak-labour", households=300, years=5, seed=1,
                                overrides={"engine.spinup_years": 0,
                                           "households.turnover": 0.3})
    for t in range(5):
        assert check_period(result.tfm(t), result.bsm(t)) == []


def test_no_turnover_changes_nothing(mech) -> None:
    """A zero rate retires no one."""
    e = mech.tiny("proprietary-weak-labour", n=50, **{"households__turnover": 0.0})
    skill = e.state.households.skill.copy()
    demography.retire_and_enter(e)
    assert np.array_equal(e.state.households.skill, skill)
    assert e.period.retirements == 0


def test_manager_threshold_cuts_the_top_share() -> None:
    """The cut leaves `share` of a lognormal(-sigma^2/2, sigma) above it."""
    draws = np.random.default_rng(0).lognormal(-0.08, 0.4, 200_000)
    cut = demography.manager_threshold(0.4, 0.15)
    assert (draws >= cut).mean() == pytest.approx(0.15, abs=0.005)
