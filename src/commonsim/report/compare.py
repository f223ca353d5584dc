"""The comparison of regimes: run them, store the runs, evaluate the claims, write the report."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from commonsim.claims import REGIMES, ClaimResult, run_claims
from commonsim.economy.engine import check_size
from commonsim.errors import ConfigError
from commonsim.regimes import load_regime
from commonsim.report.build import ReportInfo, write_report
from commonsim.report.dimensions import REPORT_ONLY
from commonsim.report.runs import (
    DEFAULT_REGIMES,
    RunOutput,
    long_frame,
    lorenz_frame,
    make_specs,
    run_comparison,
)
from commonsim.store import Store


@dataclass
class Comparison:
    """Everything a comparison produced."""

    frame: pd.DataFrame
    lorenz: pd.DataFrame
    claims: list[ClaimResult]
    outputs: list[RunOutput]
    seconds: float
    store_note: str = ""
    index: Path | None = None


def check_sizes(replicates: int, households: int, years: int) -> None:
    """Bad sizes get a clear error before any work starts."""
    for name, value, low in (("replicates", replicates, 1), ("households", households, 1),
                             ("years", years, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"--{name} = {value!r}: allowed: an integer >= {low}")


def resolve_regimes(regimes: Sequence[str] | None) -> list[str]:
    """The regimes to compare (default: the essay's four), each checked to load."""
    chosen = list(regimes) if regimes else list(DEFAULT_REGIMES)
    chosen = [REGIMES.get(r, r) for r in chosen]  # accept 1a, 1b, 2, 3 as well
    for r in chosen:
        load_regime(r)  # raises ConfigError naming the file and key
    if len(set(chosen)) != len(chosen):
        raise ConfigError(f"regimes {chosen}: each regime may be given once")
    return chosen


def store_outputs(outputs: Sequence[RunOutput], path: str | Path | None, batch: str
                  ) -> tuple[str, str]:
    """Save every run in the embedded store; return a note and the store's path ("" if not).

    `path` None means the store's own default. A store that cannot be opened (locked,
    not a store) does not stop the report: the note says what went wrong.
    """
    try:
        with (Store(str(path)) if path is not None else Store()) as store:
            for out in outputs:
                s = out.spec
                run_id = store.start_run(load_regime(s.regime), s.households, s.years, s.seed,
                                         batch=batch)
                store.finish_run(run_id, out.metrics.drop(columns=list(REPORT_ONLY),
                                                          errors="ignore"))
            where = getattr(store, "path", path)
    except ConfigError as exc:
        return f"runs not stored: {exc}", ""
    return f"stored {len(outputs)} runs in {where} (batch {batch})", str(where)


def frame_from_store(path: str | Path | None = None, batch: str = "latest") -> pd.DataFrame:
    """The long comparison frame of a stored compare batch ("latest": the newest one)."""
    with (Store(str(path), read_only=True) if path is not None
          else Store(read_only=True)) as store:
        runs = store.runs()
        batches = [b for b in pd.unique(runs["batch"].dropna()) if str(b).startswith("compare-")]
        name = (batches[-1] if batches else None) if batch == "latest" else batch
        chosen = runs[runs["batch"] == name]
        if name is None or chosen.empty:
            raise ConfigError(f"--batch {batch}: no complete runs of that batch in the store;"
                              f" stored compare batches: {', '.join(batches) or 'none'}")
        long = store.metrics(list(chosen["run_id"]))
    info = chosen[["run_id", "regime", "seed", "households"]]
    frame = long.merge(info, on="run_id")
    sizes = frame[["run_id", "regime", "seed", "period", "households"]].drop_duplicates(
        ["run_id", "period"]).assign(variable="households")
    sizes["value"] = sizes["households"].astype(float)
    frame = pd.concat([frame, sizes], ignore_index=True)
    frame = frame.rename(columns={"seed": "replicate"}).dropna(subset=["value"])
    return frame[["regime", "replicate", "period", "variable", "value"]].reset_index(drop=True)


def compare(regimes: Sequence[str] | None = None, replicates: int = 10,
            households: int = 10_000, years: int = 50, workers: int | None = None,
            progress: bool = True, kind: str = "process") -> Comparison:
    """Run every regime `replicates` times (seeds 0..R-1) and evaluate the claims."""
    check_sizes(replicates, households, years)
    chosen = resolve_regimes(regimes)
    check_size(households, years)
    specs = make_specs(chosen, replicates, households, years)
    start = time.perf_counter()
    outputs = run_comparison(specs, workers=workers, progress=progress, kind=kind)
    frame = long_frame(outputs)
    lorenz = lorenz_frame(outputs)
    claims = run_claims(frame)
    return Comparison(frame, lorenz, claims, outputs, time.perf_counter() - start)


def batch_name() -> str:
    """A batch name for a comparison, from the current UTC time."""
    return "compare-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def write(comparison: Comparison, outdir: str | Path, store: str | Path | None,
          replicates: int, households: int, years: int, save: bool = True) -> Path:
    """Store the runs (if `save`; `store` None: the default store) and write the report."""
    batch = batch_name()
    note, where = (store_outputs(comparison.outputs, store, batch) if save
                   else ("runs not stored", ""))
    comparison.store_note = note
    measures = {o.wealth_measure for o in comparison.outputs}
    regimes = list(pd.unique(comparison.frame["regime"]))
    info = ReportInfo(regimes, replicates, households, years, comparison.seconds,
                      where, batch if where else "",
                      wealth_measure=", ".join(sorted(measures)) or "net worth",
                      notes=[note])
    comparison.index = write_report(comparison.frame, comparison.lorenz, comparison.claims,
                                    outdir, info)
    return comparison.index
