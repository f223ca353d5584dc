"""The equations the code states: ``Equations:`` docstring sections and who calls whom.

Every step of the schedule states in its docstring, under ``Equations:``, what it computes
(plain-text equations, every symbol named). This module reads those sections, finds the
steps that lack one, follows calls from a step (or from the opening) to the functions of
the package that carry equations of their own, and reads each step's switch (the condition
under which a regime runs it) from the source of the schedule. Nothing here lists steps,
functions or parameters by hand, so new steps and rules appear in the ODD as they are added.
"""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import FunctionType, ModuleType
from typing import Any

SECTION = "Equations:"
PACKAGE = "commonsim."


@dataclass(frozen=True)
class Documented:
    """A function's docstring split into prose and its ``Equations:`` block."""

    prose: str
    equations: str


def split_docstring(doc: str | None) -> Documented:
    """Separate the ``Equations:`` section (dedented) from the rest of a docstring.

    The section runs from a line reading ``Equations:`` to the first later line that is
    not indented (or to the end); an empty section counts as no equations.
    """
    lines = inspect.cleandoc(doc or "").splitlines()
    try:
        start = lines.index(SECTION)
    except ValueError:
        return Documented("\n".join(lines).strip(), "")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t"))):
        end += 1
    block = textwrap.dedent("\n".join(lines[start + 1:end])).strip("\n")
    prose = "\n".join(lines[:start] + lines[end:]).strip()
    return Documented(prose, block.rstrip())


def equations_of(fn: Callable[..., Any]) -> str:
    """The function's ``Equations:`` block, or "" when it has none."""
    return split_docstring(inspect.getdoc(fn)).equations


def missing_equations(schedule: Iterable[tuple[str, Callable[..., Any], object]]) -> list[str]:
    """Names of the schedule's steps whose function states no equations."""
    return [name for name, fn, _ in schedule if not equations_of(fn).strip()]


def qualified(fn: Callable[..., Any]) -> str:
    """``module.function`` without the package prefix, e.g. ``mechanisms.goods.buy``."""
    return f"{fn.__module__.removeprefix(PACKAGE)}.{fn.__name__}"


def _resolve(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """The object a call's callee names in `namespace` (``f`` or ``module.f``), or None."""
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = namespace.get(node.value.id)
        if isinstance(owner, ModuleType):
            return getattr(owner, node.attr, None)
    return None


def called_functions(fn: Callable[..., Any]) -> list[FunctionType]:
    """The package's functions `fn` calls directly, in source order, each once."""
    fn = inspect.unwrap(fn)
    if not isinstance(fn, FunctionType):
        return []
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, SyntaxError):
        return []
    calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)),
                   key=lambda n: (n.lineno, n.col_offset))
    out: list[FunctionType] = []
    for call in calls:
        target = _resolve(call.func, fn.__globals__)
        if (isinstance(target, FunctionType) and target.__module__.startswith(PACKAGE)
                and target is not fn and target not in out):
            out.append(target)
    return out


def reachable_with_equations(roots: Iterable[Callable[..., Any]]) -> list[FunctionType]:
    """Functions with equations reachable by calls from `roots` (roots excluded), in order.

    Depth first, in the order the calls appear in the source, so the list reads in the
    order the code runs them.
    """
    seen: set[FunctionType] = set()
    roots = [inspect.unwrap(r) for r in roots]
    out: list[FunctionType] = []

    def visit(fn: Callable[..., Any]) -> None:
        for callee in called_functions(fn):
            if callee in seen:
                continue
            seen.add(callee)
            if equations_of(callee) and callee not in roots:
                out.append(callee)
            visit(callee)

    for root in roots:
        visit(root)
    return out


def calls_transitively(fn: Callable[..., Any], target: Callable[..., Any]) -> bool:
    """Whether `fn` calls `target`, directly or through the package's other functions."""
    seen: set[FunctionType] = set()
    stack = list(called_functions(fn))
    while stack:
        callee = stack.pop()
        if callee is target:
            return True
        if callee not in seen:
            seen.add(callee)
            stack.extend(called_functions(callee))
    return False


def switches(schedule_module: ModuleType, name: str = "SCHEDULE") -> dict[str, str]:
    """Each step's switch as written in the schedule's source, in parameter keys.

    ``lambda p: p.platforms.enabled`` reads ``platforms.enabled``; ``lambda p: True`` reads
    ``always``. A switch that is not a one-line lambda is shown as its source text.
    """
    tree = ast.parse(inspect.getsource(schedule_module))
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) else None)
        if not (isinstance(target, ast.Name) and target.id == name):
            continue
        for entry in getattr(node.value, "elts", []):
            if not (isinstance(entry, ast.Tuple) and len(entry.elts) >= 3
                    and isinstance(entry.elts[0], ast.Constant)):
                continue
            condition = entry.elts[2]
            if isinstance(condition, ast.Lambda):
                arg = condition.args.args[0].arg if condition.args.args else "p"
                text = ast.unparse(condition.body)
                text = re.sub(rf"\b{re.escape(arg)}\.", "", text)
            else:
                text = ast.unparse(condition)
            out[str(entry.elts[0].value)] = "always" if text == "True" else text
    return out
