"""The embedded results store: one DuckDB file holding every run and its metrics.

Two tables. ``runs`` has one row per run: what was asked (regime, sizes, seed, the fully
resolved parameters and the schedule of changes), which code ran it, and its status.
``metrics`` holds the per-period metrics in long (tidy) form: run_id, period, variable,
value. A run is first recorded as 'running' (so a run killed halfway stays visible as such)
and becomes 'complete' only in the same transaction that writes its metrics, so a crash can
never leave a run marked complete with missing rows, nor touch runs stored earlier.

    >>> with Store("commonsim.duckdb") as store:          # doctest: +SKIP
    ...     run_id = store.save_result(commonsim.simulate("netarchical", 1000, 20))
    ...     store.wide(run_id)["wealth_gini"]
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import duckdb
import numpy as np
import pandas as pd

from commonsim.errors import ConfigError
from commonsim.params import flat_values
from commonsim.version import __version__

if TYPE_CHECKING:
    from commonsim.api import Result
    from commonsim.regimes import Regime

DEFAULT_PATH = "commonsim.duckdb"
STATUSES = ("running", "complete", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id        TEXT PRIMARY KEY,
    regime        TEXT NOT NULL,
    model         TEXT,
    regime_source TEXT,
    households    INTEGER NOT NULL,
    years         INTEGER NOT NULL,
    seed          BIGINT NOT NULL,
    parameters    JSON NOT NULL,
    schedule      JSON NOT NULL,
    code_version  TEXT,
    status        TEXT NOT NULL,
    batch         TEXT,
    host          TEXT,
    pid           INTEGER,
    error         TEXT,
    created_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP
);
CREATE TABLE IF NOT EXISTS metrics (
    run_id   TEXT NOT NULL,
    period   INTEGER NOT NULL,
    variable TEXT NOT NULL,
    value    DOUBLE
);
"""


class StoreError(ConfigError):
    """The store file cannot be used (missing, locked, not a DuckDB file) or a run id is bad."""


def _now() -> datetime:
    """Current UTC time without zone: every timestamp in the store is UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version, plus the git commit (and '-dirty') when run from a checkout."""
    here = Path(__file__).resolve().parent
    try:
        # Only a checkout that tracks this very file says which commit is running (an
        # installed copy inside some other repository's .venv must not borrow its HEAD).
        subprocess.run(["git", "ls-files", "--error-unmatch", Path(__file__).name], cwd=here,
                       capture_output=True, timeout=5, check=True)
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=here, capture_output=True,
            text=True, timeout=5, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", "."], cwd=here,
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return __version__
    if not sha:
        return __version__
    return f"{__version__}+g{sha}" + ("-dirty" if dirty else "")


def is_stale(status: str, host: str | None, pid: int | None) -> bool:
    """True for a 'running' run whose process, on this host, no longer exists (killed)."""
    if status != "running" or host != socket.gethostname() or not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists but belongs to someone else
    return False


def _schedule_json(regime: Regime) -> str:
    return json.dumps(
        [{"year": c.year, "set": c.values, "note": c.note} for c in regime.schedule],
        default=str,
    )


