"""The dashboard's figures: time series with seed intervals, Lorenz curves, where income goes.

Each function takes the runs (plain data from :mod:`commonsim.dashboard.adapter`) and returns
a matplotlib ``Figure`` built without pyplot, so figures are independent of any global state
and the page shows them as images served by the local server.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from commonsim.dashboard.adapter import (
    FACTOR_SHARES,
    MONEY_SERIES,
    Runs,
    band,
    factor_shares,
    mean_lorenz,
    real,
)
from commonsim.mechanisms.politics import INSTITUTION_METRICS, INSTITUTIONS
from commonsim.report.scenario_plane import draw_plane

#: A fixed colour per series, so "your settings" is the same colour in every figure.
COLOURS = ("#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#a16207", "#0f766e")


def colour_of(runs: Runs) -> dict[str, str]:
    """Colour of each regime shown, by its order of appearance."""
    return {label: COLOURS[i % len(COLOURS)] for i, label in enumerate(runs.labels())}


def time_series(runs: Runs, variable: str) -> Figure:
    """One metric over time per regime: the mean over seeds and its 95% interval."""
    fig = Figure(figsize=(6.4, 3.4), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    colours = colour_of(runs)
    real_differs = False
    for label in runs.labels():
        b = band(runs.of(label), variable)
        if b.empty:
            continue
        ax.plot(b.index, b["mean"], color=colours[label], label=label, lw=1.8)
        ax.fill_between(b.index, b["low"], b["high"], color=colours[label], alpha=0.18, lw=0)
        real_differs |= real(runs.of(label)[0].metrics, variable)[1]
    note = "" if real_differs or variable not in MONEY_SERIES else (
        " (nominal = real: prices are fixed)")
    ax.set_title(f"{variable}{note}", fontsize=10)
    ax.set_xlabel("year")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, title="mean and 95% interval over seeds", title_fontsize=8)
    return fig


def lorenz(runs: Runs, quantity: str) -> Figure:
    """Final-year Lorenz curves of income or wealth, averaged over seeds."""
    fig = Figure(figsize=(4.2, 3.8), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    colours = colour_of(runs)
    for label in runs.labels():
        curve = mean_lorenz(runs.of(label), quantity)
        grid = np.linspace(0.0, 1.0, curve.size)
        ax.plot(grid, curve, color=colours[label], label=label, lw=1.8)
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="equality")
    ax.set_title(f"Lorenz curve of {quantity}, final year", fontsize=10)
    ax.set_xlabel("share of households, poorest first")
    ax.set_ylabel(f"share of {quantity}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def income_shares(runs: Runs) -> Figure:
    """Where value added goes (factor shares), last five years, one bar per regime."""
    fig = Figure(figsize=(6.4, 3.0), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    labels = runs.labels()
    shares = {label: factor_shares(runs.of(label)) for label in labels}
    left = np.zeros(len(shares))
    for i, name in enumerate(FACTOR_SHARES):
        values = np.array([float(s.get(name, 0.0)) for s in shares.values()])
        ax.barh(list(shares), values, left=left, color=COLOURS[i % len(COLOURS)],
                label=name.removesuffix("_share").replace("_", " "))
        left += values
    ax.set_title("Where income goes: shares of value added, last five years", fontsize=10)
    ax.set_xlabel("share of value added")
    ax.legend(fontsize=7, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    return fig



def institutions(runs: Runs) -> Figure:
    """Each movable institution's level over time per regime (mean over seeds).

    With the political rule off the lines are flat at the regime's levels; with it on they
    show what the constituencies did to each institution, year by year.
    """
    fig = Figure(figsize=(9.6, 6.0), dpi=100, layout="constrained")
    axes = fig.subplots(3, 3).ravel()
    colours = colour_of(runs)
    for ax, inst, variable in zip(axes, INSTITUTIONS, INSTITUTION_METRICS, strict=True):
        for label in runs.labels():
            b = band(runs.of(label), variable)
            if not b.empty:
                ax.plot(b.index, b["mean"], color=colours[label], label=label, lw=1.6)
        ax.set_ylim(inst.low - 0.05 * (inst.high - inst.low),
                    inst.high + 0.05 * (inst.high - inst.low))
        ax.set_title(inst.key, fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    fig.suptitle("Institutions over time (political rule: bounds of the y axes)", fontsize=10)
    return fig


def scenario_plane(runs: Runs) -> Figure:
    """Each regime's path on Bauwens & Kostakis' scenario plane (mean over seeds)."""
    fig = Figure(figsize=(5.2, 4.6), dpi=100, layout="constrained")
    paths = {}
    for label in runs.labels():
        x = band(runs.of(label), "commons_orientation")
        y = band(runs.of(label), "control_centralisation")
        if not x.empty and not y.empty:
            paths[label] = (x["mean"].to_numpy(), y["mean"].to_numpy())
    draw_plane(fig.add_subplot(), paths, colour_of(runs))
    return fig
