"""Wall time of a Sobol' study of 10 behavioural parameters (on demand; issue 16).

The issue's study: Saltelli design with N = 256 over 10 behavioural parameters' plausible
ranges, N x (D + 2) = 3,072 points (5,632 runs counted with second-order terms:
N x (2D + 2)), 3,000 households x 50 years, one regime, one replicate, on the local Dask
evaluator with two workers, streamed into a fresh store -- the whole `commonsim experiment`
path. Target: under 30 minutes on two cores. This module runs it at a smaller N (set
BENCH_SOBOL_N) and reports the measured wall time and throughput, and the time the full
study would take at that throughput (an extrapolation, labelled as such).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TITLE = "Experiments: wall time of a Sobol study of 10 behavioural parameters"
KEY = "sobol_study"

PARAMETERS = ("households.propensity_income", "households.propensity_wealth",
              "households.need_share", "households.owner_share", "households.ownership_pareto",
              "households.skill_decay", "households.learning_rate", "households.civic_propensity",
              "finance.repayment", "finance.credit_limit")
FULL_N = 256


def _spec(n: int, households: int, years: int) -> Any:
    from commonsim.experiments.spec import parse_spec
    from commonsim.params import plausible_range

    params = {}
    for k in PARAMETERS:
        low, high = plausible_range(k)
        params[k] = {"low": low, "high": high}
    return parse_spec({"name": "bench-sobol", "regimes": ["netarchical"],
                       "households": households, "years": years, "replicates": 1,
                       "design": {"kind": "sobol", "samples": n, "second_order": True},
                       "parameters": params, "outputs": {"claims": False}}, "benchmark")


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    from rich.console import Console

    from commonsim.experiments.evaluators import DaskEvaluator
    from commonsim.experiments.runner import run_experiment

    n, households, years = (1, 300, 5) if quick else (
        int(os.environ.get("BENCH_SOBOL_N", 2)), 3000, 50)
    spec = _spec(n, households, years)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = run_experiment(spec, Path(tmp) / "bench.duckdb", DaskEvaluator(workers=2),
                                 Console(stderr=True, quiet=True))
        wall = time.perf_counter() - start
    log(f"  {summary.done} runs in {wall:.1f} s")
    full_runs = FULL_N * (2 * len(PARAMETERS) + 2)
    return [{"n": n, "runs": summary.done, "failed": summary.failed, "households": households,
             "years": years, "wall_s": wall, "per_run_s": wall / max(summary.done, 1),
             "full_runs": full_runs, "full_min": wall / max(summary.done, 1) * full_runs / 60,
             "load": os.getloadavg()[0], "load_start": load_start}]


def render(rows: list[dict[str, Any]]) -> str:
    r = rows[0]
    how = ("measured at full size" if r["n"] == FULL_N
           else "on the extrapolation; the full size was not run here")
    return "\n".join([
        "| N | runs | households x years | wall time (s), incl. cluster start and store |"
        " s per run | full study (N=256): runs | full study at this throughput (min) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {r['n']} | {r['runs']} ({r['failed']} failed) | {r['households']:,} x {r['years']}"
        f" | {r['wall_s']:.1f} | {r['per_run_s']:.2f} | {r['full_runs']:,} |"
        f" {r['full_min']:.0f} (extrapolated) |",
        "",
        f"Target: the full study under 30 minutes: **{'pass' if r['full_min'] < 30 else 'fail'}**"
        f" ({how}). Load average (1 min) at the start / end:"
        f" {r.get('load_start', float('nan')):.1f} / {r['load']:.1f} on 2 cores.",
        "",
        "Every point of the design changes behavioural parameters, so every run starts from"
        " its own common opening: a spin-up of `engine.spinup_years` years under the"
        " reference institutions before its own years (cached, but no two points share"
        " one). The spin-up is inside the times above.",
    ])
