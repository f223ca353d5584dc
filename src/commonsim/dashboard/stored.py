"""Stored runs and experiment batches, read from the results store for the dashboard.

Reads only, through :class:`commonsim.store.Store` opened read-only and closed at once, so
the dashboard never holds the file while a `commonsim run` wants to write it. Batches are
listed when the store has a ``batches`` table (written by ``commonsim experiment``); an
older store without one simply has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from commonsim.store import Store

RUN_COLUMNS = ["run_id", "regime", "households", "years", "seed", "batch", "created_at"]


@dataclass
class StoredRun:
    """One stored run: its record (parameters decoded) and its metrics, period x variable."""

    record: dict[str, Any]
    metrics: pd.DataFrame


def runs(path: str | Path) -> pd.DataFrame:
    """The complete runs of the store, newest first, with the columns a table needs."""
    with Store(path, read_only=True) as db:
        frame = db.runs()
    return frame[RUN_COLUMNS].iloc[::-1].reset_index(drop=True)


def run(path: str | Path, run_id: str) -> StoredRun:
    """One run's record and metrics (a unique prefix of its id is enough)."""
    with Store(path, read_only=True) as db:
        record = db.run(run_id)
        return StoredRun(record, db.wide(record["run_id"]))


def batches(path: str | Path) -> pd.DataFrame | None:
    """The experiment batches of the store, or None when the store has no batches table."""
    with Store(path, read_only=True) as db:
        if "batches" not in db.tables():
            return None
        # A plain read of a table that Store does not wrap (yet).
        return db._con.execute("SELECT * FROM batches").df()
