"""Freed household-sized arrays stay in the heap once the engine is imported (glibc).

Each probe runs in a fresh interpreter, since the thresholds are set once per process. A
cycle allocates six 8 MB arrays (one million households' floats) and frees them, as a
period does with its temporaries; the probe reports the minor page faults per cycle. Plain
NumPy faults the memory in again every cycle (the control shows the probe can fail); with
the engine imported, the freed memory is reused.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from commonsim.economy.heap import OWN_SETTINGS, keep_freed_memory

PROBE = r"""
import resource, sys
import numpy as np
if sys.argv[1] == "engine":
    import commonsim.economy  # noqa: F401
def cycle():
    arrays = [np.ones(1_000_000) for _ in range(6)]
    del arrays
cycle()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    cycle()
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 20)
"""

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc only")


def faults_per_cycle(mode: str, **env: str) -> float:
    environment = {k: v for k, v in os.environ.items() if k not in OWN_SETTINGS}
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True,
                         text=True, check=True, env=dict(environment, **env))
    return float(out.stdout.strip())


@glibc
def test_engine_import_keeps_freed_arrays() -> None:
    # 48 MB a cycle is about 11,700 pages of 4 KiB; plain NumPy faults thousands of them.
    assert faults_per_cycle("plain") > 1_000
    assert faults_per_cycle("engine") < 50


@glibc
def test_a_process_own_malloc_setting_wins() -> None:
    # Started with every large block mapped on its own, the process keeps that choice.
    assert faults_per_cycle("engine", MALLOC_MMAP_THRESHOLD_="65536") > 1_000


@glibc
@pytest.mark.skipif(any(k in os.environ for k in OWN_SETTINGS), reason="own malloc settings")
def test_setting_is_idempotent() -> None:
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True
