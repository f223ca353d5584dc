"""Finding the last stored comparison, so judging the claims does not run the model again.

`commonsim compare` stores every run of a comparison under one batch name
(``compare-<UTC time>``) with the code version that produced it. The claims are judged on
the newest such batch made by the running code version; runs of another version are not
reused, because a changed model would make their verdicts stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from commonsim.errors import ConfigError
from commonsim.report.compare import batch_name, compare, frame_from_store, store_outputs
from commonsim.store import Store, code_version


@dataclass
class StoredComparison:
    """A compare batch read back from the store."""

    batch: str
    code_version: str
    runs: int
    created: str
    store: str
    frame: pd.DataFrame

    def describe(self) -> str:
        """Which comparison this is, in one line."""
        return (f"Reused stored comparison {self.batch} ({self.runs} runs, code version"
                f" {self.code_version}, stored {self.created} UTC) from {self.store}.")


def _open(path: str | Path | None) -> Store:
    return Store(str(path), read_only=True) if path is not None else Store(read_only=True)


def latest_comparison(path: str | Path | None = None, batch: str | None = None
                      ) -> StoredComparison | None:
    """The newest compare batch of this code version (or the named `batch`), or None.

    None when there is no store file or no such batch; a store that exists but cannot be
    read raises ConfigError naming it.
    """
    where = Path(path) if path is not None else None
    if where is not None and not where.exists():
        return None
    try:
        with _open(path) as store:
            runs = store.runs()
            location = str(getattr(store, "path", path))
    except ConfigError:
        if where is None:
            return None
        raise
    runs = runs[runs["batch"].fillna("").str.startswith("compare-")]
    if batch is None:
        runs = runs[runs["code_version"] == code_version()]
        names = list(pd.unique(runs["batch"]))
        if not names:
            return None
        batch = names[-1]
    chosen = runs[runs["batch"] == batch]
    if chosen.empty:
        return None
    frame = frame_from_store(path, batch)
    return StoredComparison(batch, str(chosen["code_version"].iloc[0]), len(chosen),
                            str(chosen["created_at"].min())[:19], location, frame)


def run_and_store(path: str | Path | None, replicates: int, households: int, years: int,
                  workers: int | None, quiet: bool) -> tuple[pd.DataFrame, str]:
    """Run a new comparison (none is stored), store it, and say so."""
    comparison = compare(None, replicates, households, years, workers=workers,
                         progress=not quiet)
    note, _ = store_outputs(comparison.outputs, path, batch_name())
    return comparison.frame, (f"No stored comparison of this code version: ran one"
                              f" ({replicates} replicates x {households:,} households x"
                              f" {years} years); {note}.")
