"""The embedded results store: one DuckDB file holding every run and its metrics.

Three tables. ``runs`` has one row per run: what was asked (regime, sizes, seed, the fully
resolved parameters and the schedule of changes), which code ran it, and its status.
``metrics`` holds the per-period metrics in long (tidy) form: run_id, period, variable,
value. ``run_extras`` keeps what a comparison report needs beyond the metrics (Lorenz
points), so a comparison can reuse stored runs; ``commonsim_meta`` marks the file as a
commonsim store and holds its schema version. A run is first recorded as 'running' (so a
run killed halfway stays visible as such) and becomes 'complete' only in the same
transaction that writes its metrics, so a crash can never leave a run marked complete with
missing rows, nor touch runs stored earlier.

A finished run is never lost to a lock: when another process keeps the file locked longer
than the wait (``COMMONSIM_STORE_WAIT`` seconds, default 30), :func:`save_finished` writes
the run beside the store as Parquet, to be loaded later with :meth:`Store.import_aside`
(``commonsim store import PATH``).

    >>> with Store("commonsim.duckdb") as store:          # doctest: +SKIP
    ...     run_id = store.save_result(commonsim.simulate("netarchical", 1000, 20))
    ...     store.wide(run_id)["wealth_gini"]
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from commonsim.errors import ConfigError
from commonsim.params import flat_values
from commonsim.version import __version__

if TYPE_CHECKING:
    from commonsim.api import Result
    from commonsim.regimes import Regime

DEFAULT_PATH = "commonsim.duckdb"
STATUSES = ("running", "complete", "failed")
SCHEMA_VERSION = 1
#: Seconds a writer waits for a store locked by another process (environment override).
WAIT_ENV = "COMMONSIM_STORE_WAIT"
#: Tests only: the name of a point (e.g. "store-write") where the process pauses, so a test
#: can kill it there deterministically. Never set this in normal use.
PAUSE_ENV = "COMMONSIM_TEST_PAUSE"

# The two tables of the first stores, which had no marker: such files are recognised by
# exactly this layout and upgraded in place.
_TABLES = """
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
_SCHEMA = _TABLES + """
CREATE TABLE IF NOT EXISTS run_extras (
    run_id TEXT NOT NULL,
    name   TEXT NOT NULL,
    value  JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS commonsim_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
_LAYOUT_SQL = (
    "SELECT table_name, column_name, data_type FROM information_schema.columns"
    " WHERE table_catalog = current_database() AND table_schema = 'main'"
    " ORDER BY table_name, ordinal_position"
)


class StoreError(ConfigError):
    """The store file cannot be used (missing, locked, not a DuckDB file) or a run id is bad."""


class StoreLockedError(StoreError):
    """Another process kept the store locked for longer than the wait."""


def _layout(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """Table name -> [(column, type), ...] of the open file's main schema."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in con.execute(_LAYOUT_SQL).fetchall():
        out.setdefault(table, []).append((column, kind))
    return out


@lru_cache(maxsize=2)
def _expected_layout(sql: str) -> dict[str, list[tuple[str, str]]]:
    """The layout `sql` creates, read back from an in-memory database."""
    con = duckdb.connect()
    try:
        con.execute(sql)
        return _layout(con)
    finally:
        con.close()


def wait_seconds() -> float:
    """How long a writer waits for a locked store: ``COMMONSIM_STORE_WAIT`` or 30 s."""
    raw = os.environ.get(WAIT_ENV, "")
    try:
        value = float(raw) if raw.strip() else 30.0
    except ValueError:
        raise StoreError(f"{WAIT_ENV} = {raw!r}: allowed: a number of seconds >= 0") from None
    if not value >= 0:
        raise StoreError(f"{WAIT_ENV} = {raw!r}: allowed: a number of seconds >= 0")
    return value


def _say_waiting(path: Path, seconds: float) -> None:
    print(f"commonsim: store {path} locked by another process, waiting up to {seconds:g} s ...",
          file=sys.stderr, flush=True)


def pause_for_tests(point: str) -> None:
    """Tests only: stop here for a while when ``COMMONSIM_TEST_PAUSE`` names this point.

    Lets a test kill the process at a known moment (e.g. inside the store write).
    """
    if os.environ.get(PAUSE_ENV) == point:
        print(f"commonsim-test-pause: {point}", file=sys.stderr, flush=True)
        time.sleep(600)


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


