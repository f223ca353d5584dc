"""Typer commands ``commonsim compare`` and ``commonsim claims`` (registered in commonsim.cli).

app.command("compare")(compare_command)
app.command("claims")(claims_command)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from commonsim.errors import ConfigError
from commonsim.interrupt import interrupted_code, signals_interrupt

if TYPE_CHECKING:
    from commonsim.claims import ClaimResult

# pandas, the claims (SciPy), the runs and the store are imported inside the commands, so
# that `commonsim --help` starts fast (not to dodge an import cycle).

#: Rich style of each verdict (the verdict strings of commonsim.claims; a test checks them).
STYLE = {"holds": "green", "fails": "red", "transient": "magenta", "negligible": "cyan",
         "inconclusive": "yellow", "cannot be evaluated": "dim", "definitional": "dim"}
#: Output formats of `commonsim claims`.
FORMATS = ("table", "csv", "json")


def _fail(console: Console, exc: Exception) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
    return typer.Exit(code=2)


def compare_command(
    regimes: Annotated[list[str] | None, typer.Argument(
        help="Regimes to compare: preset names, 1a/1b/2/3, or regime .toml files"
             " (default: the essay's four)", show_default=False)] = None,
    replicates: Annotated[int, typer.Option(
        "--replicates", "-r", help="Runs per regime; replicate r uses seed r")] = 20,
    households: Annotated[int, typer.Option("--households", "-n",
                                            help="Households per run")] = 10_000,
    years: Annotated[int, typer.Option(
        "--years", "-t", help="Years per run; claims are judged at half of it and at the"
                              " end")] = 100,
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
    from commonsim.regimes import parse_assignment
    from commonsim.report.compare import check_outdir, check_store, compare, plan, write
    from commonsim.store import DEFAULT_PATH

    console = Console()
    where = None if no_store else (store or Path(DEFAULT_PATH))
    try:
        overrides = dict(parse_assignment(text) for text in set_ or [])
        specs = plan(regimes, replicates, households, years, overrides, "--set")
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
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="table (for people, fits 80 columns), csv or json (for"
                               " machines, on standard output)")] = "table",
    batch: Annotated[str | None, typer.Option(
        help="Stored compare batch to judge (default: the newest one of this code"
             " version)", show_default=False)] = None,
    from_report: Annotated[Path | None, typer.Option(
        "--from", help="Judge the runs of a compare report folder (its metrics.parquet)",
        show_default=False)] = None,
    store: Annotated[Path | None, typer.Option(
        help="Results store (default: the store's default)", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write csv or json to this file instead of standard output",
        show_default=False)] = None,
    trace: Annotated[bool, typer.Option(
        "--trace", help="Also list each characteristic's mechanisms and parameters")] = False,
    replicates: Annotated[int, typer.Option(
        "--replicates", "-r", help="Runs per regime, if none are stored")] = 20,
    households: Annotated[int, typer.Option(
        "--households", "-n", help="Households per run, if none are stored")] = 10_000,
    years: Annotated[int, typer.Option("--years", "-t",
                                       help="Years per run, if none are stored")] = 100,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes (default: the CPUs available)", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar")] = False,
) -> None:
    """Judge the essay's claims: class, effect, interval, floor and verdicts per part.

    Reuses the newest stored comparison of this code version (`commonsim compare` stores
    one) and says which; runs and stores a new one only when none is stored.
    """
    from commonsim.claims import claims_frame, headline_text

    err = Console(stderr=True)
    try:
        if fmt not in FORMATS:
            raise ConfigError(f"--format {fmt}: allowed: {', '.join(FORMATS)}")
        results, source = _claims_source(from_report, batch, store, replicates, households,
                                         years, workers, quiet)
    except ConfigError as exc:
        raise _fail(err, exc) from None
    if fmt == "table":
        console = Console()
        print_claims(console, results)
        if trace:
            print_trace(console, results)
        console.print(headline_text(results))
        console.print(source)
        return
    table = claims_frame(results)
    text = table.to_csv(index=False) if fmt == "csv" else table.to_json(
        orient="records", indent=1)
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)
    err.print(source)


def _claims_source(from_report: Path | None, batch: str | None, store: Path | None,
                   replicates: int, households: int, years: int, workers: int | None,
                   quiet: bool) -> tuple[list[ClaimResult], str]:
    """The claim results and a line saying which comparison they come from."""
    import pandas as pd

    from commonsim.claims import run_claims
    from commonsim.report.compare import check_sizes
    from commonsim.report.stored import latest_comparison, run_and_store

    check_sizes(replicates, households, years)
    if from_report is not None:
        path = Path(from_report) / "metrics.parquet"
        if not path.is_file():
            raise ConfigError(f"--from {from_report}: no metrics.parquet there; give the"
                              " folder `commonsim compare` wrote")
        return run_claims(pd.read_parquet(path)), f"Judged the runs in {path}."
    found = latest_comparison(store, batch)
    if found is not None:
        return run_claims(found.frame), found.describe()
    if batch is not None:
        raise ConfigError(f"--batch {batch}: no complete runs of that batch in the store")
    frame, note = run_and_store(store, replicates, households, years, workers, quiet)
    return run_claims(frame), note


def print_claims(console: Console, results: list[ClaimResult]) -> None:
    """One row per part: claim, part with effect and floor, class, verdict per horizon."""
    from commonsim.claims import MISSING
    from commonsim.report.formatting import interval_text, number

    horizons = sorted({h for r in results for p in r.parts for h in p.at})
    last = horizons[-1] if horizons else 0
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=False)
    # Verdict words are at most 12 letters ("cannot be evaluated" wraps at its spaces), so
    # the part column keeps the rest of the width and wraps between words.
    table.add_column("claim", max_width=12)
    table.add_column(escape(f"part: effect at year {last} [interval]; floor"), ratio=1,
                     min_width=30)
    table.add_column("class", max_width=5)
    for h in horizons:
        table.add_column(f"year {h}", max_width=12)
    for r in results:
        for i, p in enumerate(r.parts):
            head = f"{r.id}\n[{STYLE[r.verdict]}]{r.verdict}[/]" if i == 0 else ""
            j = p.last
            figures = (j.note if j.verdict == MISSING else
                       f"{interval_text(j.effect.mean, j.effect.low, j.effect.high)};"
                       f" floor {number(j.floor)}")
            cells = [f"[{STYLE[p.at[h].verdict]}]{p.at[h].verdict}[/]" if h in p.at else ""
                     for h in horizons]
            table.add_row(head, f"{escape(p.text)}\n[dim]{escape(figures)}[/]", p.cls, *cells,
                          end_section=i == len(r.parts) - 1)
    console.print(table)
    console.print("class: E emergent (counted), D definitional (listed, not counted).")


def print_trace(console: Console, results: list[ClaimResult]) -> None:
    """Each characteristic's mechanisms and institutional parameters, one paragraph each."""
    from commonsim.report.trace import traceability

    for t in traceability(results):
        console.print(f"[bold]{t.id}[/] {t.title}")
        console.print("  mechanisms: " + (", ".join(t.mechanisms) or "none declared"))
        console.print("  parameters: " + (", ".join(t.parameters) or "none declared"))


def print_verdicts(console: Console, results: list[ClaimResult]) -> None:
    """Each claim's verdict on one line, then the headline of emergent parts."""
    from commonsim.claims import headline_text

    line = "  ".join(f"{r.id} [{STYLE[r.verdict]}]{r.verdict}[/]" for r in results)
    console.print(f"Claims: {line}")
    console.print(headline_text(results))
