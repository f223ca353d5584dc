"""Regime presets and user regime files: which institutions are on, and their parameters.

A regime is a TOML file with a ``[meta]`` table (name, model, description), optional
``extends = "other-preset"``, tables of parameter sections (see :mod:`commonsim.params`)
and an optional ``[[schedule]]`` array of ``{year = Y, set = {"section.key" = value}}``
entries that change parameters from that year on (transitions and shocks).
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from commonsim.errors import ConfigError
from commonsim.params import Parameters, all_keys, field_info

PRESET_DIR = resources.files("commonsim") / "regimes"


@dataclass(frozen=True)
class Change:
    """Parameter values that take effect from the start of `year` (0-based period)."""

    year: int
    values: dict[str, Any]
    note: str = ""


@dataclass
class Regime:
    """A resolved regime: validated parameters plus the scheduled changes."""

    name: str
    model: str
    description: str
    params: Parameters
    schedule: list[Change] = field(default_factory=list)
    source: str = ""


def preset_names() -> list[str]:
    """Names of the shipped presets, sorted."""
    return sorted(p.name[:-5] for p in PRESET_DIR.iterdir() if p.name.endswith(".toml"))


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: malformed TOML: {exc}") from None


def _locate(name_or_path: str | Path) -> tuple[dict[str, Any], str]:
    text_name = str(name_or_path)
    if text_name in preset_names():
        preset = PRESET_DIR / f"{text_name}.toml"
        return _read_toml(preset.read_text(), f"preset {text_name}"), f"preset {text_name}"
    path = Path(text_name)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ConfigError(f"{path}: no such regime file")
        return _read_toml(path.read_text(), str(path)), str(path)
    raise ConfigError(
        f"unknown regime {text_name!r}: give a preset ({', '.join(preset_names())})"
        " or the path of a .toml regime file"
    )


def _flatten(data: dict[str, Any], origin: str) -> dict[str, Any]:
    """Parameter tables of a regime file as dotted keys, rejecting unknown ones."""
    flat: dict[str, Any] = {}
    for section, table in data.items():
        if section in ("meta", "schedule", "extends"):
            continue
        if not isinstance(table, dict):
            raise ConfigError(
                f"{origin}: top-level key {section!r} must be a table of parameters;"
                f" sections are {', '.join(Parameters.model_fields)}"
            )
        for name, value in table.items():
            flat[f"{section}.{name}"] = value
    return flat


def _check_key(key: str, origin: str) -> None:
    try:
        field_info(key)
    except KeyError:
        section, _, name = key.partition(".")
        if section in Parameters.model_fields:
            allowed = [k for k in all_keys() if k.startswith(section + ".")]
            close = [k for k in allowed if _similar(k, key)]
        else:
            # Unknown section: suggest keys whose section or field name is close.
            allowed = list(Parameters.model_fields)
            leaf = name or section
            close = [k for k in all_keys()
                     if _similar(k.partition(".")[0], section) and k.partition(".")[2] == leaf]
            close += [k for k in all_keys() if k.partition(".")[2] == leaf and k not in close]
            raise ConfigError(
                f"{origin}: unknown key {key!r}"
                + (f" (did you mean {close[0]}?)" if close else "")
                + f"; sections are {', '.join(allowed)}"
            ) from None
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ConfigError(
            f"{origin}: unknown key {key!r}{hint}; allowed: {', '.join(allowed)}"
        ) from None


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() > 0.8


def apply_values(params: Parameters, values: dict[str, Any], origin: str) -> Parameters:
    """Return a copy of `params` with dotted `values` set, each validated against the schema."""
    data = params.model_dump()
    for key, value in values.items():
        _check_key(key, origin)
        section, _, name = key.partition(".")
        data[section][name] = value
    try:
        return Parameters.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None


def _describe(exc: ValidationError, origin: str) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        section, _, name = key.partition(".")
        allowed = ""
        try:
            cls, fname = field_info(key)
            f = cls.model_fields[fname]
            bounds = [m for m in f.metadata if hasattr(m, "ge") or hasattr(m, "le")]
            lo = next((m.ge for m in bounds if hasattr(m, "ge")), None)
            hi = next((m.le for m in bounds if hasattr(m, "le")), None)
            kind = getattr(f.annotation, "__name__", str(f.annotation))
            allowed = f"; allowed: {kind}"
            if lo is not None or hi is not None:
                low = lo if lo is not None else "-inf"
                high = hi if hi is not None else "inf"
                allowed += f" in [{low}, {high}]"
        except KeyError:
            pass
        got = err.get("input")
        lines.append(f"{origin}: {key} = {got!r}: {err['msg']}{allowed}")
    return "\n".join(lines)


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse a command-line ``key=value``; the value is read as a TOML literal if it can be."""
    if "=" not in text:
        raise ConfigError(f"--set {text!r}: expected key=value, e.g. labour.bargaining=0.6")
    key, _, raw = text.partition("=")
    key, raw = key.strip(), raw.strip()
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value


def load_regime(
    name_or_path: str | Path, overrides: dict[str, Any] | None = None, *, _depth: int = 0
) -> Regime:
    """Load a preset or regime file, apply `overrides` (dotted keys), validate everything."""
    if _depth > 5:
        raise ConfigError(f"{name_or_path}: 'extends' chain too deep (a cycle?)")
    data, origin = _locate(name_or_path)
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise ConfigError(f"{origin}: [meta] must be a table")
    unknown_meta = set(meta) - {"name", "model", "description"}
    if unknown_meta:
        raise ConfigError(
            f"{origin}: unknown [meta] key(s) {sorted(unknown_meta)}; allowed: name, model,"
            " description"
        )
    base = Parameters()
    schedule: list[Change] = []
    if "extends" in data:
        parent = load_regime(str(data["extends"]), _depth=_depth + 1)
        base, schedule = parent.params, list(parent.schedule)
    params = apply_values(base, _flatten(data, origin), origin)
    raw_schedule = data.get("schedule", [])
    if not isinstance(raw_schedule, list):
        raise ConfigError(f"{origin}: schedule must be an array of tables [[schedule]]")
    for i, entry in enumerate(raw_schedule):
        where = f"{origin}: schedule[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"year", "set", "note"}:
            raise ConfigError(f"{where}: entries take year, set and note")
        year = entry.get("year")
        if not isinstance(year, int) or isinstance(year, bool) or year < 0:
            raise ConfigError(f"{where}: year = {year!r}; allowed: an integer >= 0")
        values = entry.get("set", {})
        if not isinstance(values, dict) or not values:
            raise ConfigError(f"{where}: set must be a non-empty table of key = value")
        apply_values(params, values, where)  # validate now, before any work starts
        schedule.append(Change(year, dict(values), str(entry.get("note", ""))))
    if overrides:
        params = apply_values(params, overrides, "--set")
        # A scheduled change must stay valid on top of the user's overrides.
        for change in schedule:
            apply_values(params, change.values, f"{origin}: schedule year {change.year}")
    schedule.sort(key=lambda c: c.year)
    return Regime(
        name=str(meta.get("name", Path(str(name_or_path)).stem)),
        model=str(meta.get("model", "")),
        description=str(meta.get("description", "")),
        params=params,
        schedule=schedule,
        source=origin,
    )
