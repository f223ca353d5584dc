"""Shared test helpers: invoke the CLI in-process, and run Python in a child process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
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


@pytest.fixture
def child_env() -> dict[str, str]:
    """Environment for a child Python process that imports this copy of commonsim."""
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture
def python() -> str:
    """The interpreter running the tests, for child processes."""
    return sys.executable
