"""The ``commonsim`` command: run regimes, list presets, show and export stored runs.

Every command checks its whole input first (regime, keys, values, sizes, store path) and
stops with one line naming the file or key and what is allowed (exit code 2) before any
work starts or anything is written to the store.
"""

from __future__ import annotations

import math
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from commonsim.errors import ConfigError
from commonsim.interrupt import interrupted_code, raise_if_received, signals_interrupt

if TYPE_CHECKING:
    from commonsim.store import Store

# The engine, the store and the parameter schema (NumPy, pandas, Numba, DuckDB, the pydantic
# models) are imported inside the commands that use them, so that `commonsim --help` starts
# fast: not to dodge an import cycle. tests/test_api_jupyter.py checks that importing this
# module loads none of them. Rich's progress bars, needed by `run` alone, are deferred too.

#: The store's default file (commonsim.store.DEFAULT_PATH; a test checks the two agree).
DEFAULT_PATH = "commonsim.duckdb"

app = typer.Typer(
    name="commonsim",
    help="Bauwens' three models of value creation as a runnable, stock-flow-consistent economy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain Click help and usage errors: Typer's Rich help formatter alone costs about a third
    # of a second at start-up (it loads rich.markdown and markdown_it), more than the rest of
    # `commonsim --help` together. Progress bars and tables still use Rich.
    rich_markup_mode=None,
)

# Metrics shown after a run and by `show`, in this order, when the run has them.
KEY_METRICS = (
    "gdp", "labour_share", "profit_share", "rent_share", "unemployment", "precarious_share",
    "poverty_rate", "income_gini", "wealth_gini", "top1_wealth_share",
    "nonpositive_net_worth_share", "household_debt_to_income", "mortgage_debt_to_income",
    "median_debt_to_income", "debt_dependent_share",
    "commons_stock", "coop_output_share", "state_debt_to_gdp", "income_tax_rate", "waste",
    "damage_per_output", "unmet_demand_share", "price_index", "inflation", "real_gdp",
    "real_wage", "mean_markup", "inventories_to_gdp", "policy_rate",
)

StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar="COMMONSIM_STORE",
                 help="DuckDB results store (created if missing).", show_default=True),
]


def _console(stderr: bool = False) -> Console:
    # Built per call so that output goes to whatever sys.stdout is now (tests swap it);
    # tables piped to a file or another program get 120 columns rather than Rich's 80.
    file = sys.stderr if stderr else sys.stdout
    width = None if file.isatty() else 120
    return Console(file=file, highlight=False, width=width)


def _fail(message: str) -> typer.Exit:
    """Print one error line to stderr; the caller raises the returned Exit(2)."""
    typer.echo(f"commonsim: error: {message}", err=True)
    return typer.Exit(2)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def _metrics_table(final: dict[str, float], title: str, names: tuple[str, ...] | None) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name in names if names is not None else tuple(final):
        if name in final:
            table.add_row(name, _fmt(float(final[name])))
    return table


# -- run ------------------------------------------------------------------------------------


