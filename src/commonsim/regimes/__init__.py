"""Regime presets and user regime files: which institutions are on, and their parameters.

A regime is a TOML file with a ``[meta]`` table (name, model, description), optional
``extends = "other-preset"`` (or the path of another regime file, relative to the file
that names it), tables of parameter sections (see :mod:`commonsim.params`)
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
from commonsim.params import SETUP_ONLY, Parameters, all_keys, field_info, unmet_requirement

PRESET_DIR = resources.files("commonsim") / "regimes"

#: How a Python caller's overrides are named in errors (the CLI passes "--set").
OVERRIDES = "overrides"


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


#: Scenario and transition-plan regimes (issue 19), loadable by name like presets.
SCENARIO_DIR = PRESET_DIR / "scenarios"


def scenario_names() -> list[str]:
    """Names of the shipped scenario and transition-plan regimes, sorted."""
    return sorted(p.name[:-5] for p in SCENARIO_DIR.iterdir() if p.name.endswith(".toml"))


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: malformed TOML: {exc}") from None


def _read_file(path: Path) -> str:
    """The text of a regime file; anything unreadable is one line naming the file."""
    try:
        if path.is_dir():
            raise ConfigError(f"{path}: is a directory, not a regime file")
        if not path.is_file():
            raise ConfigError(f"{path}: no such regime file")
        data = path.read_bytes()
    except (OSError, ValueError) as exc:
        if isinstance(exc, ConfigError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ConfigError(f"{path}: cannot read the regime file: {reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {exc.start}); regime files are UTF-8 TOML"
        ) from None


def _locate(name_or_path: str | Path, base: Path | None = None) -> tuple[dict[str, Any], str]:
    """The parsed table and origin of a preset or file; relative paths start at `base`."""
    text_name = str(name_or_path)
    if text_name in preset_names():
        preset = PRESET_DIR / f"{text_name}.toml"
        return _read_toml(preset.read_text(), f"preset {text_name}"), f"preset {text_name}"
    if text_name in scenario_names():
        origin = f"scenario {text_name}"
        return _read_toml((SCENARIO_DIR / f"{text_name}.toml").read_text(), origin), origin
    path = Path(text_name)
    if base is not None and not path.is_absolute():
        path = base / path
    try:
        is_file = path.suffix == ".toml" or path.exists()
    except (OSError, ValueError) as exc:  # a name the file system cannot take
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise ConfigError(f"{text_name!r}: not a usable regime file name: {reason}") from None
    if is_file:
        return _read_toml(_read_file(path), str(path)), str(path)
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
        if not isinstance(key, str):
            raise ConfigError(f"{origin}: key {key!r}: allowed: a dotted key such as"
                              " labour.bargaining")
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
            lo = next((m.ge for m in f.metadata if hasattr(m, "ge")), None)
            above = next((m.gt for m in f.metadata if hasattr(m, "gt")), None)
            hi = next((m.le for m in f.metadata if hasattr(m, "le")), None)
            kind = getattr(f.annotation, "__name__", str(f.annotation))
            allowed = f"; allowed: {kind}"
            if lo is not None or hi is not None or above is not None:
                low = f"({above}" if above is not None else f"[{'-inf' if lo is None else lo}"
                high = hi if hi is not None else "inf"
                allowed += f" in {low}, {high}]"
        except KeyError:
            pass
        got = err.get("input")
        lines.append(f"{_setting(origin, key, got)}: {err['msg']}{allowed}")
    return "; ".join(lines)


def _setting(origin: str, key: str, value: Any) -> str:
    """A key and its value as the user wrote them: ``overrides={...}`` from Python."""
    if origin == OVERRIDES:
        return f"{OVERRIDES}={{{key!r}: {value!r}}}"
    return f"{origin}: {key} = {value!r}"


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
    name_or_path: str | Path,
    overrides: dict[str, Any] | None = None,
    *,
    overrides_label: str = OVERRIDES,
) -> Regime:
    """Load a preset or regime file, apply `overrides` (dotted keys), validate everything.

    Args:
        name_or_path: a preset name or the path of a regime TOML file.
        overrides: dotted keys to change, e.g. ``{"labour.bargaining": 0.6}``.
        overrides_label: how errors name the overrides (``"--set"`` on the command line).

    Raises:
        ConfigError: one line naming the file or key at fault and what is allowed.
    """
    regime = _load(name_or_path, None, ())
    return with_overrides(regime, overrides or {}, overrides_label)


def _load(name_or_path: str | Path, base: Path | None, chain: tuple[str, ...]) -> Regime:
    """A regime file resolved through its ``extends`` chain, without overrides."""
    data, origin = _locate(name_or_path, base)
    if origin in chain:
        raise ConfigError(f"{origin}: 'extends' makes a cycle: {' -> '.join(chain + (origin,))}")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        raise ConfigError(f"{origin}: [meta] must be a table")
    unknown_meta = set(meta) - {"name", "model", "description"}
    if unknown_meta:
        raise ConfigError(
            f"{origin}: unknown [meta] key(s) {sorted(unknown_meta)}; allowed: name, model,"
            " description"
        )
    base_params = Parameters()
    schedule: list[Change] = []
    if "extends" in data:
        parent_name = data["extends"]
        if not isinstance(parent_name, str) or not parent_name:
            raise ConfigError(f"{origin}: extends = {parent_name!r}; allowed: a preset name"
                              " or the path of a regime file (relative to this file)")
        here = None if origin.startswith("preset ") else Path(origin).parent
        parent = _load(parent_name, here, chain + (origin,))
        base_params, schedule = parent.params, list(parent.schedule)
    params = apply_values(base_params, _flatten(data, origin), origin)
    schedule += _read_schedule(data.get("schedule", []), params, origin)
    schedule.sort(key=lambda c: c.year)
    return Regime(
        name=str(meta.get("name", Path(str(name_or_path)).stem)),
        model=str(meta.get("model", "")),
        description=str(meta.get("description", "")),
        params=params,
        schedule=schedule,
        source=origin,
    )


def _read_schedule(raw: Any, params: Parameters, origin: str) -> list[Change]:
    """The ``[[schedule]]`` entries of one file, each checked against the schema."""
    if not isinstance(raw, list):
        raise ConfigError(f"{origin}: schedule must be an array of tables [[schedule]]")
    changes = []
    for i, entry in enumerate(raw):
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
        for key in values:
            if key in SETUP_ONLY:
                raise ConfigError(
                    f"{where}: {key} cannot change during a run ({SETUP_ONLY[key]});"
                    " set it in the regime's tables instead"
                )
        changes.append(Change(year, dict(values), str(entry.get("note", ""))))
    return changes


def with_overrides(regime: Regime, overrides: dict[str, Any], label: str = OVERRIDES
                   ) -> Regime:
    """`regime` with `overrides` applied and its declared requirements checked.

    Requirements are checked on the opening parameters and again after every scheduled
    change (the schedule applies on top of the overrides).
    """
    if not isinstance(overrides, dict):
        raise ConfigError(f"{label} = {overrides!r}: allowed: a dict of dotted keys")
    opening = apply_values(regime.params, overrides, label) if overrides else regime.params
    where = f"{regime.source} with {label}" if overrides else regime.source
    _check_requirements(opening, where)
    params = opening
    for change in regime.schedule:
        params = apply_values(params, change.values, f"{regime.source}: schedule year"
                              f" {change.year}")
        _check_requirements(params, f"{where}: from schedule year {change.year}")
    return Regime(regime.name, regime.model, regime.description, opening,
                  list(regime.schedule), regime.source)


def _check_requirements(params: Parameters, where: str) -> None:
    problem = unmet_requirement(params)
    if problem:
        raise ConfigError(f"{where}: {problem}")


def check_horizon(regime: Regime, years: int) -> None:
    """Refuse scheduled changes that fall after the run's last period (they would not apply)."""
    late = [c.year for c in regime.schedule if c.year >= years]
    if late:
        raise ConfigError(
            f"{regime.source}: schedule year {max(late)} is beyond this run of {years} years"
            f" (periods 0 to {years - 1}), so the change would never apply; allowed: at least"
            f" {max(late) + 1} years, or drop the entry"
        )
