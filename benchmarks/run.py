"""Run every benchmark section and write ``benchmarks/RESULTS.md``.

Usage (from the repository root)::

    python benchmarks/run.py            # full run, writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # smoke run in seconds, writes benchmarks/RESULTS.quick.md

A section is a module in this folder with ``KEY``, ``TITLE``, ``run(quick, log) -> rows`` (a
list of plain dicts) and ``render(rows) -> str`` (Markdown). To add one, write the module
and append it to :data:`SECTIONS`; this driver adds the machine description, runs the
sections in order and assembles the report (and, with ``--json``, the raw rows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: The benchmark sections, in report order (module names in this folder). Add new ones here.
SECTIONS: list[str] = [
    "mesa_boltzmann",
    "regime_scaling",
    "profile_loop",
]

#: Sections run only when named with ``--only`` (long: experiments on a Dask cluster).
ON_DEMAND: list[str] = [
    "experiment_throughput",
    "sobol_study",
]


def _ensure_importable() -> None:
    """Let ``python benchmarks/run.py`` work from a checkout even without ``pip install -e``."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    try:
        import commonsim  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def speed_reference(repeats: int = 15) -> dict[str, float]:
    """Milliseconds this machine takes for two fixed NumPy tasks, medians of `repeats`.

    Shared and virtual machines differ from day to day; a time in seconds (the full-regime
    targets) is read against these: a sort of a million floats (compute) and one pass that
    adds two million-float arrays into a third (memory traffic, like most engine passes).
    """
    values = np.random.default_rng(0).lognormal(size=1_000_000)
    other, out = values[::-1].copy(), np.empty_like(values)
    times: dict[str, list[float]] = {"sort_ms": [], "add_ms": []}
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.sort(values)
        t1 = time.perf_counter()
        np.add(values, other, out=out)
        t2 = time.perf_counter()
        times["sort_ms"].append(1e3 * (t1 - t0))
        times["add_ms"].append(1e3 * (t2 - t1))
    return {key: float(np.median(v)) for key, v in times.items()}


def machine() -> dict[str, Any]:
    """Description of the machine and software the numbers were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    return {
        **speed_reference(),
        "load_1min": os.getloadavg()[0],
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": usable,
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "numba": _version("numba"),
        "mesa": _version("mesa"),
        "commonsim_commit": _git_commit(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
    }


def render_machine(m: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"- Date: {m['date']}",
            f"- CPU: {m['cpu']}; {m['logical_cores']} logical cores "
            f"({m['usable_cores']} usable by this process)",
            f"- OS: {m['os']}",
            f"- Python {m['python']}; numpy {m['numpy']}; numba {m['numba']}; mesa {m['mesa']}",
            f"- commonsim commit: `{m['commonsim_commit']}`",
            f"- Speed reference (medians of 15): sorting 10^6 floats {m['sort_ms']:.1f} ms;"
            f" adding two 10^6-float arrays {m['add_ms']:.2f} ms. Load average at the start"
            f" {m['load_1min']:.2f} (1 minute)",
            f"- Environment: OPENBLAS_CORETYPE={m['OPENBLAS_CORETYPE']} (left as found; "
            "irrelevant here: the exchange kernels are single-threaded loops that never call "
            "BLAS)",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="tiny smoke run (small N, few steps and runs)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="Markdown report to write (default benchmarks/RESULTS.md, "
        "or benchmarks/RESULTS.quick.md with --quick)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the raw rows here")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS + ON_DEMAND,
        default=None,
        metavar="SECTION",
        help=f"run only these sections (from: {', '.join(SECTIONS + ON_DEMAND)})",
    )
    parser.add_argument(
        "--append", action="store_true",
        help="append the sections to the existing report instead of rewriting it",
    )
    args = parser.parse_args(argv)
    output = args.output or HERE / ("RESULTS.quick.md" if args.quick else "RESULTS.md")

    _ensure_importable()
    info = machine()
    parts = [
        "# commonsim benchmarks",
        "",
        "Generated by `python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + "` (see `benchmarks/README.md`). Do not edit by hand.",
        "",
    ]
    if args.quick:
        parts += ["**Quick smoke run: small sizes, not the published figures.**", ""]
    parts += ["## Machine", "", render_machine(info), ""]
    raw: dict[str, Any] = {"machine": info, "quick": args.quick, "sections": {}}

    for name in args.only or SECTIONS:
        module: ModuleType = importlib.import_module(name)
        print(f"[{module.KEY}] {module.TITLE}", flush=True)
        t0 = time.perf_counter()
        rows = module.run(quick=args.quick, log=lambda msg: print(msg, flush=True))
        elapsed = time.perf_counter() - t0
        parts += [f"## {module.TITLE}", "", module.render(rows), ""]
        parts += [f"_Section wall time: {elapsed:.0f} s._", ""]
        raw["sections"][module.KEY] = rows
        print(f"[{module.KEY}] done in {elapsed:.1f} s", flush=True)

    if args.append and output.exists():
        header = ["", f"<!-- appended by `python benchmarks/run.py --append --only"
                      f" {' '.join(args.only or SECTIONS)}` -->", "", "## Machine (appended"
                      " sections)", "", render_machine(info), ""]
        start = parts.index("## Machine") + 3
        parts = [output.read_text().rstrip("\n"), *header, *parts[start:]]
    output.write_text("\n".join(parts))
    print(f"wrote {output}")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=2))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
