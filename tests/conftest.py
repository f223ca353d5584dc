"""Shared test fixtures: the CLI in-process, child processes, a store's lock held by another
process, and tiny hand-made economies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from process_helpers import reaped
from typer.testing import CliRunner

import commonsim
from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy
from commonsim.economy.period import PeriodRecord
from commonsim.economy.schedule import begin_period
from commonsim.economy.state import COMMONS_ENTITY, PLATFORM, PROPRIETARY
from commonsim.mechanisms import entities, finance, labour, time_use
from commonsim.regimes import load_regime
from commonsim.spinup import CACHE_ENV

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


# -- tiny hand-made economies, for testing one mechanism at a time ------------------------


def tiny(regime: str, n: int = 20, seed: int = 0, **overrides: Any) -> Economy:
    """An economy of `n` households under `regime`, opened for one period.

    Overrides use dotted keys with ``__`` for the dot, e.g. ``platforms__take_rate=0.3``.
    """
    values = {k.replace("__", "."): v for k, v in overrides.items()}
    params = load_regime(regime, values).params
    e = build_economy(params, n, seed)
    reopen(e)
    return e


def employed(preset: str = "proprietary-weak-labour", n: int = 6, **overrides: Any) -> Economy:
    """A tiny economy at the start of a period, with every household employed at firm 0.

    Overrides use dotted keys (``**{"finance.credit_limit": 1.0}``).
    """
    params = load_regime(preset, overrides or None).params
    e = build_economy(params, n, seed=7)
    e.ledger.open_period()
    begin_period(e)
    hh, f = e.state.households, e.state.firms
    hh.skill[:] = np.linspace(0.5, 2.0, n)
    hh.layer[:] = 0
    hh.layer[-1] = 1
    hh.employer[:] = 0
    hh.hours_paid[:] = 1.0
    f.productivity[:] = 1.2
    e.period.gig_need = np.zeros(f.n)
    e.period.gig_served = 0.0
    return e


def reopen(e: Economy) -> None:
    """Take the current stocks as the period's opening (after hand-made changes)."""
    e.ledger.open_period()
    e.period = PeriodRecord()
    begin_period(e)


def index_of(e: Economy, form: int) -> np.ndarray:
    """Indices of the firms of legal `form`."""
    return np.flatnonzero(e.state.firms.form == form)


def platform(e: Economy) -> int:
    """Index of the platform."""
    return int(index_of(e, PLATFORM)[0])


def entity_slot(e: Economy, k: int = 0) -> int:
    """Index of the `k`-th slot for a commons-oriented entity."""
    return int(index_of(e, COMMONS_ENTITY)[k])


def proprietary(e: Economy) -> np.ndarray:
    """Indices of the proprietary firms."""
    return index_of(e, PROPRIETARY)


def make_entity(e: Economy, members: list[int], k: int = 0) -> int:
    """Bring entity slot `k` to life with the given members."""
    slot = entity_slot(e, k)
    e.state.firms.alive[slot] = True
    e.state.households.member_of[members] = slot
    return slot


def jobless(e: Economy) -> None:
    """Nobody works: clear every job, membership and hours."""
    hh = e.state.households
    hh.employer[:] = -1
    hh.member_of[:] = -1
    hh.hours_paid[:] = 0.0
    hh.hours_gig[:] = 0.0
    hh.hours_civic[:] = 0.0


def allocate_labour(e: Economy) -> None:
    """Run the labour steps of the schedule in order."""
    for step in (labour.hire, labour.assign_task_work, time_use.allot_time,
                 labour.set_status, labour.count_labour):
        step(e)


def settle_loans(e: Economy) -> None:
    """Run the credit steps of the schedule that follow the period's payments, in order."""
    for step in (finance.repay_loans, entities.fail_insolvent, finance.lend_overdrafts,
                 finance.default_households, finance.pay_bank_dividends):
        step(e)


def fund(e: Economy, firm: int, amount: float) -> None:
    """Give firm `firm` money from households (a sale), through the ledger."""
    f = e.state.firms
    paid = np.full(e.n, amount / e.n)
    e.ledger.transfer("consumption", "households", paid, "firms", np.eye(f.n)[firm] * amount)


def contribute(e: Economy, amount: float) -> None:
    """Commons-oriented entities pay `amount` into the solidarity fund, through the ledger."""
    paid = np.zeros(e.state.firms.n)
    paid[0] = amount
    e.ledger.transfer("solidarity_contributions", "firms", paid, "solidarity", amount)


@pytest.fixture
def mech() -> SimpleNamespace:
    """Builders of tiny economies and helpers that set them up (``mech.tiny(...)``)."""
    return SimpleNamespace(
        tiny=tiny, employed=employed, reopen=reopen, index_of=index_of, platform=platform,
        entity_slot=entity_slot, proprietary=proprietary, make_entity=make_entity,
        jobless=jobless, allocate_labour=allocate_labour, settle_loans=settle_loans,
        fund=fund, contribute=contribute,
    )


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


@pytest.fixture(autouse=True, scope="session")
def _spinup_cache(tmp_path_factory):
    """One spin-up cache for the whole session, outside the user's own cache."""
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("spinup-cache"))
    yield
