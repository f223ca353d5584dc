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
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from commonsim import api
from commonsim.economy.engine import check_size
from commonsim.errors import ConfigError
from commonsim.params import Parameters
from commonsim.regimes import load_regime, parse_assignment, preset_names
from commonsim.store import DEFAULT_PATH, Store, code_version, is_stale

app = typer.Typer(
    name="commonsim",
    help="Bauwens' three models of value creation as a runnable, stock-flow-consistent economy.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

# Metrics shown after a run and by `show`, in this order, when the run has them.
KEY_METRICS = (
    "gdp", "labour_share", "profit_share", "rent_share", "unemployment", "precarious_share",
    "poverty_rate", "income_gini", "wealth_gini", "top1_wealth_share",
    "nonpositive_net_worth_share", "household_debt_to_income", "mortgage_debt_to_income",
    "median_debt_to_income", "debt_dependent_share",
    "commons_stock", "coop_output_share", "state_debt_to_gdp", "income_tax_rate", "waste",
    "damage_per_output",
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
    # Everything is checked before the store is touched or any simulating starts.
    try:
        overrides = dict(parse_assignment(text) for text in set_ or [])
        resolved = load_regime(regime, overrides)
        if not 0 <= seed < 2**63:
            raise ConfigError(f"seed = {seed}: allowed: an integer in [0, 2**63 - 1]")
        if years >= 2**31:
            raise ConfigError(f"years = {years}: allowed: an integer in [1, 2**31 - 1]")
        check_size(households, years)
    except ConfigError as exc:
        raise _fail(str(exc)) from None

    err = _console(stderr=True)
    run_id = None
    if not no_store:
        try:
            with Store(store) as db:
                run_id = db.start_run(resolved, households, years, seed, batch)
        except ConfigError as exc:
            raise _fail(str(exc)) from None
        # Other processes (and a later look at a killed run) rely on this line coming
        # after the run is recorded as 'running' and before simulating starts.
        err.print(f"run {run_id}: {resolved.name}, {households:,} households,"
                  f" {years} years, seed {seed}", soft_wrap=True)

    progress = Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("years"), TimeElapsedColumn(), console=err, transient=False,
    )
    try:
        with progress:
            task = progress.add_task(resolved.name, total=years)
            result = api.simulate(
                resolved, households=households, years=years, seed=seed,
                progress=lambda done, _total: progress.update(task, completed=done),
                keep_matrices=False,
            )
    except BaseException as exc:
        if run_id is not None:
            with Store(store) as db:
                db.fail_run(run_id, f"{type(exc).__name__}: {exc}")
        if isinstance(exc, ConfigError):
            raise _fail(str(exc)) from None
        raise

    if run_id is not None:
        with Store(store) as db:
            db.finish_run(run_id, result.metrics)

    final = result.metrics.iloc[-1].to_dict()
    out = _console()
    title = f"{resolved.name}: final year (period {years - 1})"
    out.print(_metrics_table(final, title, KEY_METRICS))
    if run_id is not None:
        out.print(f"run id: {run_id}  (store: {store})", soft_wrap=True)
    else:
        out.print("not stored (--no-store)")


# -- regimes --------------------------------------------------------------------------------


@app.command()
def regimes() -> None:
    """List the preset regimes: name, model, description."""
    loaded = [load_regime(name) for name in preset_names()]
    width = max(len(r.name) for r in loaded)
    for name, r in zip(preset_names(), loaded, strict=True):
        typer.echo(f"{name:<{width}}  {r.model or '-':<10}  {r.description}")


# -- stored runs ----------------------------------------------------------------------------


def _status(status: str, host: str | None, pid: Any) -> str:
    pid = None if pid is None or pid != pid else int(pid)  # NaN from pandas when missing
    return f"{status} (stale)" if is_stale(status, host, pid) else status


def _open_read(store: Path) -> Store:
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
                 _status(row.status, row.host, row.pid),
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
                value = _status(value, row.get("host"), row.get("pid"))
            info.add_row(key, f"{value:,}" if key == "households" else str(value))
    out.print(info)

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
) -> None:
    """Write a stored run's metrics to a CSV or Parquet file."""
    if not out.parent.is_dir():
        raise _fail(f"--out {out}: directory {out.parent} does not exist")
    with _open_read(store) as db:
        try:
            full = db.resolve(run_id)
            frame = db.wide(full).reset_index() if layout is Layout.wide else db.metrics([full])
        except KeyError as exc:
            raise _fail(exc.args[0]) from None
    if frame.empty:
        raise _fail(f"run {full} has no metrics")
    if format_ is ExportFormat.csv:
        frame.to_csv(out, index=False)
    else:
        frame.to_parquet(out, index=False)
    typer.echo(f"wrote {len(frame):,} rows of run {full} to {out}")


def _version(value: bool) -> None:
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
from commonsim.report.cli import claims_command, compare_command  # noqa: E402
from commonsim.validation.cli import validate_command  # noqa: E402

app.command()(atlas)
app.command("validate")(validate_command)
app.command("compare")(compare_command)
app.command("claims")(claims_command)


if __name__ == "__main__":
    app()
