"""Analysing a stored batch: every analysis its design allows, gathered for the report.

Sobol' indices need a Sobol design, Morris indices a Morris design, attribution a switches
design; robustness and scenario discovery take any sampled design with claim parts. What a
design does not allow is left out, and an analysis that cannot run (e.g. missing outputs
after failed runs) says why in `notes` instead of stopping the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from commonsim.experiments.analysis.attribution import attribution
from commonsim.experiments.analysis.discovery import prim_box
from commonsim.experiments.analysis.robustness import horizons_note, robustness
from commonsim.experiments.analysis.sensitivity import morris_indices, sobol_indices
from commonsim.experiments.batch import BatchInfo, BatchStore
from commonsim.experiments.claim_parts import HOLDS
from commonsim.experiments.outcomes import claim_outputs, metric_outputs
from commonsim.experiments.spec import varied

#: At most this many claim parts get a PRIM box by default (the least robust first).
DISCOVERY_PARTS = 6


@dataclass
class Box:
    """A PRIM box for one claim part."""

    label: str
    part: str
    limits: pd.DataFrame
    stats: dict[str, float]


@dataclass
class Analysis:
    """Everything the batch report shows."""

    info: BatchInfo
    runs: pd.DataFrame
    metrics: pd.DataFrame = field(default_factory=pd.DataFrame)  # point x metric@regime
    parts: pd.DataFrame = field(default_factory=pd.DataFrame)  # point x part rows
    sensitivity: dict[str, pd.DataFrame] = field(default_factory=dict)  # output -> indices
    robustness: pd.DataFrame = field(default_factory=pd.DataFrame)
    horizons: str = ""  # which horizons the robustness verdicts rest on, in words
    attribution: pd.DataFrame = field(default_factory=pd.DataFrame)
    boxes: list[Box] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def part_effects(parts: pd.DataFrame) -> pd.DataFrame:
    """Point x part label table of each part's mean effect."""
    return parts.pivot(index="point", columns="label", values="effect")


def _sensitivity(a: Analysis, outputs: pd.DataFrame) -> None:
    spec, design = a.info.spec, a.info.design
    ranges = varied(spec)
    for name in outputs.columns:
        y = outputs[name].reindex(design.index).to_numpy(float)
        try:
            if spec.design.kind == "sobol":
                a.sensitivity[name] = sobol_indices(ranges, y, spec.design.second_order)
            else:
                a.sensitivity[name] = morris_indices(ranges, design.to_numpy(float), y,
                                                     spec.design.levels)
        except (ValueError, ZeroDivisionError) as exc:
            a.notes.append(f"sensitivity of {name}: not computed ({exc})")


def _discovery(a: Analysis, chosen: list[str] | None) -> None:
    table = a.robustness
    if chosen is None:
        candidates = table[table["emergent"] & (table["holds"] < 1) & (table["holds"] > 0)]
        chosen = list(candidates.sort_values("holds")["label"][:DISCOVERY_PARTS])
    for label in chosen:
        rows = a.parts[a.parts["label"] == label].set_index("point").sort_index()
        if rows.empty:
            a.notes.append(f"discovery for {label}: no such claim part in this batch")
            continue
        x = a.info.design.loc[rows.index]
        try:
            limits, stats = prim_box(x, (rows["verdict"] != HOLDS).to_numpy())
        except ValueError as exc:
            a.notes.append(f"discovery for {label}: {exc}")
            continue
        a.boxes.append(Box(label, str(rows["part"].iloc[0]), limits, stats))


def analyse(batches: BatchStore, batch: str, discover: list[str] | None = None) -> Analysis:
    """Run every analysis the batch's design allows."""
    info = batches.info(batch)
    spec = info.spec
    runs = batches.runs(info.batch_id)
    a = Analysis(info, runs)
    failed = int((runs["status"] == "failed").sum())
    if failed:
        a.notes.append(f"{failed} run(s) failed; their points lack those outputs")
    long = batches.metrics(info.batch_id)
    if long.empty:
        a.notes.append("no complete run: nothing to analyse")
        return a
    if spec.outputs.metrics:
        a.metrics = metric_outputs(long, spec.outputs.metrics)
    if spec.outputs.claims:
        a.parts = claim_outputs(long)
    kind = spec.design.kind
    if kind in ("sobol", "morris"):
        outputs = a.metrics
        if not a.parts.empty:
            effects = part_effects(a.parts[a.parts["emergent"]])
            outputs = pd.concat([outputs, effects], axis=1)
        _sensitivity(a, outputs.replace([np.inf, -np.inf], np.nan))
    if kind == "switches" and not a.parts.empty:
        a.attribution = attribution(info.design, a.parts[a.parts["emergent"]])
    elif not a.parts.empty:
        a.robustness = robustness(a.parts)
        a.horizons = horizons_note(a.robustness)
        if kind != "factorial" or discover:
            _discovery(a, discover)
    return a
