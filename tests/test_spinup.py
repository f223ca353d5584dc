"""One opening for all: the spin-up, its cache and its refusal (commonsim/spinup.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import commonsim
from commonsim import spinup
from commonsim.errors import ConfigError
from commonsim.spinup import CACHE_ENV, CACHE_SWITCH_ENV

ESSAY = ("proprietary-balanced", "proprietary-weak-labour", "netarchical",
         "commons-partner-state")
SMALL = {"engine.spinup_years": 12}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh spin-up cache folder for one test.

    The 12-year spin-ups used here for speed are too short to settle (the refusal is
    tested on its own below), so the settle check is widened: these tests are about the
    shared opening and its cache, not about when a spin-up settles.
    """
    folder = tmp_path / "spinup"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    monkeypatch.delenv(CACHE_SWITCH_ENV, raising=False)
    monkeypatch.setattr(spinup, "SETTLE_BOUNDS", {k: float("inf")
                                                  for k in spinup.SETTLE_BOUNDS})
    return folder


def test_every_essay_preset_shares_year_0_and_differs_from_year_1(cache) -> None:
    """Issue 14 item 2: the year-0 balance sheets of all presets are identical."""
    runs = {name: commonsim.simulate(name, households=120, years=2, seed=3, overrides=SMALL)
            for name in ESSAY}
    first = runs[ESSAY[0]]
    for name, result in runs.items():
        pd.testing.assert_frame_equal(result.bsm(0), first.bsm(0), check_exact=True)
        pd.testing.assert_frame_equal(result.tfm(0), first.tfm(0), check_exact=True)
        assert result.metrics.iloc[0].equals(first.metrics.iloc[0]), name
    # From year 1 the regimes' own institutions act, so the flows part company.
    assert not runs["proprietary-balanced"].tfm(1).equals(runs["commons-partner-state"].tfm(1))
    assert len(list(cache.glob("*.pickle"))) == 1  # one spin-up served every preset


def test_results_are_identical_with_and_without_the_cache(cache, monkeypatch) -> None:
    """A run from the cached opening equals one that spins up afresh (and the first run)."""
    args = {"households": 80, "years": 4, "seed": 5, "overrides": SMALL}
    computed = commonsim.simulate("netarchical", **args).metrics
    cached = commonsim.simulate("netarchical", **args).metrics
    monkeypatch.setenv(CACHE_SWITCH_ENV, "0")
    fresh = commonsim.simulate("netarchical", **args).metrics
    pd.testing.assert_frame_equal(cached, computed, check_exact=True)
    pd.testing.assert_frame_equal(fresh, computed, check_exact=True)


def test_the_cache_key_moves_with_what_the_spin_up_depends_on() -> None:
    """Households, seed, years and any non-institutional parameter change the key;
    a regime's institutions do not (they act only from year 1)."""
    base = commonsim.load_regime("proprietary-balanced").params
    other = commonsim.load_regime("commons-partner-state").params
    ref = spinup.reference_params
    key = spinup.spinup_key(ref(base), 100, 1, 50)
    assert key == spinup.spinup_key(ref(other), 100, 1, 50)
    assert key != spinup.spinup_key(ref(base), 101, 1, 50)
    assert key != spinup.spinup_key(ref(base), 100, 2, 50)
    assert key != spinup.spinup_key(ref(base), 100, 1, 51)
    moved = commonsim.load_regime("proprietary-balanced",
                                  {"households.propensity_income": 0.8}).params
    assert key != spinup.spinup_key(ref(moved), 100, 1, 50)


def test_a_commons_pool_starts_small_at_the_documented_size(cache) -> None:
    """The commons starts at one year of volunteers' civic hours times skill."""
    result = commonsim.simulate("netarchical", households=100, years=2, seed=2,
                                overrides=SMALL)
    assert result.metrics["commons_stock"].iloc[0] == 0.0
    assert result.metrics["commons_stock"].iloc[1] > 0.0


def test_a_spin_up_that_does_not_settle_is_refused(cache, monkeypatch) -> None:
    """Bad input: one line naming engine.spinup_years and the series that drifts."""
    monkeypatch.setattr(spinup, "SETTLE_BOUNDS", {"unemployment": -1.0})
    with pytest.raises(ConfigError, match=r"engine\.spinup_years = 12: .*unemployment"):
        commonsim.simulate("proprietary-weak-labour", households=50, years=2, seed=0,
                           overrides=SMALL)
    assert not list(cache.glob("*.pickle"))


def test_the_cli_refuses_an_unsettled_spin_up_before_storing(cache, monkeypatch, cli,
                                                             tmp_path) -> None:
    """Exit 2, one line, no store written."""
    monkeypatch.setattr(spinup, "SETTLE_BOUNDS", {"state_debt_to_gdp": -1.0})
    store = tmp_path / "runs.duckdb"
    result = cli("run", "netarchical", "--households", 40, "--years", 2, "--set",
                 "engine.spinup_years=12", "--store", store)
    assert result.exit_code == 2
    assert "engine.spinup_years = 12" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not store.exists()


def test_trend_error_separates_drift_from_noise() -> None:
    """A straight rise has no error; pure noise has a rise within a few errors of 0."""
    rise, error = spinup.trend_and_error([0.1 * k for k in range(30)])
    assert rise == pytest.approx(2.9) and error == pytest.approx(0.0, abs=1e-12)
    noise = np.random.default_rng(0).normal(0.0, 0.05, 30)
    rise, error = spinup.trend_and_error(list(noise))
    assert abs(rise) < 3 * error