def schedule_json(regime: Regime) -> str:
    """A regime's schedule of changes as the JSON text the runs table keeps."""
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
        lock_timeout: float | None = None,
        on_wait: Callable[[Path, float], None] | None = _say_waiting,
    ):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store (run `commonsim run` first)")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: directory {self.path.parent} does not exist")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        self._wait = wait_seconds() if lock_timeout is None else lock_timeout
        self._on_wait = on_wait
        existed = self.path.is_file() and self.path.stat().st_size > 0
        if existed and not read_only:
            # Check what the file is without write access, so a file that is not a commonsim
            # store is refused untouched.
            probe = self._connect(read_only=True)
            try:
                self._check_layout(probe)
            finally:
                probe.close()
        self._con = self._connect(read_only)
        try:
            legacy = self._check_layout(self._con)
            if not read_only and (legacy or not existed):
                self._con.execute(_SCHEMA)
                self._con.execute(
                    "INSERT OR REPLACE INTO commonsim_meta VALUES ('schema_version', ?)",
                    [str(SCHEMA_VERSION)],
                )
        except BaseException:
            self._con.close()
            raise

    def _check_layout(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Refuse a file that is not a commonsim store; True for a marker-less first store."""
        layout = _layout(con)
        if "commonsim_meta" in layout:
            row = con.execute(
                "SELECT value FROM commonsim_meta WHERE key = 'schema_version'").fetchone()
            version = row[0] if row else "?"
            if version != str(SCHEMA_VERSION):
                raise StoreError(f"{self.path}: store schema version {version}; this commonsim"
                                 f" reads version {SCHEMA_VERSION}")
            return False
        if layout == _expected_layout(_TABLES):
            return True
        if not layout and not self.read_only:
            return False  # a new, empty file
        tables = ", ".join(sorted(layout)) or "none"
        raise StoreError(f"{self.path}: not a commonsim store (tables: {tables});"
                         " give a new file or a store made by commonsim")

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self._wait
        told = False
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except duckdb.IOException as exc:
                locked = "lock" in str(exc).lower()
                if locked and time.monotonic() < deadline:
                    if not told and self._on_wait is not None:
                        self._on_wait(self.path, self._wait)
                    told = True
                    time.sleep(0.2)
                    continue
                if locked:
                    raise StoreLockedError(
                        f"{self.path}: store locked by another process") from None
                raise StoreError(f"{self.path}: store cannot be opened ({exc})") from None
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
        return self.insert_run(new_run(regime, households, years, seed, batch))

    def insert_run(self, row: dict[str, Any]) -> str:
        """Insert a runs row made by :func:`new_run`; returns its run id."""
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self._con.execute(f"INSERT INTO runs ({names}) VALUES ({marks})", list(row.values()))
        return str(row["run_id"])

    def has_run(self, run_id: str) -> bool:
        """True when a run with exactly this id is recorded (in any status)."""
        return self._con.execute(
            "SELECT count(*) FROM runs WHERE run_id = ?", [run_id]).fetchone()[0] > 0

    def finish_run(self, run_id: str, metrics: pd.DataFrame,
                   extras: dict[str, Any] | None = None) -> None:
        """Write a run's metrics (and extras) and mark it 'complete', all in one transaction.

        `metrics` is the wide frame of :class:`commonsim.Result` (index: period, one column
        per variable); `extras` maps a name to JSON-able data kept in ``run_extras``. On any
        error nothing of it is kept and the run is marked 'failed'.
        """
        status = self._status(run_id)
        if status != "running":
            raise StoreError(f"run {run_id} is {status}, not running: cannot finish it")
        con = self._con
        try:
            long = _to_long(run_id, metrics)
            con.execute("BEGIN TRANSACTION")
            self._insert_metrics(long)
            self._insert_extras(run_id, extras or {})
            pause_for_tests("store-write")
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

    def _insert_extras(self, run_id: str, extras: dict[str, Any]) -> None:
        for name, value in extras.items():
            self._con.execute("INSERT INTO run_extras VALUES (?, ?, ?)",
                              [run_id, name, json.dumps(value)])

    def extras(self, run_id: str) -> dict[str, Any]:
        """A run's extras (name -> decoded JSON); empty when it has none."""
        rows = self._con.execute("SELECT name, value FROM run_extras WHERE run_id = ?",
                                 [run_id]).fetchall()
        return {name: json.loads(value) for name, value in rows}

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

    def import_aside(self, path: str | Path) -> tuple[str, bool]:
        """Load a run saved aside by :func:`save_finished`; (run id, False if already in).

        Idempotent: a run already complete in the store is left as it is. A run recorded as
        'running' (its process could not finish it here) becomes 'complete'.
        """
        row, long, extras = read_aside(path)
        run_id = str(row["run_id"])
        if self.has_run(run_id) and self._status(run_id) == "complete":
            return run_id, False
        note = f"{row.get('error') or 'saved aside'}; imported from {Path(path).name}"
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            if self.has_run(run_id):
                con.execute("DELETE FROM metrics WHERE run_id = ?", [run_id])
                con.execute("DELETE FROM run_extras WHERE run_id = ?", [run_id])
                con.execute("UPDATE runs SET status = 'complete', finished_at = ?, error = ?"
                            " WHERE run_id = ?", [row["finished_at"], note, run_id])
            else:
                self.insert_run({**row, "status": "complete", "error": note})
            self._insert_metrics(long)
            self._insert_extras(run_id, extras)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return run_id, True

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


def new_run(regime: Regime, households: int, years: int, seed: int,
            batch: str | None = None) -> dict[str, Any]:
    """The runs row of a run about to start (status 'running', a fresh run id)."""
    return {
        "run_id": uuid4().hex[:16], "regime": regime.name, "model": regime.model,
        "regime_source": regime.source, "households": households, "years": years,
        "seed": seed, "parameters": json.dumps(flat_values(regime.params)),
        "schedule": schedule_json(regime), "code_version": code_version(),
        "status": "running", "batch": batch, "host": socket.gethostname(),
        "pid": os.getpid(), "created_at": _now(),
    }


def aside_path(store: str | Path, run_id: str) -> Path:
    """Where a run is saved when its store stays locked: beside the store file."""
    store = Path(store)
    return store.with_name(f"{store.name}.run-{run_id}.parquet")


def save_finished(store: str | Path, row: dict[str, Any], metrics: pd.DataFrame,
                  extras: dict[str, Any] | None = None, *,
                  lock_timeout: float | None = None) -> Path | None:
    """Record a finished run in `store`; if the store stays locked, save it aside.

    `row` is the run's :func:`new_run` row (inserted first if the store lacks it). Returns
    None when stored, else the Parquet file written beside the store (its runs row says
    status 'saved-aside'); ``commonsim store import`` loads it later.
    """
    try:
        with Store(store, lock_timeout=lock_timeout) as db:
            if not db.has_run(row["run_id"]):
                db.insert_run(row)
            db.finish_run(row["run_id"], metrics, extras)
        return None
    except StoreLockedError:
        pass
    path = aside_path(store, row["run_id"])
    now = _now()
    aside = {**row, "status": "saved-aside", "finished_at": now,
             "error": f"store locked by another process at {now:%Y-%m-%d %H:%M:%S} UTC;"
                      f" results saved aside to {path.name}"}
    _write_aside(path, aside, _to_long(row["run_id"], metrics), extras or {})
    return path


def _write_aside(path: Path, row: dict[str, Any], long: pd.DataFrame,
                 extras: dict[str, Any]) -> None:
    """The metrics as Parquet, the runs row and extras in its metadata; atomic rename."""
    table = pa.Table.from_pandas(long, preserve_index=False)
    meta = {b"commonsim_run": json.dumps(row, default=str).encode(),
            b"commonsim_extras": json.dumps(extras).encode()}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})
    write_atomically(path, lambda tmp: pq.write_table(table, tmp))


