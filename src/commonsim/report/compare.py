"""The comparison of regimes: run them, store the runs, evaluate the claims, write the report."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from commonsim.claims import REGIMES, ClaimResult, run_claims
from commonsim.economy.engine import check_size
from commonsim.errors import ConfigError
from commonsim.params import flat_values
from commonsim.regimes import OVERRIDES, load_regime
from commonsim.report.build import ReportInfo, write_report
from commonsim.report.dimensions import REPORT_ONLY
from commonsim.report.limitations import run_limitations
from commonsim.report.robustness import stored_robustness
from commonsim.report.runs import (
    DEFAULT_REGIMES,
    RunOutput,
    RunSpec,
    long_frame,
    lorenz_frame,
    make_specs,
    run_comparison,
)
from commonsim.store import DEFAULT_PATH, Store, code_version, new_run, save_finished, schedule_json


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
    #: Where and under which batch the runs were stored (None: not stored yet).
    store: Path | None = None
    batch: str | None = None
    reused: int = 0


def check_sizes(replicates: int, households: int, years: int) -> None:
    """Bad sizes get a clear error before any work starts."""
    for name, value, low in (("replicates", replicates, 1), ("households", households, 1),
                             ("years", years, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ConfigError(f"--{name} = {value!r}: allowed: an integer >= {low}")


def resolve_regimes(regimes: Sequence[str] | None,
                    overrides: dict[str, Any] | None = None,
                    overrides_label: str = OVERRIDES) -> list[str]:
    """The regimes to compare (default: the essay's four), each checked to load.

    `overrides` (the `--set` values) are checked against every regime, as `run` does;
    errors name them as `overrides_label` does (``"--set"`` on the command line).
    """
    chosen = list(regimes) if regimes else list(DEFAULT_REGIMES)
    chosen = [REGIMES.get(r, r) for r in chosen]  # accept 1a, 1b, 2, 3 as well
    for r in chosen:
        # raises ConfigError naming the file and key
        load_regime(r, overrides, overrides_label=overrides_label)
    if len(set(chosen)) != len(chosen):
        raise ConfigError(f"regimes {chosen}: each regime may be given once")
    return chosen


def check_outdir(outdir: str | Path) -> None:
    """Refuse a report folder that cannot be written, before any run starts."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out}: is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None


def check_store(path: str | Path) -> None:
    """Open (or create) the store once, so an unusable one is refused before any run."""
    with Store(path):
        pass


def _extras(out: RunOutput) -> dict[str, Any]:
    """What the report needs of a run beyond its metrics, kept in the store's run_extras."""
    return {"lorenz": {k: np.asarray(v).tolist() for k, v in out.lorenz.items()},
            "wealth_measure": out.wealth_measure}


@dataclass
class Recorder:
    """Stores each run of a comparison as it finishes; saves it aside if the store is locked."""

    path: Path
    batch: str
    stored: int = 0
    aside: list[Path] = field(default_factory=list)

    def record(self, out: RunOutput) -> None:
        """Store one finished run (after one lock wait, later runs go aside at once)."""
        s = out.spec
        row = new_run(load_regime(s.regime, dict(s.overrides)), s.households, s.years, s.seed,
                      batch=self.batch)
        where = save_finished(self.path, row,
                              out.metrics.drop(columns=list(REPORT_ONLY), errors="ignore"),
                              _extras(out), lock_timeout=0.0 if self.aside else None)
        if where is None:
            self.stored += 1
        else:
            self.aside.append(where)

    def note(self, reused: int = 0) -> str:
        """One line on what was stored, reused and saved aside."""
        parts = [f"stored {self.stored} runs in {self.path} (batch {self.batch})"]
        if reused:
            parts.append(f"reused {reused} runs already complete there")
        if self.aside:
            files = " ".join(str(p) for p in self.aside)
            parts.append(f"{len(self.aside)} runs saved aside as the store stayed locked;"
                         f" load them with `commonsim store import {files}`")
        return "; ".join(parts)


def store_outputs(outputs: Sequence[RunOutput], path: str | Path | None, batch: str
                  ) -> tuple[str, str]:
    """Save every run in the embedded store; return a note and the store's path ("" if not).

    `path` None means the store's own default. A store that cannot be opened (not a
    store) does not stop the report: the note says what went wrong.
    """
    recorder = Recorder(Path(path if path is not None else DEFAULT_PATH), batch)
    try:
        for out in outputs:
            recorder.record(out)
    except ConfigError as exc:
        return f"runs not stored: {exc}", ""
    return recorder.note(), str(recorder.path)


def reusable_runs(path: str | Path, specs: Sequence[RunSpec]
                  ) -> tuple[list[RunOutput | None], str | None]:
    """Runs already complete in the store for these specs, and the newest one's batch.

    A stored run is reused only when its regime, resolved parameters, schedule, size, seed
    and code version (package version and git commit) are the same, and it has the extras
    a report needs. Runs of uncommitted code ('-dirty' versions) are never reused.
    """
    found: list[RunOutput | None] = [None] * len(specs)
    version = code_version()
    if not Path(path).is_file() or version.endswith("-dirty"):
        return found, None
    with Store(path, read_only=True) as db:
        runs = db.runs()
        runs = runs[runs["code_version"] == version]
        newest: tuple[Any, str | None] = (None, None)
        for i, spec in enumerate(specs):
            row = _matching_run(runs, spec)
            extras = {} if row is None else db.extras(row.run_id)
            if row is None or "lorenz" not in extras:
                continue
            metrics = db.wide(row.run_id)
            metrics["households"] = float(spec.households)
            lorenz = {k: np.asarray(v, dtype=float) for k, v in extras["lorenz"].items()}
            found[i] = RunOutput(spec, row.regime, row.model, metrics, lorenz,
                                 extras.get("wealth_measure", "net worth"))
            if newest[0] is None or row.created_at > newest[0]:
                newest = (row.created_at, row.batch if isinstance(row.batch, str) else None)
    return found, newest[1]


def _matching_run(runs: pd.DataFrame, spec: RunSpec) -> Any:
    """The newest stored run (a row tuple) made exactly as `spec` asks, or None."""
    regime = load_regime(spec.regime, dict(spec.overrides))
    params, schedule = flat_values(regime.params), json.loads(schedule_json(regime))
    same = runs[(runs["regime"] == regime.name) & (runs["households"] == spec.households)
                & (runs["years"] == spec.years) & (runs["seed"] == spec.seed)]
    for row in reversed(list(same.itertuples())):
        if json.loads(row.parameters) == params and json.loads(row.schedule) == schedule:
            return row
    return None


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


def plan(regimes: Sequence[str] | None = None, replicates: int = 20,
         households: int = 10_000, years: int = 100,
         overrides: dict[str, Any] | None = None,
         overrides_label: str = OVERRIDES) -> list[RunSpec]:
    """Check a comparison's whole input and list its runs; nothing runs yet."""
    check_sizes(replicates, households, years)
    chosen = resolve_regimes(regimes, overrides, overrides_label)
    check_size(households, years)
    return make_specs(chosen, replicates, households, years, overrides)


def compare(regimes: Sequence[str] | None = None, replicates: int = 20,
            households: int = 10_000, years: int = 100, workers: int | None = None,
            progress: bool = True, kind: str = "process", *,
            overrides: dict[str, Any] | None = None, store: str | Path | None = None,
            specs: Sequence[RunSpec] | None = None) -> Comparison:
    """Run every regime `replicates` times (seeds 0..R-1) and evaluate the claims.

    The defaults (20 replicates of 100 years) let every claim be judged at years 50 and
    100 of the same runs.

    With a `store`, runs already complete there (same parameters, seed, size and code) are
    reused, and each new run is stored as soon as it finishes, so an interrupted comparison
    resumes where it stopped.
    """
    specs = list(specs) if specs is not None else plan(regimes, replicates, households, years,
                                                        overrides)
    start = time.perf_counter()
    reused: list[RunOutput | None] = [None] * len(specs)
    recorder = None
    if store is not None:
        reused, batch = reusable_runs(store, specs)
        recorder = Recorder(Path(store), batch or batch_name())
        done = sum(r is not None for r in reused)
        if done and progress:
            print(f"reusing {done} of {len(specs)} runs already complete in {store}",
                  flush=True)
    todo = [s for s, r in zip(specs, reused, strict=True) if r is None]
    fresh = iter(run_comparison(todo, workers=workers, progress=progress, kind=kind,
                                on_output=recorder.record if recorder else None))
    outputs = [r if r is not None else next(fresh) for r in reused]
    frame = long_frame(outputs)
    lorenz = lorenz_frame(outputs)
    claims = run_claims(frame)
    comparison = Comparison(frame, lorenz, claims, outputs, time.perf_counter() - start)
    if recorder is not None:
        comparison.reused = len(specs) - len(todo)
        comparison.store, comparison.batch = recorder.path, recorder.batch
        comparison.store_note = recorder.note(comparison.reused)
    return comparison


def batch_name() -> str:
    """A new compare batch's name, from the current UTC time."""
    return "compare-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def write(comparison: Comparison, outdir: str | Path, store: str | Path | None,
          replicates: int, households: int, years: int, save: bool = True) -> Path:
    """Store the runs and write the report.

    Runs are stored here only if `save` and :func:`compare` did not store them already
    (`store` None: the default store).
    """
    if comparison.batch is not None:
        batch, note, where = comparison.batch, comparison.store_note, str(comparison.store)
    else:
        batch = batch_name()
        note, where = (store_outputs(comparison.outputs, store, batch) if save
                       else ("runs not stored", ""))
    comparison.store_note = note
    measures = {o.wealth_measure for o in comparison.outputs}
    regimes = list(pd.unique(comparison.frame["regime"]))
    info = ReportInfo(regimes, replicates, households, years, comparison.seconds,
                      where, batch if where else "",
                      wealth_measure=", ".join(sorted(measures)) or "net worth",
                      notes=[note],
                      limitations=run_limitations(o.spec for o in comparison.outputs))
    lookup = (store if store is not None else DEFAULT_PATH) if save else None
    stored = stored_robustness(lookup, code_version())
    comparison.index = write_report(comparison.frame, comparison.lorenz, comparison.claims,
                                    outdir, info, stored)
    return comparison.index
