"""The ``atlas`` command: the patchwork of cases in the terminal or as an HTML page.

The function is registered on the project's Typer app by ``commonsim.cli``; it holds no state
of its own and reads the shipped atlas through ``loader.default_cases``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from commonsim.characteristics import CHARACTERISTICS, MODEL_NAMES, Characteristic, lookup

if TYPE_CHECKING:
    from commonsim.atlas.schema import Case

# The atlas's loader, queries and page (pydantic and the case schema) are imported inside the
# functions that use them, so that `commonsim --help` starts fast: not to dodge an import
# cycle. tests/test_api_jupyter.py checks what importing the CLI loads.

_STYLES = {"gap": "bold red", "thin": "yellow", "covered": "green"}


def atlas(
    characteristic: Annotated[
        str | None,
        typer.Argument(help="A characteristic ID (e.g. M3.5) or slug (e.g. partner-state)."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Write the atlas as a self-contained HTML page (matrix and filterable cases).",
        ),
    ] = None,
) -> None:
    """Show the case-study atlas: the patchwork matrix, or the cases of one characteristic."""
    from commonsim.atlas import loader
    from commonsim.atlas.page import render_page
    from commonsim.atlas.schema import ATLAS_IDS

    console = Console()
    chosen: Characteristic | None = None
    if characteristic is not None:
        chosen = lookup(characteristic)
        if chosen is None or chosen.id not in ATLAS_IDS:
            typer.echo(
                f"Unknown characteristic {characteristic!r}; allowed: {', '.join(ATLAS_IDS)}",
                err=True,
            )
            raise typer.Exit(2)
    try:
        cases = loader.default_cases()
    except loader.AtlasError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc

    if html is not None:
        try:
            html.write_text(render_page(cases, chosen.id if chosen else ""), encoding="utf-8")
        except OSError as exc:
            typer.echo(f"Cannot write {html}: {exc.strerror}", err=True)
            raise typer.Exit(1) from exc
        console.print(f"Wrote {html} ({len(cases)} cases).")
    elif chosen is not None:
        _print_cases(console, chosen, cases)
    else:
        _print_matrix(console, cases)


def _print_matrix(console: Console, cases: Sequence[Case]) -> None:
    from commonsim.atlas.query import coverage, gaps, status
    from commonsim.atlas.schema import ATLAS_IDS

    counts, states = coverage(cases), status(cases)
    table = Table(title=f"Case-study atlas: {len(cases)} cases", title_justify="left")
    table.add_column("ID")
    table.add_column("Characteristic")
    for model in "123":
        table.add_column(f"Model {model}", justify="center")
    current = ""
    for char_id in ATLAS_IDS:
        char = CHARACTERISTICS[char_id]
        if char.model != current:
            if current:
                table.add_section()
            current = char.model
        cells = [Text("")] * 3
        n = counts[char_id]
        cells[int(char.model) - 1] = Text(
            "gap" if n == 0 else str(n), style=_STYLES[states[char_id]]
        )
        table.add_row(char_id, char.title, *cells)
    console.print(table)
    missing = gaps(cases)
    thin = [k for k, v in states.items() if v == "thin"]
    console.print(f"Gaps (no case): {', '.join(missing) or 'none'}.")
    console.print(f"Thin (fewer than two checked cases): {', '.join(thin) or 'none'}.")
    console.print("Models: " + "; ".join(f"{m} = {MODEL_NAMES[m]}" for m in "123") + ".")


def _print_cases(console: Console, char: Characteristic, cases: Sequence[Case]) -> None:
    from commonsim.atlas.query import cases_for

    found = cases_for(char.id, cases)
    console.print(Text(f"{char.id} {char.slug} (model {char.model}): {char.title}", style="bold"))
    console.print(Text(f"Rule: {char.rule}"))
    console.print(Text(f"Shows: {char.shows}"))
    if not found:
        console.print(Text("No case yet: this is a gap in the patchwork.", style="bold red"))
        return
    console.print(f"{len(found)} case(s):")
    for case in found:
        console.print()
        head = Text(case.name, style="bold")
        head.append(f"  {case.country}, {case.years}  [{case.confidence}]  ({case.id})", "dim")
        console.print(head)
        console.print(Text(case.summary))
        for fact in case.facts:
            console.print(Text(f"  - {fact}"))
        if case.note:
            console.print(Text(f"  Note: {case.note}", style="italic"))
        for source in case.sources:
            console.print(Text(f"  Source: {source.title} ({source.date}) {source.url}", "cyan"))
