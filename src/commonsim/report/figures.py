"""The report's figures: time series with intervals, Lorenz curves, where income goes.

Matplotlib with the Agg backend (no display needed); every function writes one PNG and
returns its path. Regimes keep the same colour in every figure.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from commonsim.stats import band, final_periods, horizon, window_mean  # noqa: E402

PALETTE = ("#1f77b4", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")

#: National income by claimant (shares of GDP), for "where income goes".
NATIONAL_SHARES = (
    ("wages and labour pay", "labour_share"),
    ("profits", "profit_share"),
    ("IP rent", "ip_rent_share"),
    ("platform rent", "platform_rent_share"),
    ("interest", "interest_share"),
    ("cooperative surplus", "entity_surplus_share"),
)

#: Household income by source (shares of household income).
HOUSEHOLD_SOURCES = (
    ("wages", ("income_from_wages", "income_from_coop_pay", "income_from_piece",
               "income_from_peer")),
    ("profits (dividends)", ("income_from_dividends",)),
    ("interest", ("income_from_interest",)),
    ("transfers", ("income_from_benefits", "income_from_stipends",
                   "income_from_solidarity")),
    ("cooperative surplus", ("income_from_coop_surplus",)),
    ("basic income", ("income_from_basic_income",)),
)


def colours(regimes: list[str]) -> dict[str, str]:
    """A colour for each regime, in order."""
    return {r: PALETTE[i % len(PALETTE)] for i, r in enumerate(regimes)}


def label(metric: str) -> str:
    """A metric's name as an axis label."""
    return metric.replace("_", " ")


def timeseries(frame: pd.DataFrame, metrics: list[str], path: Path, title: str = "") -> Path:
    """Small multiples of `metrics` over time, regimes overlaid with 95% bands."""
    regimes = list(pd.unique(frame["regime"]))
    col = colours(regimes)
    n = max(len(metrics), 1)
    ncols = min(3, n)
    nrows = (n + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.9 * nrows), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        for regime in regimes:
            b = band(frame, regime, metric)
            if b.empty:
                continue
            x = b.index.to_numpy(float)
            ax.plot(x, b["mean"], color=col[regime], lw=1.4, label=regime)
            low = np.where(np.isfinite(b["low"]), b["low"], b["mean"])
            high = np.where(np.isfinite(b["high"]), b["high"], b["mean"])
            ax.fill_between(x, low, high, color=col[regime], alpha=0.2, lw=0)
        ax.set_title(label(metric), fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("year", fontsize=7)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=min(4, len(regimes)), fontsize=8,
               frameon=False)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.06, 1, 0.96 if title else 1))
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def lorenz(curves: pd.DataFrame, path: Path, wealth_measure: str = "net worth") -> Path:
    """Lorenz curves of income and wealth in the final year (mean over replicates)."""
    regimes = list(pd.unique(curves["regime"]))
    col = colours(regimes)
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    titles = {"income": "disposable income", "wealth": f"wealth\n({wealth_measure})"}
    for ax, quantity in zip(axes, ("income", "wealth"), strict=True):
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="equality")
        for regime in regimes:
            c = curves[(curves["regime"] == regime) & (curves["quantity"] == quantity)]
            if len(c):
                ax.plot(c["population"], c["share"], color=col[regime], lw=1.4, label=regime)
        ax.set_title(f"Lorenz curve: {titles[quantity]}", fontsize=9)
        ax.set_xlabel("share of households (poorest first)", fontsize=8)
        ax.set_ylabel("share of the total", fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0].legend(fontsize=7, frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def income_split(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Final-window shares: national income by claimant and household income by source."""
    regimes = list(pd.unique(frame["regime"]))
    fw = final_periods(horizon(frame))

    def mean(regime: str, metric: str) -> float:
        s = window_mean(frame, regime, metric, fw)
        return float(s.mean()) if len(s) else 0.0

    national = pd.DataFrame({name: [mean(r, m) for r in regimes]
                             for name, m in NATIONAL_SHARES}, index=regimes)
    household = pd.DataFrame({name: [sum(mean(r, m) for m in ms) for r in regimes]
                              for name, ms in HOUSEHOLD_SOURCES}, index=regimes)
    return national, household


def income_figure(frame: pd.DataFrame, path: Path) -> Path:
    """Where each regime's income goes, as stacked bars (final window, mean of replicates)."""
    national, household = income_split(frame)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, table, title in ((axes[0], national, "national income by claimant (share of GDP)"),
                             (axes[1], household, "household income by source (share)")):
        bottom_pos = np.zeros(len(table))
        bottom_neg = np.zeros(len(table))
        x = np.arange(len(table))
        for i, name in enumerate(table.columns):
            v = table[name].to_numpy(float)
            base = np.where(v >= 0, bottom_pos, bottom_neg)
            ax.bar(x, v, bottom=base, color=PALETTE[i % len(PALETTE)], label=name, width=0.6)
            bottom_pos += np.where(v >= 0, v, 0)
            bottom_neg += np.where(v < 0, v, 0)
        ax.axhline(0, color="black", lw=0.6)
        ax.set_xticks(x, table.index, rotation=15, fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    # Claims are not a partition of GDP: profits are net of interest and depreciation, and
    # interest includes what the state pays on its bonds, a transfer rather than output.
    fig.text(0.01, 0.01, "Left: bars need not sum to one (profits net of depreciation;"
             " interest includes interest on state debt, a transfer).", fontsize=7)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
