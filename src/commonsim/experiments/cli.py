"""``commonsim experiment``: run a declared experiment, analyse a batch, export it.

    commonsim experiment SPEC.toml [--evaluator local|process|dask] [--scheduler ADDR]
    commonsim experiment analyse BATCH [--out DIR]
    commonsim experiment export BATCH [--out DIR] [--format parquet|csv]
    commonsim experiment robustness-doc BATCH [--out docs/robustness.md]

Bad input (spec, evaluator, scheduler, store, batch) stops with one line and exit code 2
before anything runs or is stored.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from commonsim.errors import ConfigError
from commonsim.store import DEFAULT_PATH


class _SpecFirst(TyperGroup):
    """A group whose first argument, when it names no subcommand, is a spec to run."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert the `run` subcommand in front of a spec path."""
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


experiment_app = typer.Typer(
    cls=_SpecFirst, no_args_is_help=True, add_completion=False,
    help="Declared experiments: sweeps, sensitivity, robustness and attribution (on Dask).",
)

StoreOption = Annotated[
    Path, typer.Option("--store", envvar="COMMONSIM_STORE", help="DuckDB results store.")]


def _fail(message: str) -> typer.Exit:
    """Print one error line to stderr; the caller raises the returned Exit(2)."""
    typer.echo(f"commonsim: error: {message}", err=True)
    return typer.Exit(2)


class EvaluatorKind(StrEnum):
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
        summary = run_experiment(spec, store, ev, console)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"batch {summary.batch_id}: {summary.runs} runs: {summary.skipped} already"
               f" stored, {summary.done} run now, {summary.failed} failed"
               f" ({summary.seconds:.1f} s); store: {store}")
    typer.echo(f"next: commonsim experiment analyse {summary.batch_id} --store {store}")
