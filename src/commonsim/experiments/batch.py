"""An experiment batch in the results store: the spec, its design, and which runs belong to it.

Runs themselves are ordinary rows of the store's ``runs`` and ``metrics`` tables (a failed
run is a 'failed' row with its error). Three tables of this module say what the batch is:

* ``experiment_batches``: one row per batch -- its id, the spec as JSON, the code version.
* ``experiment_design``: the design in long form (batch_id, point, factor, value).
* ``experiment_runs``: which run answers which (point, role, replicate) of the batch; a run
  may answer several points (a regime that no point changes runs once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from commonsim.experiments.designs import design_points
from commonsim.experiments.spec import ExperimentSpec
from commonsim.experiments.tasks import Outcome, RunTask, run_key
from commonsim.store import Store, StoreError, _now, _to_long, code_version, new_run

_SCHEMA = """
CREATE TABLE IF NOT EXISTS experiment_batches (
    batch_id     TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    design       TEXT NOT NULL,
    spec         JSON NOT NULL,
    code_version TEXT,
    created_at   TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS experiment_design (
    batch_id TEXT NOT NULL,
    point    INTEGER NOT NULL,
    factor   TEXT NOT NULL,
    value    DOUBLE
);
CREATE TABLE IF NOT EXISTS experiment_runs (
    batch_id  TEXT NOT NULL,
    point     INTEGER NOT NULL,
    role      TEXT NOT NULL,
    replicate INTEGER NOT NULL,
    seed      BIGINT NOT NULL,
    run_key   TEXT NOT NULL,
    run_id    TEXT NOT NULL
);
"""

#: Suffix of the code version of uncommitted code (see commonsim.store.code_version).
DIRTY = "-dirty"


@dataclass
class BatchInfo:
    """A stored batch: its id, spec and design (index point, one column per factor)."""

    batch_id: str
    spec: ExperimentSpec
    design: pd.DataFrame
    code_version: str


class BatchStore:
    """The experiment tables of one open :class:`~commonsim.store.Store`."""

    def __init__(self, store: Store):
        self.store = store
        # The store's own connection: one writer per DuckDB file, and runs and links
        # written through the same connection stay consistent.
        self.con: duckdb.DuckDBPyConnection = store._con
        if not store.read_only:
            self.con.execute(_SCHEMA)
        elif "experiment_batches" not in {r[0] for r in self.con.execute("SHOW TABLES")
                                           .fetchall()}:
            raise StoreError(f"{store.path}: no experiment batches in this store")

    # -- writing --------------------------------------------------------------------------

    def attach(self, spec: ExperimentSpec, design: pd.DataFrame) -> str:
        """Record the batch and its design once; a re-run of the same spec finds them."""
        batch_id = spec.batch_id
        if self.con.execute("SELECT 1 FROM experiment_batches WHERE batch_id = ?",
                            [batch_id]).fetchone():
            return batch_id
        long = design.reset_index().melt(id_vars="point", var_name="factor",
                                         value_name="value")
        long.insert(0, "batch_id", batch_id)
        long["value"] = long["value"].astype("float64")
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute(
            "INSERT INTO experiment_batches VALUES (?, ?, ?, ?, ?, ?)",
            [batch_id, spec.name, spec.design.kind,
             json.dumps(spec.model_dump(mode="json", by_alias=True)), code_version(), _now()])
        self.con.register("_design", long)
        self.con.execute("INSERT INTO experiment_design SELECT batch_id, point, factor, value"
                         " FROM _design")
        self.con.unregister("_design")
        self.con.execute("COMMIT")
        return batch_id

    def completed(self) -> dict[str, str]:
        """Key -> run id of every reusable complete run in the store, whichever command made it.

        As for ``commonsim compare``: runs of uncommitted code (versions ending in
        '-dirty') are never reused, and nothing is when the code running now is uncommitted.
        """
        if code_version().endswith(DIRTY):
            return {}
        rows = self.con.execute(
            "SELECT run_id, regime, parameters, schedule, households, years, seed,"
            " code_version FROM runs WHERE status = 'complete'"
            " AND NOT ends_with(coalesce(code_version, ''), ?) ORDER BY created_at",
            [DIRTY]).fetchall()
        return {run_key(r[1], json.loads(r[2]), r[3], r[4], r[5], r[6], r[7] or ""): r[0]
                for r in rows}

    def link(self, batch_id: str, task: RunTask, key: str, run_id: str) -> None:
        """Say that `run_id` answers this task of the batch (replacing an earlier answer)."""
        self.link_many(batch_id, [(task, key, run_id)])

    def link_many(self, batch_id: str, links: list[tuple[RunTask, str, str]]) -> None:
        """:meth:`link` for many (task, key, run id) at once, in one transaction."""
        if not links:
            return
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._link_rows(batch_id, links)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _link_rows(self, batch_id: str, links: list[tuple[RunTask, str, str]]) -> None:
        """Replace the answers of these tasks (inside the caller's transaction)."""
        rows = pd.DataFrame(
            [(batch_id, t.point, t.role, t.replicate, t.seed, key, run_id)
             for t, key, run_id in links],
            columns=["batch_id", "point", "role", "replicate", "seed", "run_key", "run_id"])
        self.con.register("_links", rows)
        try:
            self.con.execute(
                "DELETE FROM experiment_runs e WHERE e.batch_id = ? AND EXISTS (SELECT 1"
                " FROM _links l WHERE l.point = e.point AND l.role = e.role"
                " AND l.replicate = e.replicate)", [batch_id])
            self.con.execute("INSERT INTO experiment_runs SELECT batch_id, point, role,"
                             " replicate, seed, run_key, run_id FROM _links")
        finally:
            self.con.unregister("_links")

    def record(self, batch_id: str, task: RunTask, outcome: Outcome) -> str:
        """Store a finished run (complete with its metrics, or failed with its error)."""
        return self.record_many(batch_id, [([task], outcome)])[0]

    def record_many(self, batch_id: str, finished: list[tuple[list[RunTask], Outcome]]
                    ) -> list[str]:
        """Store finished runs and link each to the tasks it answers, in one transaction.

        `finished` pairs each outcome with the batch's tasks it answers (the first one
        names the run). One write for many runs: a write per run cost the main process
        more than a small run's own time. Returns the run ids, in order.
        """
        if not finished:
            return []
        rows, longs, links = [], [], []
        for tasks, outcome in finished:
            task = tasks[0]
            row = new_run(task.regime, task.households, task.years, task.seed, batch_id)
            error = outcome.error
            if outcome.metrics is not None:
                try:
                    longs.append(_to_long(row["run_id"], outcome.metrics))
                except ValueError as exc:
                    error = f"{type(exc).__name__}: {exc}"
            failed = outcome.metrics is None or bool(error)
            rows.append({**row, "status": "failed" if failed else "complete",
                         "error": error[:2000] if failed else None, "finished_at": _now()})
            links += [(t, outcome.key, row["run_id"]) for t in tasks]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.executemany(
                f"INSERT INTO runs ({', '.join(rows[0])}) VALUES"
                f" ({', '.join('?' for _ in rows[0])})", [list(r.values()) for r in rows])
            if longs:
                self.store._insert_metrics(pd.concat(longs, ignore_index=True))
            self._link_rows(batch_id, links)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return [r["run_id"] for r in rows]

    # -- reading --------------------------------------------------------------------------

    def batches(self) -> pd.DataFrame:
        """Every stored batch (id, spec name, design kind, code version) with its run counts."""
        return self.con.execute(
            "SELECT b.batch_id, b.name, b.design, b.code_version, b.created_at,"
            " count(*) FILTER (WHERE r.status = 'complete') AS complete,"
            " count(*) FILTER (WHERE r.status = 'failed') AS failed"
            " FROM experiment_batches b LEFT JOIN experiment_runs e USING (batch_id)"
            " LEFT JOIN runs r USING (run_id) GROUP BY ALL ORDER BY b.created_at").df()

    def resolve(self, batch: str) -> str:
        """The batch id of `batch`, a batch id, a unique prefix of one, or a spec name."""
        rows = self.con.execute(
            "SELECT batch_id FROM experiment_batches WHERE starts_with(batch_id, ?)"
            " ORDER BY created_at", [batch]).fetchall()
        ids = [r[0] for r in rows]
        if batch in ids:
            return batch
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(f"no experiment batch {batch!r} in {self.store.path}")
        raise StoreError(f"batch {batch!r} is ambiguous in {self.store.path}: "
                         + ", ".join(ids[:5]))

    def info(self, batch: str) -> BatchInfo:
        """The batch's spec and design."""
        batch_id = self.resolve(batch)
        spec_json, version = self.con.execute(
            "SELECT spec, code_version FROM experiment_batches WHERE batch_id = ?",
            [batch_id]).fetchone()
        long = self.con.execute(
            "SELECT point, factor, value FROM experiment_design WHERE batch_id = ?"
            " ORDER BY point", [batch_id]).df()
        design = long.pivot(index="point", columns="factor", values="value")
        spec = ExperimentSpec.model_validate(json.loads(spec_json))
        if not design.empty:
            design = design[list(design_points(spec).columns)]
        design.columns.name = None
        return BatchInfo(batch_id, spec, design, version or "")

    def runs(self, batch: str) -> pd.DataFrame:
        """The batch's runs: point, role, replicate, seed, run id, status and error."""
        return self.con.execute(
            "SELECT e.point, e.role, e.replicate, e.seed, e.run_id, r.status, r.error,"
            " r.code_version FROM experiment_runs e JOIN runs r USING (run_id)"
            " WHERE e.batch_id = ? ORDER BY e.point, e.role, e.replicate",
            [self.resolve(batch)]).df()

    def metrics(self, batch: str, variables: list[str] | None = None) -> pd.DataFrame:
        """Long metrics of the batch's complete runs.

        Columns: point, role, replicate, period, variable, value.
        """
        sql = ("SELECT e.point, e.role, e.replicate, m.period, m.variable, m.value"
               " FROM experiment_runs e JOIN runs r USING (run_id)"
               " JOIN metrics m USING (run_id)"
               " WHERE e.batch_id = ? AND r.status = 'complete'")
        args: list[Any] = [self.resolve(batch)]
        if variables is not None:
            sql += " AND list_contains(?, m.variable)"
            args.append(list(variables))
        return self.con.execute(sql + " ORDER BY e.point, e.role, e.replicate, m.period",
                                args).df()
