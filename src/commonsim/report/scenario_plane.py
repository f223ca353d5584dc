"""The scenario plane of Bauwens & Kostakis (2014): where a run sits, year by year.

Horizontal: orientation, accumulation of capital (-1) against the commons (+1), the metric
``commons_orientation``; vertical: control of the infrastructure, distributed (-1) against
centralised (+1), the metric ``control_centralisation`` (both declared in metrics.py). The
four quadrants carry the book's four scenarios where the book puts them (upper left
netarchical capitalism, lower left distributed capitalism, lower right resilient
communities, upper right global commons, whose upper half B&K read as global rather than
centralised). :data:`QUADRANT` says which quadrant each scenario regime is meant to land in.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from commonsim.report.legend import style_of  # noqa: E402
from commonsim.stats import band  # noqa: E402

X_METRIC, Y_METRIC = "commons_orientation", "control_centralisation"

#: Each scenario regime and the quadrant (sign of x, sign of y) Bauwens & Kostakis give it.
QUADRANT: dict[str, tuple[int, int]] = {
    "netarchical-capitalism": (-1, 1),
    "distributed-capitalism": (-1, -1),
    "resilient-communities": (1, -1),
    "global-commons": (1, 1),
}

#: The scenario names written in each quadrant of the plane.
LABELS = {(-1, 1): "netarchical capitalism", (-1, -1): "distributed capitalism",
          (1, -1): "resilient communities", (1, 1): "global commons"}


def quadrant(x: float, y: float) -> tuple[int, int]:
    """The quadrant (sign of x, sign of y) of a point; zero counts as capital/distributed."""
    return (1 if x > 0 else -1, 1 if y > 0 else -1)


def draw_plane(ax: Axes, paths: dict[str, tuple[np.ndarray, np.ndarray]],
               colours: dict[str, str]) -> None:
    """Draw the plane and each path (x and y by year): a line, its start and its end."""
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(0, color="grey", lw=0.8)
    for (sx, sy), text in LABELS.items():
        ax.text(0.55 * sx, 0.92 * sy, text, ha="center", va="center", fontsize=8,
                color="#555", style="italic")
    for name, (x, y) in paths.items():
        ax.plot(x, y, color=colours[name], lw=1.4, label=name)
        ax.plot(x[:1], y[:1], marker="o", mfc="white", color=colours[name], ms=4)
        ax.plot(x[-1:], y[-1:], marker="o", color=colours[name], ms=5)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("capital (-1)  <-  commons_orientation  ->  commons (+1)", fontsize=8)
    ax.set_ylabel("distributed (-1)  <-  control_centralisation  ->  centralised (+1)",
                  fontsize=8)
    ax.tick_params(labelsize=7)
    if paths:
        ax.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2,
                  frameon=False)


def plane_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Every regime of a long frame on the plane over time (means over replicates)."""
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    paths, colours = {}, {}
    for regime in pd.unique(frame["regime"]):
        x, y = band(frame, regime, X_METRIC), band(frame, regime, Y_METRIC)
        if x.empty or y.empty:
            continue
        paths[regime] = (x["mean"].to_numpy(float), y["mean"].to_numpy(float))
        colours[regime] = style_of(regime)[0]
    draw_plane(ax, paths, colours)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path
