"""The ODD document (Grimm et al. 2020), generated from the code and one Jinja2 template.

Entities and state variables come from the state classes, the schedule and each step's
switch from ``economy/schedule.py::SCHEDULE``, the submodels' equations from the
``Equations:`` sections of the step functions' docstrings (and of the functions they
call), the initialisation from the functions that build the opening economy, the metrics
from ``commonsim.metrics.METRICS``, the parameters from the schema in ``params.py`` and
the presets from the regime files. The prose is in ``templates/odd.md.j2``; numbers it
quotes are read from the schema. Regenerate the committed file with::

    python -m commonsim.report.odd > docs/ODD.md

``tests/test_odd.py`` fails when the committed file is stale or a step states no equations.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import sys
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

import commonsim.mechanisms as mechanisms_package
from commonsim.characteristics import CHARACTERISTICS
from commonsim.economy import schedule as schedule_module
from commonsim.economy import state
from commonsim.economy.engine import build_economy
from commonsim.economy.income import INCOME_TABLE
from commonsim.economy.period import PeriodRecord
from commonsim.economy.schedule import SCHEDULE
from commonsim.metrics import DIMENSIONS, METRICS
from commonsim.params import Parameters, all_keys, field_info
from commonsim.regimes import load_regime, preset_names
from commonsim.report.equations import (
    PACKAGE,
    calls_transitively,
    missing_equations,
    qualified,
    reachable_with_equations,
    split_docstring,
    switches,
)
from commonsim.report.odd_text import FIELD_NOTES
from commonsim.report.trace import scheduled_functions

ESSAY_REGIMES = ("proprietary-balanced", "proprietary-weak-labour", "netarchical",
                 "commons-partner-state")
SHORT = {"proprietary-balanced": "1a", "proprietary-weak-labour": "1b", "netarchical": "2",
         "commons-partner-state": "3"}


class MissingEquationsError(RuntimeError):
    """A schedule step states no equations, so the model description would be incomplete."""


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(text: str) -> str:
    """Docstring markup as Markdown: ``code`` and :role:`target` become `code`."""
    text = re.sub(r":\w+:`[~.]*([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _first_sentence(fn: Callable[..., Any]) -> str:
    prose = split_docstring(fn.__doc__ or sys.modules[fn.__module__].__doc__).prose
    first = prose.split("\n\n")[0].replace("\n", " ")
    return markdown(first.split(". ")[0].rstrip(".") + ".")


# -- section 2: entities ----------------------------------------------------------------


def _field_comments(cls: type) -> dict[str, str]:
    """Each dataclass field's ``#:`` comment above it or inline ``# comment``, from source."""
    out = {}
    above: list[str] = []
    for line in inspect.getsource(cls).splitlines():
        doc = re.match(r"\s+#:\s*(.+)$", line)
        if doc:
            above.append(doc.group(1).strip())
            continue
        m = re.match(r"\s+(\w+):\s*[^#=]+(?:=[^#]*)?(?:#\s*(.+))?$", line)
        if m and (m.group(2) or above):
            out[m.group(1)] = m.group(2).strip() if m.group(2) else " ".join(above)
        above = []
    return out


def dataclass_table(cls: type) -> str:
    """The fields of a state class with their types and meanings."""
    comments = _field_comments(cls)
    rows = []
    for f in dataclasses.fields(cls):
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        meaning = comments.get(f.name) or FIELD_NOTES.get(f"{cls.__name__}.{f.name}", "")
        rows.append([f"`{f.name}`", kind, meaning])
    return table(["variable", "type", "meaning"], rows)


def income_table() -> str:
    """The income kinds the ledger records, with their flags."""
    flags = ("taxable", "market", "wage_earner", "insecure")
    rows = [[f"`{k.name}`", *("yes" if getattr(k, f) else "-" for f in flags)]
            for k in INCOME_TABLE]
    return table(["kind", *flags], rows)


def characteristics_table() -> str:
    """The essay's characteristics: ID, title and the rule the economy must have."""
    rows = [[c.id, c.title, c.rule] for c in CHARACTERISTICS.values()]
    return table(["ID", "characteristic", "rule the economy must have"], rows)


# -- section 3 and 7: the schedule and its steps ----------------------------------------


@dataclasses.dataclass(frozen=True)
class Step:
    """One scheduled step as the document shows it."""

    number: int
    name: str
    function: str
    summary: str
    switch: str
    runs_in: list[str]
    prose: str
    equations: str


