"""The memory guard: per-household estimates at least the measured peak, process and
container limits respected, and running out of memory is one line, never a traceback."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

import commonsim
from commonsim.economy import memory
from commonsim.errors import ConfigError, OutOfMemoryError
from commonsim.regimes import load_regime, preset_names

# One child process measures every case: the peak resident size (VmHWM) is reset before
# each run (/proc/self/clear_refs), and large arrays are given back to the system when
# freed (a fixed mmap threshold), so each run's growth over its starting size is its own.
MEASURE = r"""
import gc, json, sys
import commonsim

def field(name):
    for line in open("/proc/self/status"):
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024

def peak(regime, n, years, overrides):
    gc.collect()
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    start = field("VmRSS")
    commonsim.simulate(regime, households=n, years=years, seed=1, overrides=overrides,
                       keep_matrices=False)
    return field("VmHWM") - start

out = {}
for label, regime, overrides, years in json.loads(sys.argv[1]):
    peak(regime, 200, years, overrides)  # compile kernels and warm caches first
    small, large = peak(regime, SMALL, years, overrides), peak(regime, LARGE, years, overrides)
    out[label] = (large - small) / (LARGE - SMALL)
print(json.dumps(out))
"""
SMALL, LARGE = 1_000, 16_000


def _cases():
    cases = []
    for name in preset_names():
        years = max([c.year for c in load_regime(name).schedule] + [1]) + 1
        cases.append((name, name, {}, years))
    cases.append(("proprietary-balanced to-order", "proprietary-balanced",
                  {"engine.production": "to-order"}, 1))
    return cases


@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux /proc")
def test_estimate_is_at_least_the_measured_peak_per_household(child_env, python):
    env = dict(child_env, MALLOC_MMAP_THRESHOLD_="65536")
    script = MEASURE.replace("SMALL", str(SMALL)).replace("LARGE", str(LARGE))
    done = subprocess.run([python, "-c", script, json.dumps(_cases())], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    for label, regime, overrides, _ in _cases():
        params = load_regime(regime, overrides).params
        estimate = memory.bytes_per_household(params)
        assert measured[label] > 100, (label, measured[label])  # the measure sees the run
        assert estimate >= measured[label], (label, estimate, measured[label])


def test_address_space_limit_is_respected(child_env, python):
    # Under `ulimit -v` (RLIMIT_AS) the run is refused before any work, naming the limit.
    code = (
        "import resource, commonsim\n"
        "from commonsim.economy.memory import _status\n"
        "limit = _status('VmSize') + 2**30\n"
        "resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    commonsim.simulate('sim', households=5_000_000, years=1)\n"
        "except commonsim.ConfigError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([python, "-c", code], env=child_env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ulimit -v" in done.stdout and "households=5,000,000" in done.stdout, done.stdout


def test_no_limit_means_no_refusal_from_it(monkeypatch):
    monkeypatch.setattr(memory, "_meminfo", lambda field: None)
    monkeypatch.setattr(memory, "_cgroup_room", lambda: None)
    monkeypatch.setattr(resource, "getrlimit",
                        lambda which: (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    assert memory.memory_budget() is None
    memory.check_memory(10**12)  # nothing known to refuse it with


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_cgroup_limit_is_respected(tmp_path, monkeypatch, version):
    if version == "v2":
        (tmp_path / "memory.max").write_text(f"{2**30}\n")
        (tmp_path / "memory.current").write_text(f"{2**28}\n")
    else:
        (tmp_path / "memory").mkdir()
        (tmp_path / "memory" / "memory.limit_in_bytes").write_text(f"{2**30}\n")
        (tmp_path / "memory" / "memory.usage_in_bytes").write_text(f"{2**28}\n")
    monkeypatch.setattr(memory, "CGROUP", tmp_path)
    monkeypatch.setattr(memory, "_meminfo", lambda field: 2**40)
    assert memory.memory_budget()[0] == 2**30 - 2**28
    with pytest.raises(ConfigError, match=r"cgroup.*0\.8 GiB available"):
        commonsim.simulate("netarchical", households=2_000_000, years=1)
    # 'max' is no limit at all.
    (tmp_path / "memory.max").write_text("max\n")
    if version == "v2":
        assert memory.memory_budget()[0] == 2**40


def test_memory_error_during_a_run_is_one_clear_error(monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(commonsim.api, "step_period", exhausted)
    with pytest.raises(OutOfMemoryError, match="out of memory running 300 households"):
        commonsim.simulate("sim", households=300, years=2)


def test_memory_error_in_the_cli_is_one_line_and_nothing_complete(tmp_path, cli, monkeypatch):
    from commonsim.store import Store

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(commonsim.api, "step_period", exhausted)
    store = tmp_path / "s.duckdb"
    res = cli("run", "sim", "--households", "300", "--years", "2", "--store", store)
    assert res.exit_code == 1, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("commonsim: error")]
    assert len(errors) == 1 and "out of memory" in errors[0], res.stderr
    assert "Traceback" not in res.output
    with Store(store, read_only=True) as db:
        runs = db.runs(status=None)
    assert list(runs["status"]) == ["failed"]
    assert sys.getrecursionlimit()  # the process is still usable
