"""``commonsim experiment``: run a declared experiment, analyse a batch, export it.

    commonsim experiment SPEC.toml [--evaluator local|process|dask] [--scheduler ADDR]
    commonsim experiment analyse BATCH [--out DIR]
    commonsim experiment export BATCH [--out DIR] [--format parquet|csv]
    commonsim experiment robustness-doc BATCH [--out docs/robustness.md]
    commonsim experiment tipping-doc BATCH [--out docs/tipping-points.md]

Bad input (spec, evaluator, scheduler, store, batch) stops with one line and exit code 2
before anything runs or is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from commonsim.errors import ConfigError
from commonsim.interrupt import interrupted_code, signals_interrupt

if TYPE_CHECKING:
    import click

    from commonsim.experiments.batch import BatchStore
    from commonsim.store import Store

# The runner, the analyses and the store (SALib, SciPy, pandas, Dask, DuckDB and the engine)
# are imported inside the commands that use them, so that `commonsim --help` starts fast:
# not to dodge an import cycle. tests/test_api_jupyter.py checks that importing the CLI
# loads none of them.

#: The store's default file (commonsim.store.DEFAULT_PATH; a test checks the two agree).
DEFAULT_PATH = "commonsim.duckdb"


class _SpecFirst(TyperGroup):
    """A group whose first argument, when it names no subcommand, is a spec to run."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert the `run` subcommand in front of a spec path."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


experiment_app = typer.Typer(
    cls=_SpecFirst, no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    help="Declared experiments: sweeps, sensitivity, robustness and attribution (on Dask).",
)

StoreOption = Annotated[
    Path, typer.Option("--store", envvar="COMMONSIM_STORE", help="DuckDB results store.")]


def _fail(message: str) -> typer.Exit:
    """Print one error line to stderr; the caller raises the returned Exit(2)."""
    typer.echo(f"commonsim: error: {message}", err=True)
    return typer.Exit(2)


class EvaluatorKind(StrEnum):
    """Where runs execute (see commonsim.experiments.evaluators)."""

    local = "local"
    process = "process"
    dask = "dask"