@app.command()
def run(
    regime: Annotated[str, typer.Argument(help="A preset name (see `commonsim regimes`) or the"
                                               " path of a regime .toml file.")],
    households: Annotated[int, typer.Option(help="Number of household agents (>= 1).")] = 10_000,
    years: Annotated[int, typer.Option(help="Number of yearly periods (>= 1).")] = 50,
    seed: Annotated[int, typer.Option(help="Seed (>= 0): same seed, same numbers.")] = 0,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="KEY=VALUE",
                     help="Override a parameter, e.g. --set labour.bargaining=0.45 (repeatable)."),
    ] = None,
    store: StoreOption = Path(DEFAULT_PATH),
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not record the run.")] = False,
    batch: Annotated[str | None, typer.Option(help="Label the run with a batch name.")] = None,
) -> None:
    """Run one regime, show its final-year metrics and record it in the store."""
    from commonsim import api
    from commonsim.regimes import parse_assignment
    from commonsim.store import Store, new_run, save_finished

    # Everything is checked before the store is touched or any simulating starts.
    try:
        overrides = dict(parse_assignment(text) for text in set_ or [])
        resolved, *_ = api.check_run(regime, households, years, seed, overrides,
                                     api.COMMAND_LINE)
        api.check_opening(resolved, households, seed)
    except ConfigError as exc:
        raise _fail(str(exc)) from None

    err = _console(stderr=True)
    row = None if no_store else new_run(resolved, households, years, seed, batch)
    if row is not None:
        try:
            with Store(store) as db:
                db.insert_run(row)
        except ConfigError as exc:
            raise _fail(str(exc)) from None
    run_id = None if row is None else str(row["run_id"])

    try:
        with signals_interrupt():
            if row is not None:
                # Other processes (and a later look at a killed run) rely on this line
                # coming after the run is recorded as 'running' and before simulating
                # starts; a signal from then on marks the run failed.
                err.print(f"run {run_id}: {resolved.name}, {households:,} households,"
                          f" {years} years, seed {seed}", soft_wrap=True)
            result = _simulate_with_progress(resolved, households, years, seed, err)
            aside = None if row is None else save_finished(store, row, result.metrics)
    except BaseException as exc:
        if run_id is not None:
            _mark_failed(store, run_id, exc)
        if isinstance(exc, ConfigError):
            raise _fail(str(exc)) from None
        if isinstance(exc, MemoryError):
            typer.echo(f"commonsim: error: {exc or 'out of memory'}", err=True)
            raise typer.Exit(1) from None
        if isinstance(exc, KeyboardInterrupt):
            what = f"; run {run_id} marked failed" if run_id else ""
            typer.echo(f"commonsim: interrupted ({exc or 'SIGINT'}){what}", err=True)
            raise typer.Exit(interrupted_code(exc)) from None
        raise
    if aside is not None:
        err.print(f"store {store} stayed locked: run {run_id} saved to {aside}; load it with"
                  f" `commonsim store import {aside}`", soft_wrap=True)

    final = result.metrics.iloc[-1].to_dict()
    out = _console()
    title = f"{resolved.name}: final year (period {years - 1})"
    out.print(_metrics_table(final, title, KEY_METRICS))
    if aside is not None:
        out.print(f"run id: {run_id}  (saved aside: {aside})", soft_wrap=True)
    elif run_id is not None:
        out.print(f"run id: {run_id}  (store: {store})", soft_wrap=True)
    else:
        out.print("not stored (--no-store)")


def _advance(progress: Any, task: Any, done: int) -> None:
    """Show `done` years on the bar; stop here if a signal's exception was lost."""
    raise_if_received()
    progress.update(task, completed=done)


