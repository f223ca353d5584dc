"""The tipping-point map drawn on constructed data with a known boundary (issue 19)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from commonsim.experiments.tipping_figure import (
    basin_grid,
    boundary_figure,
    crossings,
    draw_basins,
)

SHARES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
WEIGHTS = (0.5, 1.0, 2.0, 4.0)
#: Four seeds tip at these starting shares when the weight is 1; every threshold falls by
#: 0.1 for each doubling of the weight. At weight 1 the share of seeds on the commons side
#: is 0, 0, 0.25, 0.75, 1, 1 over SHARES: the boundary (0.5) is at 0.25, the band from
#: 0.2 (0.25) to 0.3 (0.75).
SEED_THRESHOLDS = (0.15, 0.25, 0.25, 0.35)


def _runs() -> pd.DataFrame:
    rows = []
    for w in WEIGHTS:
        shift = 0.1 * np.log2(w)
        for seed, tips in enumerate(SEED_THRESHOLDS):
            for s in SHARES:
                rows.append({"w": w, "s": s, "replicate": seed,
                             "commons_basin": s >= tips - shift - 1e-9})
    return pd.DataFrame(rows)


def _known_boundary(w: float) -> float:
    return 0.25 - 0.1 * np.log2(w)


def test_crossings_find_the_known_boundary_and_band() -> None:
    grid = basin_grid(_runs(), "s", "w")
    assert grid.fraction.shape == (len(WEIGHTS), len(SHARES))
    np.testing.assert_allclose(grid.fraction[1], [0, 0, 0.25, 0.75, 1, 1])
    np.testing.assert_allclose(crossings(grid, 0.5), [_known_boundary(w) for w in WEIGHTS])
    np.testing.assert_allclose(crossings(grid, 0.25)[1:3], [0.2, 0.1])
    np.testing.assert_allclose(crossings(grid, 0.75)[1:3], [0.3, 0.2])
    never = basin_grid(_runs().assign(commons_basin=False), "s", "w")
    assert np.isnan(crossings(never, 0.5)).all()


def test_the_drawn_boundary_lies_on_the_known_one(tmp_path: Path) -> None:
    grid = basin_grid(_runs(), "s", "w")
    fig, ax = plt.subplots()
    lines = draw_basins(ax, grid)
    assert lines is not None and list(lines.levels) == [0.25, 0.5, 0.75]
    boundary = np.concatenate(lines.allsegs[1])
    # Every point of the drawn 0.5 line at a grid weight sits on the known boundary.
    for w in WEIGHTS:
        on_row = boundary[np.isclose(boundary[:, 1], w)]
        assert on_row.size and on_row[:, 0] == pytest.approx(_known_boundary(w))
    plt.close(fig)
    path = boundary_figure(grid, tmp_path / "map.svg", "constructed")
    text = path.read_text()
    assert text.startswith("<?xml") and "solid: boundary" in text
    # The same data give the same file.
    assert boundary_figure(grid, tmp_path / "again.svg", "constructed").read_text() == text


def test_a_grid_on_one_side_draws_no_boundary(tmp_path: Path) -> None:
    grid = basin_grid(_runs().assign(commons_basin=False), "s", "w")
    fig, ax = plt.subplots()
    assert draw_basins(ax, grid) is None
    plt.close(fig)
    text = boundary_figure(grid, tmp_path / "none.svg", "constructed").read_text()
    assert "no boundary in the grid" in text and "dashed" not in text
