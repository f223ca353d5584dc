"""Passes split over two threads give the same bits as one thread running them whole."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from commonsim.economy import halves
from commonsim.economy.engine import build_economy, step_period
from commonsim.regimes import load_regime

HOUSEHOLDS = 3_000
YEARS = 4


def _run(preset: str) -> dict[str, np.ndarray]:
    """Every household, firm and ledger array and both matrices after a short run."""
    e = build_economy(load_regime(preset).params, HOUSEHOLDS, seed=3)
    out: dict[str, np.ndarray] = {}
    for t in range(YEARS):
        tfm, bsm = step_period(e)
        out[f"tfm{t}"], out[f"bsm{t}"] = tfm.to_numpy(), bsm.to_numpy()
    for name, part in (("hh", e.state.households), ("firms", e.state.firms)):
        for field in dataclasses.fields(part):
            value = getattr(part, field.name)
            if isinstance(value, np.ndarray):
                out[f"{name}.{field.name}"] = value
    for book in ("deposits", "loans", "income"):
        for key, value in getattr(e.ledger, book).items():
            out[f"{book}.{key}"] = value
    return out


@pytest.mark.parametrize("preset", ["proprietary-weak-labour", "netarchical",
                                    "commons-partner-state"])
def test_split_passes_give_the_bits_of_whole_passes(preset, monkeypatch) -> None:
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    monkeypatch.setattr(halves, "SPLIT_FROM", 10**12)
    whole = _run(preset)
    monkeypatch.setattr(halves, "SPLIT_FROM", 1)  # every pass split, even the firms'
    split = _run(preset)
    assert whole.keys() == split.keys()
    for key, value in whole.items():
        got = split[key]
        assert got.dtype == value.dtype, key
        # Bits, not values: NaNs and signed zeros must match too.
        assert np.ascontiguousarray(got).tobytes() == np.ascontiguousarray(value).tobytes(), key


def test_a_pass_below_the_threshold_runs_whole_on_the_calling_thread(monkeypatch) -> None:
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(halves, "usable_cores", lambda: 2)
    halves.over_halves(lambda lo, hi: calls.append((lo, hi)), halves.SPLIT_FROM - 1)
    assert calls == [(0, halves.SPLIT_FROM - 1)]
    calls.clear()
    n = 2 * halves.SPLIT_FROM + 1
    halves.over_halves(lambda lo, hi: calls.append((lo, hi)), n)
    assert sorted(calls) == [(0, n // 2), (n // 2, n)]
