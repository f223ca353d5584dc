"""The ``commonsim dashboard`` command (registered in :mod:`commonsim.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commonsim.dashboard.server import check_port, serve
from commonsim.errors import ConfigError


def dashboard_command(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 to serve the dashboard on.")]
    = 8765,
    store: Annotated[Path, typer.Option(
        "--store", envvar="COMMONSIM_STORE",
        help="DuckDB results store whose runs the dashboard opens.")] = Path("commonsim.duckdb"),
) -> None:
    """Serve the interactive dashboard on http://127.0.0.1:PORT (offline; Ctrl-C stops it)."""
    try:
        check_port(port)
        typer.echo(f"commonsim dashboard: http://127.0.0.1:{port}/  (Ctrl-C stops it)")
        serve(port, store)
    except ConfigError as exc:
        typer.echo(f"commonsim: error: {exc}", err=True)
        raise typer.Exit(2) from None
