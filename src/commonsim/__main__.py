"""``python -m commonsim`` runs the command-line tool."""

from commonsim.cli import app

app()
