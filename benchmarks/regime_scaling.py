"""Full-regime scaling: each essay preset at 10k, 100k and 1M households for 50 years.

Every measurement runs in a fresh child process, so peak memory (the child's maximum
resident set, ``VmHWM``; ``ru_maxrss`` would carry over the parent's peak) is the run's
own. Memory per household is the child's peak minus the peak of
a baseline child that imports commonsim and runs a tiny model (interpreter, libraries and
compiled kernels), divided by the number of households. Time is wall time of
``commonsim.simulate`` alone, after a warm-up run in the same child and with the common
opening (the spin-up, computed once per size and seed and cached on disk) already in the
cache: the spin-up's own cost is about that of a 150-year run, paid once. Targets (issue 8):
10,000 x 50 within 1 s; 1,000,000 x 50 within 30 s; at most 1 KB per household.

The speed of a shared machine changes within minutes, so each child also times the
reference sort of ``run.speed_reference`` (a million floats) right after its run; each
row shows the median of those sorts beside its time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TITLE = "Full regimes: time and memory against the number of households"
KEY = "regime_scaling"

PRESETS = ("proprietary-balanced", "proprietary-weak-labour", "netarchical",
           "commons-partner-state")
YEARS = 50

CHILD = r"""
import json, sys, time
import numpy as np
import commonsim
preset, n, years = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sorts = []
def reference():
    # After the run's peak is read, so the peak stays the run's own.
    values = np.random.default_rng(0).lognormal(size=1_000_000)
    for _ in range(15):
        t0 = time.perf_counter()
        np.sort(values)
        sorts.append(1e3 * (time.perf_counter() - t0))
commonsim.simulate(preset, households=200, years=2, seed=0, keep_matrices=False)
if n > 0:
    # The common opening (a spin-up under 1b's institutions) is computed once per size and
    # seed and cached; warm it untimed, so the time is the run's own.
    commonsim.simulate(preset, households=n, years=1, seed=1, keep_matrices=False)
    start = time.perf_counter()
    commonsim.simulate(preset, households=n, years=years, seed=1, keep_matrices=False)
    seconds = time.perf_counter() - start
else:
    seconds = 0.0
# VmHWM is this process image's own peak; ru_maxrss would carry the parent's over exec.
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
if n > 0:
    reference()
print(json.dumps({"seconds": seconds, "peak_bytes": peak,
                  "sort_ms": float(np.median(sorts)) if sorts else 0.0}))
"""


def _child(preset: str, n: int, years: int) -> dict[str, float]:
    src = str(Path(__file__).resolve().parent.parent / "src")
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {src!r})\n" + CHILD,
         preset, str(n), str(years)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    sizes = (1_000, 10_000) if quick else (10_000, 100_000, 1_000_000)
    years = 5 if quick else YEARS
    repeats = {1_000: 1, 10_000: 5, 100_000: 3, 1_000_000: 3} if not quick else {}
    rows: list[dict[str, Any]] = []
    for preset in PRESETS:
        baseline = _child(preset, 0, 1)["peak_bytes"]
        for n in sizes:
            times, peaks, sorts = [], [], []
            for _ in range(repeats.get(n, 1)):
                r = _child(preset, n, years)
                times.append(r["seconds"])
                peaks.append(r["peak_bytes"])
                sorts.append(r["sort_ms"])
            row = {
                "preset": preset,
                "households": n,
                "years": years,
                "runs": len(times),
                "median_seconds": statistics.median(times),
                "sort_ms": statistics.median(sorts),
                "peak_mib": max(peaks) / 2**20,
                "bytes_per_household": (max(peaks) - baseline) / n,
            }
            log(f"{preset} N={n:,}: {row['median_seconds']:.2f} s, "
                f"{row['bytes_per_household']:.0f} B/household, sort {row['sort_ms']:.1f} ms")
            rows.append(row)
    for preset in PRESETS:
        mine = [r for r in rows if r["preset"] == preset]
        ref = mine[0]
        for r in mine:
            r["time_ratio"] = r["median_seconds"] / ref["median_seconds"]
            r["size_ratio"] = r["households"] / ref["households"]
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| preset | households | years | runs | median time (s) | time ratio | size ratio |"
        " peak (MiB) | bytes per household | reference sort (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['preset']} | {r['households']:,} | {r['years']} | {r['runs']} |"
            f" {r['median_seconds']:.2f} | {r['time_ratio']:.1f} | {r['size_ratio']:.0f} |"
            f" {r['peak_mib']:.0f} | {r['bytes_per_household']:.0f} | {r['sort_ms']:.1f} |"
        )
    lines += [
        "",
        "Time ratio against size ratio (both relative to the smallest size of the same"
        " preset, measured in this run) shows how time grows with N: linear growth gives"
        " equal ratios. The reference sort is the median time of a sort of a million floats"
        " that each run's process took right after its run: the machine's speed at that"
        " moment (the reference of the whole section is under Machine).",
    ]
    by_target = []
    for r in rows:
        if r["households"] == 10_000 and r["years"] == YEARS:
            by_target.append(f"{r['preset']} 10k: {r['median_seconds']:.2f} s (target 1 s)")
        if r["households"] == 1_000_000:
            by_target.append(
                f"{r['preset']} 1M: {r['median_seconds']:.1f} s (target 30 s),"
                f" {r['bytes_per_household']:.0f} B/household (target 1,024)"
            )
    if by_target:
        lines += ["", "Targets:", ""] + [f"- {t}" for t in by_target]
    return "\n".join(lines)
