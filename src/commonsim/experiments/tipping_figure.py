"""The tipping-point map drawn: the boundary between the basins and its uncertainty.

Over the grid of the two varied factors (starting share across, the second factor up), the
colour is the share of seeds whose run ends on the commons side. The boundary between the
basins is where that share crosses one half; the lines where it crosses a quarter and three
quarters bound it over seeds (inside the band, seeds disagree). Lines are interpolated
linearly between grid points (matplotlib's contouring), and the same interpolation along
each row gives the crossing table on the page (:func:`crossings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.contour import QuadContourSet  # noqa: E402

plt.rcParams["svg.fonttype"] = "none"  # keep text as text in the SVG
plt.rcParams["svg.hashsalt"] = "commonsim"  # the same figure gives the same file

#: The boundary (share of seeds on the commons side = one half) and its uncertainty band.
BOUNDARY = 0.5
BAND = (0.25, 0.75)


@dataclass(frozen=True)
class BasinGrid:
    """Share of seeds ending on the commons side at each cell of the factorial grid."""

    share: str
    other: str
    xs: np.ndarray  # levels of `share`, ascending
    ys: np.ndarray  # levels of `other`, ascending
    fraction: np.ndarray  # shape (len(ys), len(xs)); NaN where a cell has no run


def basin_grid(runs: pd.DataFrame, share: str, other: str) -> BasinGrid:
    """The grid of commons-side shares from per-run basins (column ``commons_basin``)."""
    table = (runs.groupby([other, share])["commons_basin"].mean()
             .unstack(share).sort_index().sort_index(axis=1))
    return BasinGrid(share, other, table.columns.to_numpy(dtype=float),
                     table.index.to_numpy(dtype=float), table.to_numpy(dtype=float))


def crossings(grid: BasinGrid, level: float) -> np.ndarray:
    """Per row, the first `share` level where the commons-side share reaches `level`.

    Linear interpolation between the grid points either side of the first upward crossing;
    NaN where the row never reaches `level`.
    """
    out = np.full(grid.ys.size, np.nan)
    for row, values in enumerate(grid.fraction):
        above = np.flatnonzero(values >= level)
        if above.size == 0:
            continue
        k = int(above[0])
        if k == 0:
            out[row] = grid.xs[0]
            continue
        low, high = values[k - 1], values[k]
        out[row] = grid.xs[k - 1] + (level - low) / (high - low) * (grid.xs[k] - grid.xs[k - 1])
    return out


def draw_basins(ax: Axes, grid: BasinGrid) -> QuadContourSet | None:
    """Colour the grid by commons-side share and draw the boundary and its band.

    Returns the boundary lines (levels :data:`BAND` and :data:`BOUNDARY`), or None when
    no line crosses the grid (every cell on one side).
    """
    x, y = np.meshgrid(grid.xs, grid.ys)
    mesh = ax.pcolormesh(x, y, grid.fraction, shading="nearest", cmap="RdYlGn",
                         vmin=0.0, vmax=1.0)
    ax.figure.colorbar(mesh, ax=ax, label="share of seeds ending on the commons side")
    for (i, j), value in np.ndenumerate(grid.fraction):
        if value == value:
            ax.annotate(f"{value:.2f}", (grid.xs[j], grid.ys[i]), ha="center", va="center",
                        fontsize=7)
    finite = grid.fraction[np.isfinite(grid.fraction)]
    levels = [v for v in (BAND[0], BOUNDARY, BAND[1])
              if finite.size and finite.min() < v <= finite.max()]
    if not levels or min(grid.fraction.shape) < 2:
        return None
    return ax.contour(x, y, np.ma.masked_invalid(grid.fraction), levels=levels, colors="black",
                      linewidths=[2.0 if v == BOUNDARY else 1.0 for v in levels],
                      linestyles=["solid" if v == BOUNDARY else "dashed" for v in levels])


def boundary_figure(grid: BasinGrid, path: Path, title: str) -> Path:
    """Write the tipping-point map as an SVG at `path` and return it."""
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    lines = draw_basins(ax, grid)
    ax.set_xlabel(f"{grid.share} (starting share)")
    ax.set_ylabel(grid.other)
    if grid.ys.size > 1 and grid.ys.min() > 0 and grid.ys.max() / grid.ys.min() >= 4:
        ax.set_yscale("log", base=2)
        ax.set_yticks(grid.ys, [f"{v:g}" for v in grid.ys])
    ax.set_xticks(grid.xs, [f"{v:g}" for v in grid.xs])
    drawn = [] if lines is None else list(lines.levels)
    if BOUNDARY in drawn:
        note = "solid: boundary (half the seeds on the commons side)"
    else:
        note = "no cell reaches half the seeds on the commons side: no boundary in the grid"
    if any(v != BOUNDARY for v in drawn):
        note += f"; dashed: {' and '.join(f'{v:g}' for v in drawn if v != BOUNDARY)} of seeds"
    ax.set_title(f"{title}\n{note}", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path