def write_atomically(path: str | Path, write: Callable[[str], object]) -> None:
    """Call ``write(tmp)`` on a temporary file beside `path`, then rename it to `path`.

    The rename is atomic, so `path` is either the old file or the complete new one, never a
    half-written one; on any error the temporary file is removed.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # the permissions a plain open() would give
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_aside(path: str | Path) -> tuple[dict[str, Any], pd.DataFrame, dict[str, Any]]:
    """The runs row, long metrics and extras of a run saved aside."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    try:
        table = pq.read_table(path)
    except (OSError, pa.lib.ArrowException) as exc:
        raise StoreError(f"{path}: cannot read ({str(exc).splitlines()[0]})") from None
    meta = table.schema.metadata or {}
    if b"commonsim_run" not in meta:
        raise StoreError(f"{path}: not a run saved aside by commonsim")
    row = json.loads(meta[b"commonsim_run"])
    for key in ("created_at", "finished_at"):
        row[key] = datetime.fromisoformat(row[key]) if row.get(key) else None
    extras = json.loads(meta.get(b"commonsim_extras", b"{}"))
    long = table.to_pandas()
    if list(long.columns) != ["run_id", "period", "variable", "value"] or set(
            long["run_id"]) != {row["run_id"]}:
        raise StoreError(f"{path}: not a run saved aside by commonsim (unexpected columns)")
    return row, long, extras


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
