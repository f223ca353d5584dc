"""Tests of :mod:`commonsim.mechanisms.fiscal`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim.mechanisms import (
    fiscal,
)


def test_benefits_higher_under_balance_than_weakness(mech) -> None:
    """M1.5/M1.6: the unemployed receive more under capital-labour balance (1a) than 1b."""
    paid = {}
    for preset in ("proprietary-balanced", "proprietary-weak-labour"):
        e = mech.employed(preset)
        hh = e.state.households
        hh.employer[0] = -1
        e.state.agg.mean_wage = 1.0
        fiscal.taxes_and_transfers(e)
        paid[preset] = e.ledger.income["benefits"][0]
        assert paid[preset] == pytest.approx(e.params.state.benefit_replacement)
        assert np.allclose(e.ledger.income["benefits"][1:], 0.0)
    assert paid["proprietary-balanced"] > paid["proprietary-weak-labour"] > 0



def test_state_supports_finance_only_under_labour_weakness(mech) -> None:
    """M1.6: the state transfers to the financial sector in 1b, not in 1a."""
    flows = {}
    for preset in ("proprietary-balanced", "proprietary-weak-labour"):
        e = mech.employed(preset)
        e.state.firms.output[:] = 100.0
        fiscal.public_spending(e)
        flows[preset] = e.ledger.flows["support_to_finance"][2]  # the banks' column
    assert flows["proprietary-balanced"] == 0.0
    assert flows["proprietary-weak-labour"] > 0.0



def test_weak_state_pays_finance_more_than_the_commons(mech):
    e = mech.tiny("netarchical", n=20)
    f = e.state.firms
    f.output[mech.proprietary(e)] = 1e6  # room for all purchases
    fiscal.public_spending(e)
    potential = fiscal.potential_output(e)
    s = e.params.state
    to_finance = e.ledger.paid("support_to_finance")
    to_commons = e.ledger.paid("commons_funding", "state")
    assert to_finance == pytest.approx(s.support_to_finance * potential)
    assert to_commons == pytest.approx(s.commons_support * potential)
    assert to_finance > to_commons
    assert e.period.security == pytest.approx(s.security * potential)
    assert e.ledger.deposits["forbenefit"][0] == pytest.approx(s.commons_support * potential)



def test_task_workers_get_no_unemployment_benefit(mech):
    e = mech.tiny("netarchical", n=6)
    hh = e.state.households
    mech.jobless(e)
    hh.hours_gig[0] = 1.0
    e.state.agg.mean_wage = 1.0
    fiscal.taxes_and_transfers(e)
    b = e.ledger.income["benefits"]
    assert b[0] == 0.0
    assert b[1:] == pytest.approx(np.full(5, e.params.state.benefit_replacement))



def test_basic_income_is_paid_to_all_and_financed_by_the_state(mech):
    e = mech.tiny("commons-partner-state", n=10, state__basic_income=0.5)
    hh, ledger = e.state.households, e.ledger
    e.state.agg.median_income = 2.0
    hh.taxable[:] = 0.0
    ledger.deposits["state"][0] = 0.0
    bonds0 = ledger.bonds
    fiscal.taxes_and_transfers(e)
    np.testing.assert_allclose(e.ledger.income["basic_income"], 1.0)
    assert ledger.deposits["state"][0] < 0  # benefits and basic income paid out
    deficit = -ledger.deposits["state"][0]
    fiscal.finance_state(e)
    assert ledger.bonds - bonds0 == pytest.approx(deficit)
    assert ledger.deposits["state"][0] == pytest.approx(0.0)



def test_partner_state_funds_civic_infrastructure_and_counts_coproduced_services(mech):
    e = mech.tiny("commons-partner-state", n=10)
    hh = e.state.households
    s = e.params.state
    e.state.firms.output[mech.proprietary(e)] = 1e6
    hh.hours_civic[:] = 0.1
    hh.skill[:] = 1.0
    e.state.agg.mean_wage = 2.0
    fiscal.public_spending(e)
    potential = fiscal.potential_output(e)
    to_commons = e.ledger.paid("commons_funding", "state") + e.ledger.paid(
        "civic_infrastructure")
    assert to_commons == pytest.approx(
        (s.civic_infrastructure + s.commons_support) * potential)
    assert e.period.coproduced_services == pytest.approx(1.0 * s.coproduction * 2.0)
