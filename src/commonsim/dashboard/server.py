"""Starting the dashboard's web server on 127.0.0.1, offline.

The server is Solara's own (``solara run``), started in this process's place so that
stopping ``commonsim dashboard`` stops the server. Its environment turns off Solara's
usage statistics (they would be sent to a third party) and keeps the assets proxy on, so the
browser loads every script, style and font from this server; the ``solara-assets`` package
holds those files, and the proxy's upstream is pointed at a closed local port, so nothing
is fetched from a CDN even for a file the package lacks.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from commonsim.errors import ConfigError

HOST = "127.0.0.1"

#: Environment for the server: no telemetry, assets served locally, our store.
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_ASSETS_PROXY": "True",
    # Where the proxy would fetch an asset missing from solara-assets: a closed local port,
    # so a missing file fails here instead of reaching out to a CDN.
    "SOLARA_ASSETS_CDN": "http://127.0.0.1:9/",
}


def check_port(port: int) -> None:
    """A port must be free on 127.0.0.1 before the server is started.

    Raises:
        ConfigError: one line naming the port and what is allowed.
    """
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ConfigError(f"--port {port!r}: allowed: an integer in [1, 65535]")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            raise ConfigError(f"--port {port}: already in use on {HOST}; choose another") from None


def server_command(port: int) -> list[str]:
    """The command line that runs the dashboard app under Solara's server."""
    return [sys.executable, "-m", "solara", "run", "commonsim.dashboard.app",
            "--host", HOST, "--port", str(port), "--production", "--no-open",
            "--log-level", "warning"]


def server_env(store: Path) -> dict[str, str]:
    """This process's environment plus the offline settings and the store's path."""
    return {**os.environ, **OFFLINE_ENV, "COMMONSIM_STORE": str(store)}


def serve(port: int, store: Path) -> None:
    """Replace this process by the dashboard server (returns only on failure to start)."""
    check_port(port)
    if not store.parent.is_dir():
        raise ConfigError(f"--store {store}: directory {store.parent} does not exist")
    command = server_command(port)
    os.execve(command[0], command, server_env(store))
