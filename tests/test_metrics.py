"""Tests of :mod:`commonsim.metrics`."""

from __future__ import annotations

import numpy as np
import pytest

from commonsim import metrics
from commonsim.api import simulate
from commonsim.economy import balance, halves
from commonsim.economy.balance import household_equity
from commonsim.economy.engine import build_economy, step_period
from commonsim.economy.state import GIG, UNEMPLOYED
from commonsim.metrics import DIMENSIONS, METRICS, period_metrics
from commonsim.regimes import load_regime
from commonsim.report.dimensions import dimension_of


def test_precarious_share_counts_task_workers(mech):
    e = mech.tiny("netarchical", n=10)
    hh = e.state.households
    mech.jobless(e)
    hh.employer[:5] = mech.proprietary(e)[0]
    hh.hours_paid[:5] = 1.0
    hh.hours_gig[5:8] = 1.0
    hh.status[:] = UNEMPLOYED
    hh.status[5:8] = GIG
    # Precarity is about the main source of income (sfc-primer definition).
    e.ledger.income["wages"][:5] = 1.0
    e.ledger.income["piece"][5:8] = 0.5
    m = period_metrics(e)
    assert m["precarious_share"] == pytest.approx(3 / 8)
    # A task worker living mainly on dividends is not precarious.
    e.ledger.income["dividends"][7] = 2.0
    m = period_metrics(e)
    assert m["precarious_share"] == pytest.approx(2 / 8)


def test_civic_contribution_counts_stipend_paid_commons_hours_not_firm_paid_work(mech):
    """Hours for-benefit stipends pay for are civic contribution (M3.6, M3.11); commons
    work a firm pays its employees for is a job."""
    e = mech.tiny("netarchical", n=4)
    hh, f = e.state.households, e.state.firms
    mech.jobless(e)
    hh.hours_civic[:] = [0.1, 0.0, 0.0, 0.0]
    hh.hours_commons[:] = [0.0, 0.2, 0.01, 0.0]
    f.commons_labour[:] = 0.0
    f.commons_labour[mech.proprietary(e)[0]] = 5.0
    m = period_metrics(e)
    assert m["civic_hours_per_household"] == pytest.approx(0.31 / 4)
    assert m["civic_contributors_share"] == pytest.approx(2 / 4)  # 0.01 is below the floor


def test_metrics_are_declared_in_the_order_of_a_runs_columns():
    result = simulate("sim", households=20, years=2, seed=0)
    assert list(result.metrics.columns) == list(METRICS)


def test_every_metric_has_a_unit_a_dimension_and_a_one_line_definition():
    for name, metric in METRICS.items():
        assert metric.name == name
        assert metric.unit and metric.dimension in DIMENSIONS
        assert metric.definition and "\n" not in metric.definition
        assert metric.definition.endswith(".")


def test_metric_dimensions_agree_with_the_reports_grouping():
    assert {n: m.dimension for n, m in METRICS.items()} == {n: dimension_of(n) for n in METRICS}


def test_an_unknown_metric_name_raises_naming_the_allowed_ones():
    with pytest.raises(KeyError, match="unknown metric 'wealth_gnii': allowed: .*wealth_gini"):
        METRICS["wealth_gnii"]
    assert "wealth_gnii" not in METRICS
    assert METRICS.get("wealth_gnii") is None


def test_income_shares_are_read_from_the_ledgers_income_kinds(mech):
    e = mech.tiny("netarchical", n=4)
    pay = np.zeros(e.state.firms.n)
    pay[0] = 3.0
    e.ledger.transfer("wages", "firms", pay, "households", np.array([3.0, 0, 0, 0]), "wages")
    e.ledger.transfer("benefits", "state", 1.0, "households", np.array([0, 1.0, 0, 0]),
                      "benefits")
    m = period_metrics(e)
    assert m["income_from_wages"] == pytest.approx(0.75)
    assert m["income_from_benefits"] == pytest.approx(0.25)
    assert m["transfers_households"] == pytest.approx(1.0)