def steps() -> list[Step]:
    """Every step of the schedule, in order, with its switch, prose and equations."""
    missing = missing_equations(SCHEDULE)
    if missing:
        raise MissingEquationsError("schedule steps without an Equations: section: "
                               + ", ".join(missing))
    params = [load_regime(r).params for r in ESSAY_REGIMES]
    switch = switches(schedule_module)
    out = []
    for number, (name, fn, on) in enumerate(SCHEDULE, start=1):
        doc = split_docstring(fn.__doc__)
        out.append(Step(number, name, qualified(fn), _first_sentence(fn),
                        switch.get(name, "see economy/schedule.py"),
                        ["yes" if on(p) else "-" for p in params],
                        markdown(doc.prose), doc.equations))
    return out


def schedule_table(all_steps: list[Step]) -> str:
    """Section 3's table: the steps in order, what each does and where it runs."""
    rows = [[s.number, f"`{s.name}`", f"`{s.function}`", s.summary, f"`{s.switch}`",
             *s.runs_in] for s in all_steps]
    return table(["#", "step", "function", "what it does", "runs when",
                  *(SHORT[r] for r in ESSAY_REGIMES)], rows)


def steps_calling(target: Callable[..., Any]) -> list[str]:
    """The steps that call `target` (directly or not), in schedule order."""
    return [name for name, fn, _ in SCHEDULE if calls_transitively(fn, target)]


def steps_calling_named(dotted: str) -> list[str]:
    """The steps that call the package function ``module.function`` (none if it is gone).

    Looked up by name so that a rule renamed or moved by a later change leaves the
    market-order paragraph short of a name rather than stopping the document.
    """
    module_name, _, name = dotted.rpartition(".")
    try:
        target = getattr(importlib.import_module(PACKAGE + module_name), name)
    except (ImportError, AttributeError):
        return []
    return steps_calling(target)


@dataclasses.dataclass(frozen=True)
class Rule:
    """A function with equations that steps (or the opening) call."""

    function: str
    summary: str
    equations: str
    used_by: list[str]


def shared_rules() -> list[Rule]:
    """Functions with equations that the steps call, with the steps that use each."""
    rules = reachable_with_equations([fn for _, fn, _ in SCHEDULE])
    return [Rule(qualified(fn), _first_sentence(fn), split_docstring(fn.__doc__).equations,
                 steps_calling(fn)) for fn in rules]


def opening_rules() -> list[Rule]:
    """Functions with equations that build the opening economy, in the order they run."""
    return [Rule(qualified(fn), _first_sentence(fn), split_docstring(fn.__doc__).equations,
                 []) for fn in reachable_with_equations([build_economy])]


def modules() -> list[dict[str, str]]:
    """Every mechanism module: its docstring, the IDs it implements, its scheduled steps."""
    functions = scheduled_functions()
    out = []
    for info in pkgutil.iter_modules(mechanisms_package.__path__):
        module = importlib.import_module(f"commonsim.mechanisms.{info.name}")
        ids = getattr(module, "IMPLEMENTS", None)
        if ids is None:
            implements = "(declares no `IMPLEMENTS`)"
        else:
            implements = ", ".join(ids) or "(no characteristic; shared machinery)"
        called = ", ".join(f"`{f}`" for f in functions.get(info.name, [])) or (
            "- (called from other mechanisms)")
        out.append({"name": info.name, "implements": implements, "scheduled": called,
                    "doc": markdown(inspect.cleandoc(module.__doc__ or "(no docstring)"))})
    return out


# -- observation, parameters and presets -------------------------------------------------


def metric_tables() -> list[tuple[str, str]]:
    """Every declared metric, grouped by the essay's comparison dimension."""
    out = []
    for dim in DIMENSIONS:
        rows = [[f"`{m.name}`", m.unit, m.definition]
                for m in METRICS.values() if m.dimension == dim]
        if rows:
            out.append((dim, table(["metric", "unit", "definition"], rows)))
    return out


