"""Robustness and attribution columns of the comparison report, from batches in the store.

When the store holds a robustness batch (a global sample with claim parts: a Latin
hypercube or Sobol design, the spec named "robustness" preferred) and/or attribution
batches (switches designs) made by the same committed code version as the comparison,
the claims table gets, per emergent part, the share of the sample in which the part holds
with its interval, and each institution's share of its effect. The numbers are computed
from the stored runs by the experiments package's own analyses, never copied from a file.
Uncommitted code ('-dirty' versions) never matches, as for reusing runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from commonsim.experiments.analyse import analyse
from commonsim.experiments.analysis.robustness import horizons_note, robustness
from commonsim.experiments.batch import DIRTY, BatchStore
from commonsim.experiments.outcomes import claim_outputs
from commonsim.report.formatting import number
from commonsim.store import Store, StoreError

#: The experiment that produces a robustness batch.
ROBUSTNESS_SPEC = "examples/experiments/robustness.toml"
#: Design kinds that sample globally (robustness) and that switch institutions (attribution).
GLOBAL_DESIGNS, SWITCHES = ("latin", "sobol"), "switches"


@dataclass
class StoredRobustness:
    """The columns to add, keyed by part label (``M3.4#0``), and the sentence about them."""

    holds: dict[str, str] = field(default_factory=dict)
    attribution: dict[str, str] = field(default_factory=dict)
    note: str = ""
    robustness_batch: str = ""
    attribution_batches: list[str] = field(default_factory=list)


def how_to(version: str) -> str:
    """The one sentence shown when no robustness batch of this code version is stored."""
    if version.endswith(DIRTY):
        return ("No robustness or attribution columns: the code is uncommitted; commit it and"
                f" run `commonsim experiment {ROBUSTNESS_SPEC}` to produce a robustness batch.")
    return (f"No robustness batch of this code version ({version}) is in the store; run"
            f" `commonsim experiment {ROBUSTNESS_SPEC}` to produce one.")


def _candidates(batches: BatchStore, version: str) -> tuple[str | None, list[str]]:
    """The newest robustness batch and every attribution batch of `version` with runs."""
    table = batches.batches()
    table = table[(table["code_version"] == version) & (table["complete"] > 0)]
    with_claims = [b for b in table["batch_id"] if batches.info(b).spec.outputs.claims]
    table = table[table["batch_id"].isin(with_claims)]
    sampled = table[table["design"].isin(GLOBAL_DESIGNS)]
    named = sampled[sampled["name"] == "robustness"]
    chosen = named if len(named) else sampled
    found = str(chosen["batch_id"].iloc[-1]) if len(chosen) else None
    return found, list(table.loc[table["design"] == SWITCHES, "batch_id"])


def _holds_cells(batches: BatchStore, batch_id: str) -> tuple[dict[str, str], str]:
    table = robustness(claim_outputs(batches.metrics(batch_id)))
    if table.empty:
        return {}, ""
    emergent = table[table["emergent"]]
    cells = {r.label: f"{r.holds:.0%} [{r.holds_low:.0%}, {r.holds_high:.0%}]"
             for r in emergent.itertuples()}
    return cells, horizons_note(table)


def _attribution_cells(batches: BatchStore, batch_ids: list[str]) -> dict[str, str]:
    cells: dict[str, list[str]] = {}
    for batch_id in batch_ids:
        spec = batches.info(batch_id).spec
        table = analyse(batches, batch_id).attribution
        for label, g in table.groupby("label", sort=False):
            shares = ", ".join(f"{r.group} {number(100 * r.share)}%" for r in g.itertuples())
            cells.setdefault(str(label), []).append(
                f"{shares} (from {spec.design.base} to {spec.design.target})")
    return {label: "; ".join(texts) for label, texts in cells.items()}


def stored_robustness(path: str | Path | None, version: str) -> StoredRobustness:
    """The robustness and attribution columns for a comparison made at `version`."""
    if not path or not Path(path).is_file() or version.endswith(DIRTY):
        return StoredRobustness(note=how_to(version))
    try:
        with Store(path, read_only=True) as db:
            try:
                batches = BatchStore(db)
            except StoreError:  # no experiment has ever been run into this store
                return StoredRobustness(note=how_to(version))
            return _from_batches(batches, version)
    except StoreError as exc:  # e.g. locked by another process
        return StoredRobustness(note=f"{how_to(version)} (store not readable: {exc})")


def _from_batches(batches: BatchStore, version: str) -> StoredRobustness:
    found, switches = _candidates(batches, version)
    if found is None and not switches:
        return StoredRobustness(note=how_to(version))
    out = StoredRobustness(robustness_batch=found or "", attribution_batches=switches)
    notes = []
    if found is not None:
        out.holds, judged = _holds_cells(batches, found)
        notes.append(f"Robustness: share of the global sample of batch {found} in which each"
                     f" emergent part holds, with its 95% interval ({judged}).")
    else:
        notes.append(how_to(version))
    if switches:
        out.attribution = _attribution_cells(batches, switches)
        notes.append("Attribution: each institution's Shapley share of the part's effect,"
                     f" from batch(es) {', '.join(switches)}.")
    out.note = " ".join(notes)
    return out