class Store:
    """A DuckDB file of runs and their metrics; use as a context manager.

    Only one process may have the file open for writing at a time (DuckDB's rule), so a
    writer that finds it locked retries for `lock_timeout` seconds before giving up.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        read_only: bool = False,
        *,
        lock_timeout: float = 30.0,
    ):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (run `commonsim run` first)")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: directory {self.path.parent} does not exist")
        self._con = self._connect(lock_timeout)
        if not read_only:
            self._con.execute(_SCHEMA)
        else:
            tables = {r[0] for r in self._con.execute("SHOW TABLES").fetchall()}
            if not {"runs", "metrics"} <= tables:
                self._con.close()
                raise StoreError(f"{self.path}: not a commonsim store (no runs/metrics tables)")

    def _connect(self, lock_timeout: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + lock_timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                locked = "lock" in str(exc).lower()
                if locked and time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                why = "locked by another process" if locked else f"cannot be opened ({exc})"
                raise StoreError(f"{self.path}: store {why}") from None
            except duckdb.Error as exc:
                raise StoreError(
                    f"{self.path}: not a DuckDB store ({str(exc).splitlines()[0]})"
                ) from None

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (the file is then free for other processes)."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------

    def start_run(
        self,
        regime: Regime,
        households: int,
        years: int,
        seed: int,
        batch: str | None = None,
    ) -> str:
        """Record a run as 'running' before any work, so a killed run stays visible."""
        run_id = uuid4().hex[:16]
        self._con.execute(
            "INSERT INTO runs (run_id, regime, model, regime_source, households, years, seed,"
            " parameters, schedule, code_version, status, batch, host, pid, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)",
            [
                run_id, regime.name, regime.model, regime.source, households, years, seed,
                json.dumps(flat_values(regime.params)), _schedule_json(regime), code_version(),
                batch, socket.gethostname(), os.getpid(), _now(),
            ],
        )
        return run_id

    def finish_run(self, run_id: str, metrics: pd.DataFrame) -> None:
        """Write a run's metrics and mark it 'complete', all in one transaction.

        `metrics` is the wide frame of :class:`commonsim.Result` (index: period, one column
        per variable). On any error nothing of it is kept and the run is marked 'failed'.
        """
        status = self._status(run_id)
        if status != "running":
            raise StoreError(f"run {run_id} is {status}, not running: cannot finish it")
        con = self._con
        try:
            long = _to_long(run_id, metrics)
            con.execute("BEGIN TRANSACTION")
            self._insert_metrics(long)
            con.execute(
                "UPDATE runs SET status = 'complete', finished_at = ? WHERE run_id = ?",
                [_now(), run_id],
            )
            con.execute("COMMIT")
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the transaction never started
            self.fail_run(run_id, f"{type(exc).__name__}: {exc}")
            raise

    def _insert_metrics(self, long: pd.DataFrame) -> None:
        """Bulk insert of long metric rows (DuckDB scans the frame; no row-by-row inserts)."""
        self._con.register("_commonsim_metrics", long)
        try:
            self._con.execute(
                "INSERT INTO metrics SELECT run_id, period, variable, value"
                " FROM _commonsim_metrics"
            )
        finally:
            self._con.unregister("_commonsim_metrics")

    def fail_run(self, run_id: str, error: str = "") -> None:
        """Mark a run 'failed' (its metrics, if any were half written, were rolled back)."""
        self._con.execute(
            "UPDATE runs SET status = 'failed', finished_at = ?, error = ? WHERE run_id = ?",
            [_now(), error[:2000], run_id],
        )

    def save_result(self, result: Result, batch: str | None = None) -> str:
        """Store a finished :class:`commonsim.Result`; returns its run id."""
        run_id = self.start_run(result.regime, result.households, result.years, result.seed,
                                batch)
        self.finish_run(run_id, result.metrics)
        return run_id

    # -- reading --------------------------------------------------------------------------

    def resolve(self, run_id: str) -> str:
        """The full run id of `run_id` or of a unique prefix of one."""
        rows = self._con.execute(
            "SELECT run_id FROM runs WHERE starts_with(run_id, ?) ORDER BY run_id LIMIT 6",
            [run_id],
        ).fetchall()
        ids = [r[0] for r in rows]
        if run_id in ids:
            return run_id
        if not ids or not run_id:
            raise KeyError(f"no run {run_id!r} in store {self.path}")
        if len(ids) > 1:
            shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
            raise KeyError(f"run id prefix {run_id!r} is ambiguous in {self.path}: {shown}")
        return ids[0]

    def runs(self, batch: str | None = None, status: str | None = "complete") -> pd.DataFrame:
        """Stored runs, oldest first; `status=None` includes running and failed ones.

        Parameters and schedule stay JSON text here; use :meth:`run` for one decoded run.
        """
        if status is not None and status not in STATUSES:
            raise StoreError(f"status = {status!r}: allowed: {', '.join(STATUSES)} or None")
        where, args = [], []
        if batch is not None:
            where.append("batch = ?")
            args.append(batch)
        if status is not None:
            where.append("status = ?")
            args.append(status)
        sql = "SELECT * FROM runs"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._con.execute(sql + " ORDER BY created_at, run_id", args).df()

    def run(self, run_id: str) -> dict[str, Any]:
        """One run's row as a dict, with parameters and schedule decoded."""
        full = self.resolve(run_id)
        cur = self._con.execute("SELECT * FROM runs WHERE run_id = ?", [full])
        names = [d[0] for d in cur.description]
        row = dict(zip(names, cur.fetchone(), strict=True))
        row["parameters"] = json.loads(row["parameters"])
        row["schedule"] = json.loads(row["schedule"])
        return row

    def metrics(
        self, run_ids: list[str] | None = None, variables: list[str] | None = None
    ) -> pd.DataFrame:
        """Metrics in long form (run_id, period, variable, value), in stored order."""
        where, args = [], []
        if run_ids is not None:
            where.append("list_contains(?, run_id)")
            args.append([self.resolve(r) for r in run_ids])
        if variables is not None:
            where.append("list_contains(?, variable)")
            args.append(list(variables))
        sql = "SELECT run_id, period, variable, value FROM metrics"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._con.execute(sql + " ORDER BY rowid", args).df()

    def wide(self, run_id: str) -> pd.DataFrame:
        """One run's metrics as period x variable, columns in the order they were stored."""
        full = self.resolve(run_id)
        long = self.metrics([full])
        if long.empty:
            status = self._status(full)
            raise KeyError(f"run {full} has no metrics (status: {status})")
        order = pd.unique(long["variable"])
        frame = long.pivot(index="period", columns="variable", values="value")
        frame = frame[order]
        frame.columns.name = None
        frame.index = frame.index.astype("int64")
        return frame.sort_index()

    def _status(self, run_id: str) -> str:
        row = self._con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None:
            raise KeyError(f"no run {run_id!r} in store {self.path}")
        return str(row[0])


def _to_long(run_id: str, metrics: pd.DataFrame) -> pd.DataFrame:
    """Wide per-period metrics (index: period) as long rows for the metrics table."""
    if metrics.empty:
        raise ValueError("no metrics to store (zero periods or zero variables)")
    wide = metrics.astype("float64")
    n_periods, n_vars = wide.shape
    return pd.DataFrame({
        "run_id": run_id,
        "period": np.repeat(wide.index.to_numpy().astype("int32"), n_vars),
        "variable": np.tile(wide.columns.astype(str).to_numpy(), n_periods),
        "value": wide.to_numpy().reshape(-1),
    })