def value_range(info: Any) -> str:
    """A schema field's allowed values: its bounds, or the choices of a Literal."""
    choices = getattr(info.annotation, "__args__", None)
    if choices and all(isinstance(c, str) for c in choices):
        return ", ".join(f"`{c}`" for c in choices)
    bounds = {name: getattr(m, name) for m in info.metadata for name in ("ge", "gt", "le")
              if getattr(m, name, None) is not None}
    low = (f"[{bounds['ge']}" if "ge" in bounds else
           f"({bounds['gt']}" if "gt" in bounds else "(-inf")
    high = f"{bounds['le']}]" if "le" in bounds else "inf)"
    return "-" if low == "(-inf" and high == "inf)" else f"{low}, {high}"


def parameter_tables() -> list[tuple[str, str]]:
    """One table per schema section: key, default, range, kind, unit, IDs, meaning, source."""
    out = []
    for section, f in Parameters.model_fields.items():
        rows = []
        for key, info in f.annotation.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            plausible = extra.get("plausible")
            rows.append([f"`{section}.{key}`", f"`{info.default!r}`", value_range(info),
                         f"{plausible[0]} to {plausible[1]}" if plausible else "",
                         extra.get("kind", ""), extra.get("unit", ""),
                         ", ".join(extra.get("ids", []) or []), info.description or "",
                         extra.get("source", "")])
        out.append((section, table(["key", "default", "range", "plausible", "kind", "unit",
                                    "IDs", "meaning", "source"], rows)))
    return out


def preset_values() -> tuple[list[str], str]:
    """Each preset's schedule notes, and every key whose value differs between presets."""
    names = [n for n in ESSAY_REGIMES if n in preset_names()]
    names += [n for n in preset_names() if n not in names]
    flat = {}
    notes = []
    for n in names:
        regime = load_regime(n)
        dumped = regime.params.model_dump()
        flat[n] = {f"{s}.{k}": v for s, vals in dumped.items() for k, v in vals.items()}
        notes.append(f"`{n}`: model {regime.model or '-'}; {regime.description}")
        notes += [f"  - from year {c.year}: "
                  + ", ".join(f"`{k}` = {v!r}" for k, v in c.values.items())
                  + (f" ({c.note})" if c.note else "") for c in regime.schedule]
    keys = [k for k in all_keys() if len({repr(flat[n][k]) for n in names}) > 1]
    rows = [[f"`{k}`", *(repr(flat[n][k]) for n in names)] for k in keys]
    header = ["key", *(f"{n} ({SHORT[n]})" if n in SHORT else n for n in names)]
    return notes, table(header, rows)


def default(dotted: str) -> Any:
    """The schema default of a dotted key (for numbers the template quotes)."""
    cls, name = field_info(dotted)
    return cls.model_fields[name].default


def percent(dotted: str) -> str:
    """A share's default as a percentage, e.g. ``26.3%``."""
    return f"{100 * float(default(dotted)):.4g}%"


# -- the document --------------------------------------------------------------------------


def context() -> dict[str, Any]:
    """Everything the template fills in."""
    all_steps = steps()
    notes, presets = preset_values()
    e = build_economy(Parameters(), 10, 0)
    return {
        "characteristics": characteristics_table(),
        "holders": ", ".join(f"`{h}`" for h in e.ledger.sizes),
        "households": dataclass_table(state.Households),
        "statuses": ", ".join(f"{i} {name}" for i, name in enumerate(state.STATUS_NAMES)),
        "incomes": income_table(),
        "firms": dataclass_table(state.Firms),
        "aggregates": dataclass_table(state.Aggregates),
        "period_record": dataclass_table(PeriodRecord),
        "schedule": schedule_table(all_steps),
        "regimes": [SHORT[r] for r in ESSAY_REGIMES],
        "steps": all_steps,
        "buyers": steps_calling_named("mechanisms.goods.buy"),
        "queues": steps_calling_named("mechanisms.labour.fill_queue"),
        "metrics": metric_tables(),
        "metrics_doc": markdown(inspect.cleandoc(
            importlib.import_module("commonsim.metrics").__doc__ or "")),
        "opening": opening_rules(),
        "shared": shared_rules(),
        "modules": modules(),
        "parameters": parameter_tables(),
        "preset_notes": notes,
        "presets": presets,
        "v": default,
        "pct": percent,
    }


def render() -> str:
    """The whole ODD document as Markdown."""
    env = Environment(loader=PackageLoader("commonsim.report", "templates"),
                      undefined=StrictUndefined, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["codes"] = lambda names: ", ".join(f"`{name}`" for name in names)
    text = env.get_template("odd.md.j2").render(**context())
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def main() -> None:
    """Write the ODD document to standard output."""
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