def test_an_income_kind_must_be_paid_to_households(mech):
    e = mech.tiny("netarchical", n=4)
    with pytest.raises(KeyError, match="income kind 'wages' paid to 'state'"):
        e.ledger.transfer("wages", "firms", np.r_[1.0, np.zeros(e.state.firms.n - 1)],
                          "state", 1.0, "wages")


def test_top1_income_share_is_of_market_income_before_transfers(mech):
    """The richest 1% by market income; state transfers count neither in it nor in the total."""
    e = mech.tiny("netarchical", n=200)
    pay = np.r_[1.0, np.zeros(e.state.firms.n - 1)]
    wages = np.ones(200)
    wages[:2] = 0.0
    dividends = np.zeros(200)
    dividends[:2] = 10.0
    e.ledger.transfer("wages", "firms", pay * wages.sum(), "households", wages, "wages")
    e.ledger.transfer("dividends", "firms", pay * dividends.sum(), "households", dividends,
                      "dividends")
    benefits = np.zeros(200)
    benefits[5] = 100.0
    e.ledger.transfer("benefits", "state", 100.0, "households", benefits, "benefits")
    m = period_metrics(e)
    # Two households (1% of 200) get 20 of the 218 of market income; the benefit of 100,
    # which would put household 5 at the top of total income, is not market income.
    assert m["top1_income_share"] == pytest.approx(20.0 / 218.0)


@pytest.fixture
def stepped():
    """A model-3 economy a few periods in, every kind of household present."""
    e = build_economy(load_regime("commons-partner-state").params, 400, 3)
    for _ in range(3):
        step_period(e)
    return e


def test_metrics_shared_between_two_threads_equal_the_serial_ones(stepped, monkeypatch):
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**9)
    serial = period_metrics(stepped)
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    shared = period_metrics(stepped)
    assert list(shared) == list(serial)
    assert np.array_equal(np.array(list(shared.values())), np.array(list(serial.values())),
                          equal_nan=True)


def test_metrics_shared_by_last_periods_times_equal_the_serial_ones(stepped, monkeypatch):
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**9)
    serial = period_metrics(stepped)
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    times: dict[str, float] = {}
    first = period_metrics(stepped, times)
    assert set(times) == set(METRICS) and min(times.values()) >= 0.0
    again = period_metrics(stepped, times)
    for shared in (first, again):
        assert list(shared) == list(serial)
        assert np.array_equal(np.array(list(shared.values())),
                              np.array(list(serial.values())), equal_nan=True)


def test_the_threads_share_the_metrics_longest_first_by_last_times():
    items = tuple(METRICS.items())[:6]
    times = dict(zip([name for name, _ in items], [5.0, 1.0, 1.0, 1.0, 1.0, 1.0], strict=True))
    mine, theirs = metrics._shares(items, times)
    assert [name for name, _ in mine] == [items[0][0]]  # the long one alone
    assert [name for name, _ in theirs] == [name for name, _ in items[1:]]
    assert metrics._shares(items, {}) == (items[0::2], items[1::2])


def test_an_error_on_the_metrics_thread_reaches_the_caller(stepped, monkeypatch):
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    second = list(METRICS)[1]  # the helper thread computes every other metric
    broken = metrics.Metric(second, "x", METRICS[second].dimension, "Broken.",
                            lambda b: 1 / 0)
    table = [broken if name == second else m for name, m in METRICS.items()]
    monkeypatch.setattr(metrics, "METRICS", metrics.MetricTable(table))
    with pytest.raises(ZeroDivisionError):
        period_metrics(stepped)


def test_net_worth_reads_the_equity_claims_of_the_closing_balance_sheet(stepped, monkeypatch):
    claims = household_equity(stepped)
    assert np.array_equal(stepped.period.equity_close, claims)
    worth = balance.net_worth(stepped)

    def valued_again(*args, **kwargs):
        raise AssertionError("the claims were valued again")

    monkeypatch.setattr(balance, "household_equity", valued_again)
    assert np.array_equal(metrics.Books(stepped).net_worth, worth)