@experiment_app.command("run")
def run_command(
    spec_path: Annotated[Path, typer.Argument(metavar="SPEC.toml",
                                              help="The experiment file.")],
    evaluator: Annotated[EvaluatorKind, typer.Option(
        help="local: in this process; process: a local process pool; dask: a Dask cluster"
             " (a new local one, one worker per core, unless --scheduler).")]
    = EvaluatorKind.dask,
    scheduler: Annotated[str | None, typer.Option(
        help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Workers of a local cluster or pool (default: one per core).")] = None,
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Run an experiment (skipping runs the store already holds) and store it as a batch."""
    from commonsim.experiments.evaluators import make_evaluator
    from commonsim.experiments.runner import run_experiment
    from commonsim.experiments.spec import load_spec

    try:
        spec = load_spec(spec_path)
        ev = make_evaluator(evaluator.value, scheduler, workers)
        if not store.parent.is_dir():
            raise ConfigError(f"--store {store}: directory {store.parent} does not exist")
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    console = Console(stderr=True, highlight=False)
    try:
        # SIGTERM, like Ctrl-C, stores the finished runs that wait to be written first.
        with signals_interrupt():
            summary = run_experiment(spec, store, ev, console)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt as exc:
        typer.echo(f"commonsim: interrupted ({exc or 'SIGINT'}); finished runs are stored:"
                   " run the same command again to do the rest", err=True)
        raise typer.Exit(interrupted_code(exc)) from None
    typer.echo(f"batch {summary.batch_id}: {summary.runs} runs: {summary.skipped} already"
               f" stored, {summary.done} run now, {summary.failed} failed"
               f" ({summary.seconds:.1f} s); store: {store}")
    typer.echo(f"next: commonsim experiment analyse {summary.batch_id} --store {store}")


def _open_batches(store: Path) -> tuple[Store, BatchStore]:
    """The store, read-only, and its batch tables; a one-line error if unusable."""
    from commonsim.experiments.batch import BatchStore
    from commonsim.store import Store

    try:
        db = Store(store, read_only=True)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    return db, BatchStore(db)


BatchArgument = Annotated[str, typer.Argument(
    help="A batch id, a unique prefix of one, or the experiment's name.")]


@experiment_app.command("analyse")
def analyse_command(
    batch: BatchArgument,
    out: Annotated[Path | None, typer.Option(
        help="Folder for the report (default: reports/experiment-<batch id>).")] = None,
    part: Annotated[list[str] | None, typer.Option(
        help="Claim part for scenario discovery, e.g. M3.4#2 (repeatable; default: the"
             " least robust emergent parts).")] = None,
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Analyse a batch (sensitivity, robustness, attribution, PRIM) and write its report."""
    from commonsim.experiments.analyse import analyse
    from commonsim.experiments.report import write_report

    db, batches = _open_batches(store)
    with db:
        batch_id = _resolve(batches, batch)
        analysis = analyse(batches, batch_id, part or None)
    path = write_report(analysis, out or Path("reports") / f"experiment-{batch_id}")
    for note in analysis.notes:
        typer.echo(f"note: {note}")
    if not analysis.robustness.empty:
        emergent = analysis.robustness[analysis.robustness["emergent"]]
        typer.echo(f"robust emergent parts: {int(emergent['robust'].sum())} of {len(emergent)}"
                   f" ({analysis.horizons})")
    typer.echo(f"wrote {path}")


def _resolve(batches: Any, batch: str) -> str:
    """The batch id `batch` names (id, prefix or name); one line and exit 2 if none."""
    try:
        return batches.resolve(batch)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


class ExportFormat(StrEnum):
    """File format of an export."""

    parquet = "parquet"
    csv = "csv"


@experiment_app.command("export")
def export_command(
    batch: BatchArgument,
    out: Annotated[Path | None, typer.Option(
        help="Folder to write runs.<format> and periods.<format> into"
             " (default: exports/<batch id>).")] = None,
    format_: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.parquet,
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Export a batch as tidy tables: parameters joined to results, per run and per period."""
    from commonsim.experiments.export import export_batch

    db, batches = _open_batches(store)
    with db:
        batch_id = _resolve(batches, batch)
        paths = export_batch(batches, batch_id, out or Path("exports") / batch_id,
                             format_.value)
    for path in paths:
        typer.echo(f"wrote {path}")


def _write_page(render: Callable[[Any, str], str], batch: str, out: Path, store: Path) -> None:
    """Render a Markdown page from a stored batch and write it to `out` (one line on error)."""
    if not out.parent.is_dir():
        raise _fail(f"--out {out}: directory {out.parent} does not exist")
    db, batches = _open_batches(store)
    with db:
        try:
            text = render(batches, batches.resolve(batch))
        except ConfigError as exc:
            raise _fail(str(exc)) from None
    out.write_text(text)
    typer.echo(f"wrote {out}")


@experiment_app.command("robustness-doc")
def robustness_doc_command(
    batch: BatchArgument,
    out: Annotated[Path, typer.Option(help="Markdown file to write.")]
    = Path("docs/robustness.md"),
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Write the robustness page (docs/robustness.md) from a robustness batch."""
    from commonsim.experiments.robustness_doc import robustness_markdown

    _write_page(robustness_markdown, batch, out, store)


@experiment_app.command("tipping-doc")
def tipping_doc_command(
    batch: BatchArgument,
    out: Annotated[Path, typer.Option(help="Markdown file to write.")]
    = Path("docs/tipping-points.md"),
    store: StoreOption = Path(DEFAULT_PATH),
) -> None:
    """Write the tipping-point page and its map (an SVG beside it) from a tipping batch."""
    from commonsim.experiments.tipping_doc import tipping_markdown

    figure = out.with_suffix(".svg")
    _write_page(lambda b, x: tipping_markdown(b, x, figure), batch, out, store)
