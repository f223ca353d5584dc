"""The dashboard's controls as data: every institutional parameter, grouped by characteristic.

Read from the parameter schema (:mod:`commonsim.params`), which declares for each field its
kind, unit, source, bounds and the characteristic IDs that justify it; nothing is restated
here. A parameter that serves several characteristics appears under each of them, so a
reader who opens "M2.6" sees every lever that characteristic has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonsim.characteristics import CHARACTERISTICS
from commonsim.params import Parameters, all_keys, field_info


@dataclass(frozen=True)
class Control:
    """One institutional parameter as the dashboard shows it."""

    key: str  # dotted, e.g. "labour.bargaining"
    meaning: str
    unit: str
    source: str
    ids: tuple[str, ...]
    type: str  # "float", "int" or "bool"
    low: float | None
    high: float | None
    default: Any

    @property
    def label(self) -> str:
        """The control's caption: key, IDs and unit."""
        unit = f" [{self.unit}]" if self.unit and self.unit != "1" else ""
        return f"{self.key}{unit} ({', '.join(self.ids)})"


def _bounds(meta: list[Any]) -> tuple[float | None, float | None]:
    low = next((m.ge for m in meta if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in meta if getattr(m, "le", None) is not None), None)
    return low, high


def control(key: str) -> Control:
    """The control of one dotted key, read from the schema."""
    cls, name = field_info(key)
    f = cls.model_fields[name]
    extra = f.json_schema_extra or {}
    low, high = _bounds(list(f.metadata))
    kind = getattr(f.annotation, "__name__", str(f.annotation))
    section = key.partition(".")[0]
    default = getattr(getattr(Parameters(), section), name)
    return Control(key, f.description or "", str(extra.get("unit", "")),
                   str(extra.get("source", "")), tuple(extra.get("ids", ())), kind, low, high,
                   default)


def institutional() -> list[Control]:
    """Every institutional parameter of the schema, in schema order."""
    out = []
    for key in all_keys():
        cls, name = field_info(key)
        extra = cls.model_fields[name].json_schema_extra or {}
        if extra.get("kind") == "institutional":
            out.append(control(key))
    return out


def by_characteristic() -> dict[str, list[Control]]:
    """Institutional controls grouped by characteristic ID, in the essay's order of IDs."""
    groups: dict[str, list[Control]] = {cid: [] for cid in CHARACTERISTICS}
    for c in institutional():
        for cid in c.ids:
            groups.setdefault(cid, []).append(c)
    return {cid: controls for cid, controls in groups.items() if controls}


def group_title(cid: str) -> str:
    """``"M1.2 Deskilling and a managerial layer"`` for a characteristic ID."""
    char = CHARACTERISTICS.get(cid)
    return f"{cid} {char.title}" if char else cid
