"""A schedule of institutional changes written out as a regime file the CLI can run.

The file ``extends`` the preset the user started from, sets the values they changed and
lists their scheduled changes as ``[[schedule]]`` entries, exactly the format
:mod:`commonsim.regimes` reads. Before anything is written the settings pass the regime
loader's validation, and the written file is read back with the same loader.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from commonsim.dashboard.adapter import resolve
from commonsim.errors import ConfigError
from commonsim.regimes import Change, Regime, load_regime


def toml_value(value: Any) -> str:
    """A scalar parameter value as a TOML literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConfigError(f"value {value!r}: allowed: a finite number")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    raise ConfigError(f"value {value!r}: allowed: a number, true/false or a string")


def regime_toml(name: str, preset: str, overrides: dict[str, Any],
                changes: Sequence[Change], description: str = "") -> str:
    """The text of a regime file: the preset, the user's values, then the schedule."""
    base = load_regime(preset)
    lines = ["# Written by the commonsim dashboard; run it with `commonsim run <this file>`.",
             f"extends = {toml_value(preset)}", "", "[meta]", f"name = {toml_value(name)}",
             f"model = {toml_value(base.model)}",
             f"description = {toml_value(description or f'{preset} with changes')}"]
    sections: dict[str, list[str]] = {}
    for key, value in overrides.items():
        section, _, field = key.partition(".")
        sections.setdefault(section, []).append(f"{field} = {toml_value(value)}")
    for section, entries in sections.items():
        lines += ["", f"[{section}]", *entries]
    for change in sorted(changes, key=lambda c: c.year):
        values = ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in change.values.items())
        lines += ["", "[[schedule]]", f"year = {change.year}"]
        if change.note:
            lines.append(f"note = {toml_value(change.note)}")
        lines.append(f"set = {{ {values} }}")
    return "\n".join(lines) + "\n"


def save_regime(path: str | Path, name: str, preset: str, overrides: dict[str, Any],
                changes: Sequence[Change], description: str = "") -> Regime:
    """Validate the settings, write them as a regime file and load it back.

    Raises:
        ConfigError: a bad value (the loader's message), a bad name or path; nothing written.
    """
    target = Path(path)
    if target.suffix != ".toml":
        raise ConfigError(f"{target}: a regime file must end in .toml")
    if not target.parent.is_dir():
        raise ConfigError(f"{target}: directory {target.parent} does not exist")
    if not name.strip():
        raise ConfigError("name: allowed: a non-empty name")
    resolve(preset, overrides, changes)  # the loader's own checks, before writing
    target.write_text(regime_toml(name, preset, overrides, changes, description),
                      encoding="utf-8")
    return load_regime(target)
