"""Shared test helpers: invoke the CLI in-process, run Python in a child process, and hold
a store's lock from another process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from process_helpers import reaped
from typer.testing import CliRunner

import commonsim

SRC = str(Path(commonsim.__file__).resolve().parent.parent)


@pytest.fixture
def cli():
    """``cli("run", "sim", ...)`` invokes the commonsim CLI and returns the result."""
    from commonsim.cli import app

    runner = CliRunner()

    def invoke(*args: object):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def child_environment() -> dict[str, str]:
    """Environment for a child Python process that imports this copy of commonsim."""
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child Python process that imports this copy of commonsim."""
    return child_environment()


@pytest.fixture
def python() -> str:
    """The interpreter running the tests, for child processes."""
    return sys.executable


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("LOCKED", flush=True)
time.sleep(600)
"""


@pytest.fixture
def hold_lock(python, child_env):
    """``hold_lock(path)`` keeps `path` open for writing in another process (DuckDB's lock)
    until the test ends or the returned process is killed."""
    held = []

    def hold(path: Path) -> subprocess.Popen:
        child = subprocess.Popen([python, "-c", _HOLD, str(path)], env=child_env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        held.append(child)
        assert child.stdout.readline().strip() == "LOCKED", child.stderr.read()
        return child

    yield hold
    for child in held:
        with reaped(child):
            pass
