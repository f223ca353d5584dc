"""The case-study atlas: real cases mapped onto the essay's characteristics (C.1).

The data is ``cases.toml`` in this package; ``docs/atlas.md`` says how to add a case.

    >>> from commonsim.atlas import cases_for, gaps
    >>> [c.id for c in cases_for("M1.2")][:1]
    ['taylor-bethlehem-steel']
"""

from commonsim.atlas.loader import AtlasError, default_cases, load_cases
from commonsim.atlas.query import cases_for, coverage, gaps
from commonsim.atlas.schema import ATLAS_IDS, Case, Source

__all__ = [
    "ATLAS_IDS",
    "AtlasError",
    "Case",
    "Source",
    "cases_for",
    "coverage",
    "default_cases",
    "gaps",
    "load_cases",
]
