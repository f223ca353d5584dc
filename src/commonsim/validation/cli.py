"""``commonsim validate``: run every validation check, print a table, fail if any fails."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # the checks import the engine: loaded only when `validate` runs
    from commonsim.validation.rows import CheckRow


def rows_table(rows: list[CheckRow]) -> Table:
    """A Rich table of the rows: group, check, expected, got, pass/fail."""
    table = Table(title="commonsim validate", show_lines=False)
    for column, justify in (("group", "left"), ("check", "left"), ("expected", "right"),
                            ("got", "right"), ("result", "center")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    previous = None
    for row in rows:
        result = "[green]pass[/green]" if row.passed else "[bold red]FAIL[/bold red]"
        group = row.group if row.group != previous else ""
        previous = row.group
        name = row.name if row.passed or not row.note else f"{row.name}\n[red]{row.note}[/red]"
        table.add_row(group, name, row.expected_text(), row.got_text(), result)
    return table


def rows_markdown(rows: list[CheckRow]) -> str:
    """The same table as Markdown, for docs/validation.md."""
    lines = ["| group | check | expected | got | result |", "|---|---|---|---|---|"]
    for row in rows:
        name = row.name if row.passed or not row.note else f"{row.name} ({row.note})"
        cells = (row.group, name, row.expected_text(), row.got_text(),
                 "pass" if row.passed else "FAIL")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def validate_command(
    markdown: bool = typer.Option(False, "--markdown", help="Print the table as Markdown."),
) -> None:
    """Check the engine against published results (SIM, kinetic exchange) and its own books.

    Exits with code 1 if any check fails.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from commonsim.validation.suite import run_all

    console = Console()
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("validating", total=1)

        def progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label)

        rows = run_all(progress=progress)
    if markdown:
        console.print(rows_markdown(rows), markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(rows_table(rows))
    bad = [r for r in rows if not r.passed]
    if bad:
        console.print(f"[bold red]{len(bad)} of {len(rows)} checks failed[/bold red]")
        raise typer.Exit(code=1)
    console.print(f"[green]all {len(rows)} checks passed[/green]")
