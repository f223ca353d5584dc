"""The glossary of metrics: name, unit, dimension and definition of every metric reported.

:func:`glossary_rows` reads the metric declarations: ``commonsim.metrics.METRICS``, a mapping
of name to a declared metric with ``name``, ``unit``, ``dimension`` and ``definition``, so
the glossary, the axis labels and the tables say what the model itself declares.
"""

from __future__ import annotations

from dataclasses import dataclass

import commonsim.metrics as declared
from commonsim.report.dimensions import dimension_of

#: What the glossary says of a metric that has no declaration (one the report adds itself).
UNDECLARED = "not declared"


@dataclass(frozen=True)
class GlossaryRow:
    """One metric as the glossary shows it."""

    name: str
    label: str
    unit: str
    dimension: str
    definition: str


def unit_of(metric: str) -> str:
    """The declared unit of a metric ("" when it is not declared)."""
    m = _declared().get(metric)
    return m.unit if m is not None else ""


def _declared() -> dict:
    return dict(getattr(declared, "METRICS", {}) or {})


def label(metric: str) -> str:
    """A metric's name in words."""
    return metric.replace("_", " ")


def glossary_rows(metrics: list[str] | None = None) -> list[GlossaryRow]:
    """Name, unit, dimension and definition of each metric (default: every declared one).

    Reads the metric declarations (``commonsim.metrics.METRICS``); a metric without a
    declaration is listed under its report dimension and said to be not declared.
    """
    table = _declared()
    names = list(metrics) if metrics is not None else sorted(table)
    rows = []
    for name in names:
        m = table.get(name)
        if m is not None:
            rows.append(GlossaryRow(name, label(name), m.unit, m.dimension, m.definition))
        else:
            rows.append(GlossaryRow(name, label(name), UNDECLARED, dimension_of(name),
                                    UNDECLARED))
    return rows
