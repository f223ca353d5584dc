"""Outcomes of a batch, one row per design point: final metric values and claim-part results.

The input is the batch's long metrics (point, role, replicate, period, variable, value);
"final" is the mean of the last five years, as in claims.md. These tables are what the
sensitivity, robustness, attribution and discovery analyses take as their Y.
"""

from __future__ import annotations

import pandas as pd

from commonsim.experiments.claim_parts import part_label, part_outcomes
from commonsim.stats import final_periods


def final_values(long: pd.DataFrame, metrics: list[str] | None = None) -> pd.DataFrame:
    """Per (point, role, replicate): each metric's mean over the final window.

    Returns a frame with columns point, role, replicate and one column per metric.
    """
    if long.empty:
        return pd.DataFrame(columns=["point", "role", "replicate"])
    lo, hi = final_periods(int(long["period"].max()) + 1)
    window = long[(long["period"] >= lo) & (long["period"] < hi)]
    if metrics is not None:
        window = window[window["variable"].isin(metrics)]
    table = window.pivot_table(index=["point", "role", "replicate"], columns="variable",
                               values="value", aggfunc="mean")
    table.columns.name = None
    return table.reset_index()


def metric_outputs(long: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Per point: the replicate mean of each final metric in each regime (``metric@regime``)."""
    finals = final_values(long, metrics)
    present = [m for m in metrics if m in finals.columns]
    means = finals.groupby(["point", "role"])[present].mean().unstack("role")
    means.columns = [f"{metric}@{role}" for metric, role in means.columns]
    return means.sort_index()


def claim_outputs(long: pd.DataFrame, roles: dict[str, str] | None = None) -> pd.DataFrame:
    """Per point and claim part: verdict and effect, from that point's replicates.

    Args:
        long: the batch's long metrics.
        roles: which roles play 1a, 1b, 2 and 3 (default: the essay's preset names).
    """
    frames = []
    for point, group in long.groupby("point", sort=True):
        frame = group.rename(columns={"role": "regime"})[
            ["regime", "replicate", "period", "variable", "value"]]
        parts = part_outcomes(frame.reset_index(drop=True), roles)
        parts.insert(0, "point", int(point))
        frames.append(parts)
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    out.insert(1, "label", [part_label(c, n) for c, n in zip(out["claim"], out["part_no"],
                                                             strict=True)])
    return out
