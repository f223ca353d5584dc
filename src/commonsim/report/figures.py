"""The report's figures: time series with intervals, Lorenz curves, where income goes.

Matplotlib with the Agg backend (no display needed); every function writes one SVG (text
stays text, sharp at any size) and returns its path. Every regime keeps the colour and line
style :mod:`.legend` declares for it, axes carry units, and years where a regime's schedule
changes its institutions are marked with dotted lines.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from commonsim.report.glossary import label, unit_of  # noqa: E402
from commonsim.report.legend import schedule_marks, style_of  # noqa: E402
from commonsim.stats import band, final_periods, horizon, window_mean  # noqa: E402

#: Colours of the stacked income bars (claimants and sources, not regimes).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1")
#: Text sizes in points: readable when the SVG is shown at its natural width.
FONT = {"title": 11, "label": 9, "tick": 8, "legend": 9}

plt.rcParams["svg.fonttype"] = "none"  # keep text as text in the SVG
plt.rcParams["svg.hashsalt"] = "commonsim"  # the same figure gives the same file

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


def _marks(ax: plt.Axes, regimes: list[str]) -> None:
    """Dotted vertical lines where a regime's schedule changes its institutions."""
    for regime in regimes:
        for year, _ in schedule_marks(regime):
            ax.axvline(year, color=style_of(regime)[0], lw=0.8, ls=":", alpha=0.8)


def timeseries(frame: pd.DataFrame, metrics: list[str], path: Path, title: str = "",
               regimes: list[str] | None = None) -> Path:
    """Small multiples of `metrics` over time, regimes overlaid with 95% bands."""
    regimes = regimes or list(pd.unique(frame["regime"]))
    n = max(len(metrics), 1)
    ncols = min(3, n)
    nrows = (n + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 3.2 * nrows), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        for regime in regimes:
            b = band(frame, regime, metric)
            if b.empty:
                continue
            colour, line = style_of(regime)
            x = b.index.to_numpy(float)
            ax.plot(x, b["mean"], color=colour, ls=line, lw=1.6, label=regime)
            low = np.where(np.isfinite(b["low"]), b["low"], b["mean"])
            high = np.where(np.isfinite(b["high"]), b["high"], b["mean"])
            ax.fill_between(x, low, high, color=colour, alpha=0.18, lw=0)
        _marks(ax, regimes)
        ax.set_title(label(metric), fontsize=FONT["label"])
        ax.set_ylabel(unit_of(metric), fontsize=FONT["tick"])
        ax.set_xlabel("year", fontsize=FONT["tick"])
        ax.tick_params(labelsize=FONT["tick"])
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="lower center", ncol=min(4, max(len(names), 1)),
               fontsize=FONT["legend"], frameon=False)
    if title:
        fig.suptitle(title, fontsize=FONT["title"])
    fig.tight_layout(rect=(0, 0.07, 1, 0.96 if title else 1))
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path


def lorenz(curves: pd.DataFrame, path: Path, wealth_measure: str = "net worth") -> Path:
    """Lorenz curves of income and wealth in the final year (mean over replicates)."""
    regimes = list(pd.unique(curves["regime"]))
    fig, axes = plt.subplots(1, 2, figsize=(9, 4.2))
    titles = {"income": "disposable income", "wealth": f"wealth\n({wealth_measure})"}
    for ax, quantity in zip(axes, ("income", "wealth"), strict=True):
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="equality")
        for regime in regimes:
            c = curves[(curves["regime"] == regime) & (curves["quantity"] == quantity)]
            if len(c):
                colour, line = style_of(regime)
                ax.plot(c["population"], c["share"], color=colour, ls=line, lw=1.6,
                        label=regime)
        ax.set_title(f"Lorenz curve: {titles[quantity]}", fontsize=FONT["label"])
        ax.set_xlabel("share of households, poorest first (0 to 1)", fontsize=FONT["tick"])
        ax.set_ylabel("share of the total (0 to 1)", fontsize=FONT["tick"])
        ax.tick_params(labelsize=FONT["tick"])
    axes[0].legend(fontsize=FONT["legend"], frameon=False)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
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
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6))
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
        ax.set_xticks(x, table.index, rotation=15, fontsize=FONT["tick"])
        ax.set_title(title, fontsize=FONT["label"])
        ax.set_ylabel("share (0 to 1)", fontsize=FONT["tick"])
        ax.tick_params(labelsize=FONT["tick"])
        ax.legend(fontsize=FONT["tick"], frameon=False, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0))
    # Claims are not a partition of GDP: profits are net of interest and depreciation, and
    # interest includes what the state pays on its bonds, a transfer rather than output.
    fig.text(0.01, 0.01, "Left: bars need not sum to one (profits net of depreciation;"
             " interest includes interest on state debt, a transfer).", fontsize=FONT["tick"])
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
    return path
