"""Fault injection: `run` and `compare` killed (SIGKILL, SIGINT, SIGTERM) at several points.

Whatever the signal and the moment -- simulating, with worker processes busy, or inside the
store's write transaction (reached deterministically with the tests-only pause hook
COMMONSIM_TEST_PAUSE=store-write) -- every run stored earlier keeps the same row and
metrics, the store still opens for writing, no process is left behind, and SIGINT/SIGTERM
end with a short message rather than a traceback.

To keep the suite quick, every scenario's process is started at once (each on its own copy
of the store); each test then waits for its process to reach its point and stops it.
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import child_environment
from process_helpers import descendants, kill_all, read_until, reaped, wait_gone

from commonsim.report.compare import compare
from commonsim.store import Store


def _snapshot(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    with Store(path, read_only=True) as store:
        runs = store.runs()
        ids = list(runs["run_id"])
        return runs, store.metrics(ids), {r: store.extras(r) for r in ids}


@pytest.fixture(scope="module")
def earlier(tmp_path_factory):
    """A store holding two complete runs: one from `run`, one from `compare`."""
    from typer.testing import CliRunner

    from commonsim.cli import app

    path = tmp_path_factory.mktemp("faults") / "base.duckdb"
    res = CliRunner().invoke(app, ["run", "sim", "--households", "200", "--years", "4",
                                   "--store", str(path)])
    assert res.exit_code == 0, res.output
    compare(["1b"], replicates=1, households=200, years=4, workers=1, progress=False,
            store=path)
    snapshot = _snapshot(path)
    assert len(snapshot[0]) == 2 and snapshot[2][snapshot[0]["run_id"].iloc[1]]
    return path, snapshot


# (command, where it is stopped, signal): each signal stops each command, and each signal is
# also sent inside the store write. Processes that keep computing until stopped come first.
SCENARIOS = [
    ("run", "simulate", signal.SIGKILL),
    ("run", "simulate", signal.SIGINT),
    ("compare", "workers", signal.SIGKILL),
    ("compare", "workers", signal.SIGTERM),
    ("run", "store-write", signal.SIGKILL),
    ("run", "store-write", signal.SIGTERM),
    ("compare", "store-write", signal.SIGKILL),
    ("compare", "store-write", signal.SIGINT),
]


def _command(kind: str, point: str, store: Path, tmp_path: Path) -> list[str]:
    long = point != "store-write"  # far too long to finish: it is stopped while running
    if kind == "run":
        return ["run", "netarchical", "--households", "300", "--years",
                "1000000" if long else "3", "--store", str(store)]
    return ["compare", "1b", "2", "-r", "1", "-n", "300", "-t", "100000" if long else "3",
            "--workers", "2" if long else "1", "--quiet", "--store", str(store),
            "--out", str(tmp_path / "report")]


def _wait_for(child: subprocess.Popen, kind: str, point: str) -> set[int]:
    """Block until `child` reaches `point`; return its child processes at that moment."""
    if point == "store-write":
        read_until(child.stderr, "commonsim-test-pause: store-write")
    elif kind == "run":
        read_until(child.stderr, "run ")  # recorded as running; simulating now
    else:
        deadline = time.monotonic() + 60
        while len(descendants(child.pid)) < 2 and time.monotonic() < deadline:
            assert child.poll() is None, child.stderr.read()
            time.sleep(0.2)
    found = descendants(child.pid)
    assert point != "workers" or len(found) >= 2, "the workers never started"
    return found


@pytest.fixture(scope="module")
def started(earlier, tmp_path_factory):
    """Every scenario's process, started at once: id -> (process, its store)."""
    base = earlier[0]
    env = {**child_environment(), "COMMONSIM_STORE_WAIT": "5"}
    children = {}
    with contextlib.ExitStack() as stack:
        for kind, point, sig in SCENARIOS:
            folder = tmp_path_factory.mktemp(f"{kind}-{point}-{sig.name}")
            store = folder / "s.duckdb"
            shutil.copy(base, store)
            extra = {"COMMONSIM_TEST_PAUSE": "store-write"} if point == "store-write" else {}
            child = subprocess.Popen(
                [sys.executable, "-m", "commonsim.cli", *_command(kind, point, store, folder)],
                env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                text=True)
            stack.enter_context(reaped(child))
            children[(kind, point, sig)] = (child, store)
        yield children


@pytest.mark.parametrize("kind,point,sig", SCENARIOS,
                         ids=[f"{k}-{p}-{s.name}" for k, p, s in SCENARIOS])
def test_killed_commands_leave_the_store_intact(kind, point, sig, earlier, started):
    _, (runs_before, metrics_before, extras_before) = earlier
    child, store = started[(kind, point, sig)]
    with reaped(child):
        below = _wait_for(child, kind, point)
        child.send_signal(sig)
        child.wait(timeout=60)
        err = child.stderr.read()
    left = wait_gone(below | descendants(child.pid), timeout=10)
    kill_all(left)
    assert left == set(), f"processes left behind: {left}"

    if sig == signal.SIGKILL:
        assert child.returncode == -signal.SIGKILL
    else:
        assert child.returncode == 128 + sig, err
        assert "Traceback" not in err and "interrupted" in err
        assert len(err.strip().splitlines()[-1]) < 200

    with Store(store) as db:  # opens for writing
        runs = db.runs()
        pd.testing.assert_frame_equal(runs, runs_before)
        pd.testing.assert_frame_equal(db.metrics(list(runs["run_id"])), metrics_before)
        assert {r: db.extras(r) for r in runs["run_id"]} == extras_before
        others = db.runs(status=None)
        others = others[~others["run_id"].isin(runs["run_id"])]
        assert db.metrics(list(others["run_id"])).empty  # nothing half written
        if sig != signal.SIGKILL and kind == "run":
            assert others["status"].tolist() == ["failed"]
            assert sig.name in others["error"].iloc[0]
