"""Refactors change nothing: every preset's metrics equal a recorded reference run.

The fixture ``tests/fixtures/reference_metrics.npz`` is a recording of the engine's output
(every preset, seeds 0 and 1, 1,000 households, 30 years) at the commit that wrote it. It is
not a target the model is tuned to: it proves that a change meant to keep results (a
refactor) keeps them, to 1e-12 relative or absolute.

When a change alters the model on purpose (a new rule, a recalibration), regenerate the
fixture deliberately in that same commit and say so in its message::

    python tests/test_identical_results.py --write
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commonsim import simulate
from commonsim.regimes import preset_names

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reference_metrics.npz"
SEEDS = (0, 1)
HOUSEHOLDS = 1_000
YEARS = 30
TOLERANCE = 1e-12


def run(preset: str, seed: int) -> pd.DataFrame:
    """The metrics of one reference run, as the engine computes them now."""
    result = simulate(preset, households=HOUSEHOLDS, years=YEARS, seed=seed,
                      keep_matrices=False)
    return result.metrics


def write_fixture() -> None:
    """Record every preset's reference runs (only on purpose: see the module docstring)."""
    arrays: dict[str, np.ndarray] = {}
    for preset in preset_names():
        for seed in SEEDS:
            frame = run(preset, seed)
            arrays[f"{preset}|{seed}|columns"] = np.array(frame.columns, dtype=str)
            arrays[f"{preset}|{seed}|values"] = frame.to_numpy(dtype=float)
    FIXTURE.parent.mkdir(exist_ok=True)
    np.savez_compressed(FIXTURE, **arrays)


def _reference() -> dict[str, np.ndarray]:
    with np.load(FIXTURE) as data:
        return {k: data[k] for k in data.files}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("preset", preset_names())
def test_metrics_equal_the_recorded_reference(preset: str, seed: int):
    reference = _reference()
    assert f"{preset}|{seed}|values" in reference, f"no reference run for {preset}"
    columns = list(reference[f"{preset}|{seed}|columns"])
    expected = reference[f"{preset}|{seed}|values"]
    frame = run(preset, seed)
    assert list(frame.columns) == columns
    actual = frame.to_numpy(dtype=float)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=TOLERANCE, atol=TOLERANCE,
                               equal_nan=True)


def test_every_preset_is_recorded():
    recorded = {k.split("|")[0] for k in _reference()}
    assert recorded == set(preset_names())


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_fixture()
    else:
        sys.exit("usage: python tests/test_identical_results.py --write")
