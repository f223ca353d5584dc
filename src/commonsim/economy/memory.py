"""How much memory a run needs, and how much this process may still use.

A run is refused before any work when its estimate does not fit in 80% of the smallest of
the machine's available memory, the cgroup's memory limit (containers, CI) and the
process's address-space limit (``ulimit -v``). The estimates are peak resident bytes per
household, measured for every preset at two sizes (tests/test_memory.py checks that each
estimate is at least the measured growth), with a margin for the parameters a user may
change.
"""

from __future__ import annotations

import resource
from pathlib import Path

from commonsim.errors import ConfigError
from commonsim.params import Parameters

#: Peak bytes per household when firms produce to forecast (one economy in memory; the
#: presets measure 390-410).
TO_FORECAST_BYTES = 600
#: Peak bytes per household when output is solved to order: the period is run on trial
#: copies of the economy (measured: sim 1,450, kinetic exchange 860).
TO_ORDER_BYTES = 2_600
#: Share of the free memory a run may plan to take (the rest is for the interpreter,
#: libraries and the other processes of the machine).
USABLE = 0.8
#: Where the process's cgroup (memory controller) is mounted.
CGROUP = Path("/sys/fs/cgroup")


def bytes_per_household(params: Parameters | None) -> int:
    """Estimated peak bytes per household for `params` (None: the largest estimate)."""
    if params is None or params.engine.production == "to-order":
        return TO_ORDER_BYTES
    return TO_FORECAST_BYTES


def memory_budget() -> tuple[int, str] | None:
    """The most this process may still allocate and which limit says so (None: unknown)."""
    limits = []
    available = _meminfo("MemAvailable")
    if available is not None:
        limits.append((available, "this machine has"))
    cgroup = _cgroup_room()
    if cgroup is not None:
        limits.append((cgroup, "the container's memory limit (cgroup) leaves"))
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        used = _status("VmSize") or 0
        limits.append((max(soft - used, 0), "the address-space limit (ulimit -v) leaves"))
    return min(limits) if limits else None


def check_memory(households: int, params: Parameters | None = None,
                 label: str | None = None) -> None:
    """Refuse a run of `households` whose estimated peak does not fit in the budget.

    Args:
        households: number of households of the run.
        params: the run's parameters (None: assume the most memory-hungry engine).
        label: how the error names the size (default ``households = 1,000``).

    Raises:
        ConfigError: one line with the estimate, the limit and the largest size that fits.
    """
    budget = memory_budget()
    if budget is None:
        return
    room, which = budget
    per = bytes_per_household(params)
    need = households * per
    if need > USABLE * room:
        most = int(USABLE * room / per)
        label = label or f"households = {households:,}"
        raise ConfigError(
            f"{label} needs about {need / 2**30:.1f} GiB of memory;"
            f" {which} {room / 2**30:.1f} GiB available: allowed at most about"
            f" {most:,} households"
        )


def _meminfo(field: str) -> int | None:
    return _read_kib(Path("/proc/meminfo"), field)


def _status(field: str) -> int | None:
    return _read_kib(Path("/proc/self/status"), field)


def _read_kib(path: Path, field: str) -> int | None:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_room() -> int | None:
    """Bytes the cgroup (v2, else v1) still allows this process's group, if it is limited."""
    for limit_file, usage_file in (("memory.max", "memory.current"),
                                   ("memory/memory.limit_in_bytes",
                                    "memory/memory.usage_in_bytes")):
        limit = _read_int(CGROUP / limit_file)
        if limit is None or limit >= 2**60:  # "max", or v1's huge number for no limit
            continue
        usage = _read_int(CGROUP / usage_file) or 0
        return max(limit - usage, 0)
    return None


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None
