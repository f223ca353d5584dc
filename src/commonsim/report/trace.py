"""Traceability: characteristic -> mechanisms -> institutional parameters -> claim -> verdict.

Everything is discovered from the code, never listed by hand: mechanism modules declare the
characteristic IDs they implement (``IMPLEMENTS``), the schedule names the functions that
run each period, and every parameter carries its IDs in the schema (``json_schema_extra``).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

import commonsim.mechanisms as pkg
from commonsim.atlas import cases_for
from commonsim.characteristics import CHARACTERISTICS
from commonsim.claims import ClaimResult
from commonsim.economy.schedule import SCHEDULE
from commonsim.params import Parameters


@dataclass
class Trace:
    """One row of the traceability matrix: a characteristic down to its claim."""
    id: str
    title: str = ""
    mechanisms: list[str] = field(default_factory=list)  # "module.function"
    parameters: list[str] = field(default_factory=list)  # dotted keys
    cases: list[str] = field(default_factory=list)  # atlas case names
    claim: ClaimResult | None = None


def mechanism_modules() -> dict[str, tuple[str, ...]]:
    """Each mechanism module (short name) with the IDs it declares in ``IMPLEMENTS``."""
    out: dict[str, tuple[str, ...]] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        ids = getattr(module, "IMPLEMENTS", None)
        if ids is not None:
            out[info.name] = tuple(ids)
    return out


def scheduled_functions() -> dict[str, list[str]]:
    """For each mechanism module, the functions the schedule runs from it, in order."""
    out: dict[str, list[str]] = {}
    for _, fn, _ in SCHEDULE:
        module = getattr(fn, "__module__", "")
        if module.startswith("commonsim.mechanisms."):
            out.setdefault(module.rsplit(".", 1)[1], []).append(fn.__name__)
    return out


def parameter_ids() -> dict[str, tuple[str, ...]]:
    """Every dotted parameter key with the characteristic IDs its schema entry names."""
    out: dict[str, tuple[str, ...]] = {}
    for section, f in Parameters.model_fields.items():
        for name, info in f.annotation.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            out[f"{section}.{name}"] = tuple(extra.get("ids", ()) or ())
    return out


def titles() -> dict[str, str]:
    """Characteristic titles from :mod:`commonsim.characteristics`."""
    return {cid: f"{c.slug}: {c.title}" for cid, c in CHARACTERISTICS.items()}


def case_names(char_id: str) -> list[str]:
    """Names of the atlas's case studies for a characteristic."""
    return [c.name for c in cases_for(char_id)]


def traceability(results: list[ClaimResult]) -> list[Trace]:
    """One row per claim's characteristic, with what implements and tunes it."""
    modules = mechanism_modules()
    functions = scheduled_functions()
    params = parameter_ids()
    names = titles()
    rows = []
    for r in results:
        cid = r.id
        mechs = []
        for module, ids in modules.items():
            if cid in ids:
                fns = functions.get(module) or ["(helpers only)"]
                mechs += [f"{module}.{fn}" for fn in fns]
        keys = [k for k, ids in params.items() if cid in ids]
        rows.append(Trace(cid, names.get(cid, ""), mechs, keys, case_names(cid), r))
    return rows