def _simulate_with_progress(regime: Any, households: int, years: int, seed: int,
                            err: Console) -> Any:
    """Simulate with a progress bar over the years on `err`; returns the Result."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from commonsim import api

    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("years"), TimeElapsedColumn(), console=err, transient=False,
    )
    with progress:
        task = progress.add_task(regime.name, total=years)
        return api.simulate(
            regime, households=households, years=years, seed=seed,
            progress=lambda done, _total: _advance(progress, task, done),
            keep_matrices=False,
        )


def _mark_failed(store: Path, run_id: str, exc: BaseException) -> None:
    """Mark a run that stopped as 'failed', unless it was already finished or marked."""
    from commonsim.store import Store, StoreError

    try:
        with Store(store, lock_timeout=2.0) as db:
            if db.run(run_id)["status"] == "running":
                db.fail_run(run_id, f"{type(exc).__name__}: {exc}")
    except (StoreError, KeyError):
        pass  # the store is unavailable: the run stays 'running' and shows as stale


# -- regimes --------------------------------------------------------------------------------


@app.command()
def regimes() -> None:
    """List the preset regimes: name, model, description."""
    from commonsim.regimes import load_regime, preset_names

    loaded = [load_regime(name) for name in preset_names()]
    width = max(len(r.name) for r in loaded)
    for name, r in zip(preset_names(), loaded, strict=True):
        typer.echo(f"{name:<{width}}  {r.model or '-':<10}  {r.description}")


# -- stored runs ----------------------------------------------------------------------------


def _status(status: str, host: str | None, pid: Any, store: Path, run_id: str) -> str:
    """The status to show: 'stale' for a killed run, 'saved-aside' when its file exists."""
    from commonsim.store import aside_path, is_stale

    if status == "running" and aside_path(store, run_id).is_file():
        return "saved-aside"
    pid = None if pid is None or pid != pid else int(pid)  # NaN from pandas when missing
    return f"{status} (stale)" if is_stale(status, host, pid) else status


def _open_read(store: Path) -> Store:
    from commonsim.store import Store

    try:
        return Store(store, read_only=True)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


@app.command()
def runs(
    store: StoreOption = Path(DEFAULT_PATH),
    all_: Annotated[bool, typer.Option("--all", help="Include running and failed runs.")] = False,
    batch: Annotated[str | None, typer.Option(help="Only runs of this batch.")] = None,
) -> None:
    """List stored runs (complete ones unless --all)."""
    with _open_read(store) as db:
        frame = db.runs(batch=batch, status=None if all_ else "complete")
    table = Table(title=f"{len(frame)} run(s) in {store}", title_justify="left")
    columns = ["run_id", "regime", "households", "years", "seed", "status", "batch", "created"]
    with_batch = bool(frame["batch"].notna().any())
    for col in columns:
        if col != "batch" or with_batch:
            table.add_column(col, no_wrap=col in ("run_id", "status", "created"))
    for row in frame.itertuples():
        cells = [row.run_id, row.regime, f"{row.households:,}", str(row.years), str(row.seed),
                 _status(row.status, row.host, row.pid, store, row.run_id),
                 row.batch if isinstance(row.batch, str) else "",
                 f"{row.created_at:%Y-%m-%d %H:%M}"]
        table.add_row(*(c for c, col in zip(cells, columns, strict=True)
                        if col != "batch" or with_batch))
    _console().print(table)


@app.command()
def show(
    run_id: Annotated[str, typer.Argument(help="A run id or a unique prefix of one.")],
    store: StoreOption = Path(DEFAULT_PATH),
    all_metrics: Annotated[bool, typer.Option("--all-metrics",
                                              help="Show every metric, not only the key ones.")]
    = False,
) -> None:
    """Show a stored run: its record, parameters that differ from the defaults, final metrics."""
    from commonsim.params import Parameters
    from commonsim.store import aside_path

    with _open_read(store) as db:
        try:
            row = db.run(run_id)
            wide = db.wide(row["run_id"]) if row["status"] == "complete" else None
        except KeyError as exc:
            raise _fail(exc.args[0]) from None
    out = _console()
    info = Table(title=f"run {row['run_id']}", title_justify="left", show_header=False)
    info.add_column("field")
    info.add_column("value")
    for key in ("regime", "model", "regime_source", "households", "years", "seed", "status",
                "batch", "code_version", "created_at", "finished_at", "error"):
        value = row.get(key)
        if value is not None and value != "":
            if key == "status":
                value = _status(value, row.get("host"), row.get("pid"), store, row["run_id"])
            info.add_row(key, f"{value:,}" if key == "households" else str(value))
    out.print(info)
    aside = aside_path(store, row["run_id"])
    if row["status"] == "running" and aside.is_file():
        out.print(f"its results were saved aside: load them with"
                  f" `commonsim store import {aside}`", soft_wrap=True)

    defaults = {f"{section}.{k}": v for section, values in Parameters().model_dump().items()
                for k, v in values.items()}
    changed = Table(title="parameters that differ from the schema defaults",
                    title_justify="left")
    for col in ("key", "value", "default"):
        changed.add_column(col)
    for key, value in row["parameters"].items():
        if key not in defaults or defaults[key] != value:
            changed.add_row(key, str(value), str(defaults.get(key, "(not in schema)")))
    out.print(changed if changed.row_count else "parameters: all at the schema defaults")
    for change in row["schedule"]:
        values = ", ".join(f"{k} = {v}" for k, v in change["set"].items())
        note = f"  ({change['note']})" if change.get("note") else ""
        out.print(f"from year {change['year']}: {values}{note}", soft_wrap=True)

    if wide is None:
        out.print(f"no metrics: the run is {row['status']}")
        return
    final = wide.iloc[-1].to_dict()
    title = f"final year (period {int(wide.index[-1])})"
    out.print(_metrics_table(final, title, None if all_metrics else KEY_METRICS))


class ExportFormat(StrEnum):
    """File formats of `commonsim export`."""
    csv = "csv"
    parquet = "parquet"


class Layout(StrEnum):
    """Table layouts of `commonsim export`: tidy long or one column per metric."""
    long = "long"
    wide = "wide"


@app.command()
def export(
    run_id: Annotated[str, typer.Argument(help="A run id or a unique prefix of one.")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    format_: Annotated[ExportFormat, typer.Option("--format", help="File format.")]
    = ExportFormat.csv,
    layout: Annotated[Layout, typer.Option(
        help="long: run_id, period, variable, value; wide: one column per variable.")]
    = Layout.long,
    store: StoreOption = Path(DEFAULT_PATH),
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")]
    = False,
) -> None:
    """Write a stored run's metrics to a CSV or Parquet file.

    The file is written under a temporary name and renamed when complete, so a failed
    export leaves nothing half written; the store itself is never a target.
    """
    from commonsim.store import write_atomically

    _check_export_target(out, store, force)
    with _open_read(store) as db:
        try:
            full = db.resolve(run_id)
            frame = db.wide(full).reset_index() if layout is Layout.wide else db.metrics([full])
        except KeyError as exc:
            raise _fail(exc.args[0]) from None
    if frame.empty:
        raise _fail(f"run {full} has no metrics")
    try:
        if format_ is ExportFormat.csv:
            write_atomically(out, lambda tmp: frame.to_csv(tmp, index=False))
        else:
            write_atomically(out, lambda tmp: frame.to_parquet(tmp, index=False))
    except OSError as exc:
        raise _fail(f"--out {out}: cannot write ({exc.strerror or exc})") from None
    typer.echo(f"wrote {len(frame):,} rows of run {full} to {out}")


def _check_export_target(out: Path, store: Path, force: bool) -> None:
    """Refuse the store (or its WAL), a directory, a missing folder, or an existing file."""
    target = out.resolve()
    guarded = [store.resolve(), store.resolve().with_name(store.resolve().name + ".wal")]
    if target in guarded or any(
            out.exists() and p.exists() and out.samefile(p) for p in guarded):
        raise _fail(f"--out {out}: that is the results store {store}; choose another file")
    if out.is_dir():
        raise _fail(f"--out {out}: is a directory; give a file name")
    if not out.parent.is_dir():
        raise _fail(f"--out {out}: directory {out.parent} does not exist")
    if out.exists() and not force:
        raise _fail(f"--out {out}: file exists; add --force to replace it")


# -- the store ------------------------------------------------------------------------------

store_app = typer.Typer(help="Look after the results store.", no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(store_app, name="store")


@store_app.command("import")
def store_import(
    paths: Annotated[list[Path], typer.Argument(
        help="Parquet files of runs saved beside the store while it was locked.")],
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Load runs saved aside (store locked when they finished) into the store.

    Importing a run that is already complete in the store changes nothing.
    """
    from commonsim.store import Store, read_aside

    try:
        for path in paths:
            read_aside(path)  # every file is checked before the store is touched
        with Store(store) as db:
            for path in paths:
                run_id, added = db.import_aside(path)
                typer.echo(f"run {run_id}: imported from {path}" if added else
                           f"run {run_id}: already complete in {store}; nothing imported")
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _version(value: bool) -> None:
    from commonsim.store import code_version

    if value:
        typer.echo(f"commonsim {code_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Bauwens' three models of value creation as a runnable, stock-flow-consistent economy."""


# == Commands from other modules ==========================================================
# The lead registers `validate`, `compare`, `claims` and `atlas` here, each defined in its
# own module as a plain function with Typer annotations, e.g.
#
#     from commonsim.validation.cli import validate
#     app.command()(validate)
#
# Keep the bad-input convention: raise `_fail(message)` (one line, exit code 2) on ConfigError.
# =========================================================================================

from commonsim.atlas.cli import atlas  # noqa: E402
from commonsim.dashboard.cli import dashboard_command  # noqa: E402
from commonsim.report.cli import claims_command, compare_command  # noqa: E402
from commonsim.validation.cli import validate_command  # noqa: E402

app.command()(atlas)
app.command("validate")(validate_command)
app.command("compare")(compare_command)
app.command("claims")(claims_command)
app.command("dashboard")(dashboard_command)

from commonsim.experiments.cli import experiment_app  # noqa: E402

app.add_typer(experiment_app, name="experiment")


if __name__ == "__main__":
    app()
