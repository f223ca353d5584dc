"""Rules of the house the suite checks on the source: short functions, imports at the top.

Import layering and cycles are checked by import-linter (``lint-imports``, run by
``make test``; the contracts are in ``pyproject.toml``).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "commonsim"

#: Longest function allowed, in lines (declarative tables excepted, listed below).
MAX_LINES = 80

#: Functions allowed to be longer, as "path/module.py:function", each with why: only
#: declarative tables and document templates (lists of rows or lines), not logic.
LONG_ALLOWED: dict[str, str] = {
    "calibration/report.py:render": "the calibration document's text, line by line",
}

#: Modules a function may import itself, because they are heavy and only that function
#: needs them: SciPy's optimisers and samplers, used by the calibration search alone.
LAZY_IMPORTS_ALLOWED = {"scipy.stats", "scipy.optimize",
                        # Experiments: SALib's samplers and analysers, Dask's scheduler
                        # client and PRIM load seconds of libraries that only those
                        # functions use; every other command stays quick to start.
                        "SALib.sample", "SALib.analyze", "distributed", "dask", "prim"}

#: Command modules, whose commands import the engine, store and reports themselves, so that
#: `commonsim --help` loads none of NumPy, pandas, SciPy, DuckDB or Numba (a speed rule, not
#: a way round a cycle; tests/test_api_jupyter.py checks what importing the CLI loads). The
#: experiment commands likewise defer the runner and analyses (SALib, SciPy, Dask, the
#: engine), and the atlas command its pydantic case schema.
LAZY_IMPORT_MODULES = {"cli.py", "report/cli.py", "validation/cli.py", "experiments/cli.py",
                       "atlas/cli.py"}


def _functions() -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(SRC).as_posix()
        out += [(where, node) for node in ast.walk(tree)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return out


def test_the_scan_sees_the_source():
    names = {f"{where}:{fn.name}" for where, fn in _functions()}
    assert "economy/engine.py:step_period" in names
    assert "metrics.py:period_metrics" in names


def test_no_function_is_longer_than_80_lines():
    long = [f"{where}:{fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
            for where, fn in _functions()
            if fn.end_lineno - fn.lineno + 1 > MAX_LINES
            and f"{where}:{fn.name}" not in LONG_ALLOWED]
    assert long == [], "split these functions: " + ", ".join(long)


def test_imports_are_at_the_top_of_modules():
    inside = []
    for where, fn in _functions():
        if where in LAZY_IMPORT_MODULES:
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            inside += [f"{where}:{fn.name} imports {m}" for m in modules
                       if m not in LAZY_IMPORTS_ALLOWED]
    assert inside == [], "move to the module top: " + "; ".join(inside)


def test_the_rules_catch_what_they_forbid(tmp_path: Path):
    """A planted long function and a planted inner import are found by the same walk."""
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    source = f"def long():\n{body}\n\ndef lazy():\n    import json\n    return json\n"
    tree = ast.parse(source)
    fns = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert [f.name for f in fns if f.end_lineno - f.lineno + 1 > MAX_LINES] == ["long"]
    lazy = [f.name for f in fns for n in ast.walk(f) if isinstance(n, ast.Import)]
    assert lazy == ["lazy"]
