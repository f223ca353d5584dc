"""Tidy export of a batch: parameters joined to results, per run and per run and period.

Two tables, each one row per observation: ``runs`` (point, regime, replicate, seed, run
id, status, the design's factors, then every metric's final value -- the mean of the last
five years) and ``periods`` (the same keys and factors, period, then every metric that
period). Written as Parquet or CSV, readable with pandas, DuckDB or R.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from commonsim.experiments.batch import BatchStore
from commonsim.experiments.outcomes import final_values

FORMATS = ("parquet", "csv")


def tidy_tables(batches: BatchStore, batch: str) -> dict[str, pd.DataFrame]:
    """The batch's ``runs`` and ``periods`` tables."""
    info = batches.info(batch)
    keys = ["point", "role", "replicate"]
    runs = batches.runs(info.batch_id)[keys + ["seed", "run_id", "status", "error"]]
    factors = info.design.reset_index()
    long = batches.metrics(info.batch_id)
    finals = final_values(long)
    per_run = runs.merge(factors, on="point", how="left").merge(finals, on=keys, how="left")
    periods = long.pivot_table(index=keys + ["period"], columns="variable", values="value",
                               aggfunc="first")
    periods.columns.name = None
    per_period = (runs[keys + ["seed", "run_id"]].merge(factors, on="point", how="left")
                  .merge(periods.reset_index(), on=keys, how="inner"))
    rename = {"role": "regime"}
    return {"runs": per_run.rename(columns=rename),
            "periods": per_period.rename(columns=rename)}


def export_batch(batches: BatchStore, batch: str, out_dir: Path, fmt: str = "parquet"
                 ) -> list[Path]:
    """Write ``runs.<fmt>`` and ``periods.<fmt>`` into `out_dir`; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tidy_tables(batches, batch).items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            table.to_csv(path, index=False)
        else:
            table.to_parquet(path, index=False)
        paths.append(path)
    return paths
