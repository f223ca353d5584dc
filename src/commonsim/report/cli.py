"""Typer commands ``commonsim compare`` and ``commonsim claims`` (registered in commonsim.cli).

app.command("compare")(compare_command)
app.command("claims")(claims_command)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from commonsim.claims import FAILS, HOLDS, INCONCLUSIVE, MISSING, ClaimResult, run_claims
from commonsim.errors import ConfigError
from commonsim.interrupt import interrupted_code, signals_interrupt
from commonsim.regimes import parse_assignment
from commonsim.report.compare import (
    check_outdir,
    check_store,
    compare,
    frame_from_store,
    plan,
    write,
)
from commonsim.report.trace import traceability
from commonsim.store import DEFAULT_PATH

STYLE = {HOLDS: "green", FAILS: "red", INCONCLUSIVE: "yellow", MISSING: "dim"}


def _fail(console: Console, exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
    return typer.Exit(code=2)


def compare_command(
    regimes: Annotated[list[str] | None, typer.Argument(
        help="Regimes to compare: preset names, 1a/1b/2/3, or regime .toml files"
             " (default: the essay's four)", show_default=False)] = None,
    replicates: Annotated[int, typer.Option(
        "--replicates", "-r", help="Runs per regime; replicate r uses seed r")] = 10,
    households: Annotated[int, typer.Option("--households", "-n",
                                            help="Households per run")] = 10_000,
    years: Annotated[int, typer.Option("--years", "-t", help="Years per run")] = 50,
    out: Annotated[Path, typer.Option("--out", "-o", help="Report folder")] = Path("report"),
    store: Annotated[Path | None, typer.Option(
        envvar="COMMONSIM_STORE",
        help="Results store, a DuckDB file (default: commonsim.duckdb); runs already"
             " complete there are reused", show_default=False)] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not store the runs")
                        ] = False,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE",
        help="Override a parameter in every regime compared, e.g. --set"
             " labour.bargaining=0.45 (repeatable)", show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes (default: the CPUs available)", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Run the regimes side by side, check the essay's claims, and write a report folder.

    Runs already complete in the store with the same parameters, seed, size and code are
    reused, and each new run is stored as it finishes: re-running an interrupted comparison
    does only the rest.
    """
    console = Console()
    where = None if no_store else (store or Path(DEFAULT_PATH))
    try:
        overrides = dict(parse_assignment(text) for text in set_ or [])
        specs = plan(regimes, replicates, households, years, overrides)
        check_outdir(out)
        if where is not None:
            check_store(where)
    except ConfigError as exc:
        raise _fail(console, exc) from None
    try:
        with signals_interrupt():
            comparison = compare(workers=workers, progress=not quiet, store=where,
                                 specs=specs)
    except ConfigError as exc:
        raise _fail(console, exc) from None
    except KeyboardInterrupt as exc:
        kept = (f"; the runs finished so far are in {where}: run the same command again to"
                " resume") if where is not None else ""
        typer.echo(f"commonsim: interrupted ({exc or 'SIGINT'}){kept}", err=True)
        raise typer.Exit(interrupted_code(exc)) from None
    index = write(comparison, out, where, replicates, households, years, save=not no_store)
    print_verdicts(console, comparison.claims)
    console.print(comparison.store_note)
    console.print(f"Report: [bold]{index.resolve()}[/bold]  ({comparison.seconds:.1f} s of"
                  " runs)")


def claims_command(
    replicates: Annotated[int, typer.Option("--replicates", "-r",
                                            help="Runs per regime")] = 5,
    households: Annotated[int, typer.Option("--households", "-n",
                                            help="Households per run")] = 2_000,
    years: Annotated[int, typer.Option("--years", "-t", help="Years per run")] = 50,
    from_report: Annotated[Path | None, typer.Option(
        "--from", help="Reuse the runs of a compare report folder (its metrics.parquet)"
                       " instead of running", show_default=False)] = None,
    batch: Annotated[str | None, typer.Option(
        help="Reuse a stored compare batch (its name, or 'latest') instead of running;"
             " claims needing final-state figures are then not evaluated",
        show_default=False)] = None,
    store: Annotated[Path | None, typer.Option(
        help="Results store for --batch (default: the store's default)",
        show_default=False)] = None,
    csv: Annotated[Path | None, typer.Option(help="Also write the matrix as CSV",
                                             show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes (default: the CPUs available)", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Print the traceability matrix, characteristic down to the verdict with figures.

    The matrix runs characteristic -> mechanisms -> parameters -> claim -> verdict.

    By default runs the essay's four regimes at a smaller size than `compare`
    (5 replicates of 2,000 households over 50 years); --from reuses a compare report
    folder and --batch a compare batch in the results store.
    """
    console = Console()
    if from_report is not None:
        path = Path(from_report) / "metrics.parquet"
        if not path.is_file():
            raise _fail(console, ConfigError(f"--from {from_report}: no metrics.parquet there;"
                                             " give the folder `commonsim compare` wrote"))
        results = run_claims(pd.read_parquet(path))
    elif batch is not None:
        try:
            results = run_claims(frame_from_store(store, batch))
        except ConfigError as exc:
            raise _fail(console, exc) from None
    else:
        try:
            results = compare(None, replicates, households, years, workers=workers,
                              progress=not quiet).claims
        except ConfigError as exc:
            raise _fail(console, exc) from None
    print_matrix(console, results)
    print_verdicts(console, results)
    if csv is not None:
        matrix_frame(results).to_csv(csv, index=False)
        console.print(f"Matrix written to {csv}")


def matrix_frame(results: list[ClaimResult]) -> pd.DataFrame:
    """The traceability matrix as a table, one row per claim part."""
    rows = []
    for t in traceability(results):
        assert t.claim is not None
        for p in t.claim.parts:
            rows.append({"characteristic": t.id, "title": t.title,
                         "mechanisms": "; ".join(t.mechanisms),
                         "parameters": "; ".join(t.parameters), "cases": "; ".join(t.cases),
                         "claim": t.claim.claim.text,
                         "verdict": t.claim.verdict, "part": p.text,
                         "part_verdict": p.verdict, "figures": p.figures()})
    return pd.DataFrame(rows)


def print_matrix(console: Console, results: list[ClaimResult]) -> None:
    """Print the traceability matrix as a table."""
    table = Table(title="Traceability: characteristic -> mechanisms -> parameters -> claim",
                  show_lines=True)
    for col in ("ID", "mechanisms", "institutional parameters", "claim parts and figures",
                "verdict"):
        table.add_column(col, overflow="fold")
    for t in traceability(results):
        assert t.claim is not None
        parts = "\n".join(f"[{STYLE[p.verdict]}]{p.verdict}[/]: {p.text}: {p.figures()}"
                          for p in t.claim.parts)
        v = t.claim.verdict
        label = t.id + (f"\n{t.title}" if t.title else "") + (
            f"\n{len(t.cases)} atlas case(s)" if t.cases else "")
        table.add_row(label, "\n".join(t.mechanisms),
                      "\n".join(t.parameters), parts, f"[{STYLE[v]}]{v}[/]")
    console.print(table)


def print_verdicts(console: Console, results: list[ClaimResult]) -> None:
    """Print each claim's verdict and the counts."""
    counts = {v: sum(r.verdict == v for r in results) for v in STYLE}
    line = "  ".join(f"{r.id} [{STYLE[r.verdict]}]{r.verdict}[/]" for r in results)
    console.print(f"Claims: {line}")
    console.print("Totals: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
