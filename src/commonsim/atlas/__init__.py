"""The case-study atlas: real cases mapped onto the essay's characteristics (C.1).

The data is ``cases.toml`` in this package; ``docs/atlas.md`` says how to add a case.

    >>> from commonsim.atlas import cases_for, gaps
    >>> [c.id for c in cases_for("M1.2")][:1]
    ['taylor-bethlehem-steel']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commonsim.atlas.loader import AtlasError, default_cases, load_cases
    from commonsim.atlas.query import cases_for, coverage, gaps
    from commonsim.atlas.schema import ATLAS_IDS, Case, Source

#: Public name -> submodule that defines it. Loaded on first use, so that importing
#: ``commonsim.atlas.cli`` (and so ``commonsim --help``) does not load pydantic and the schema.
_LAZY = {
    "AtlasError": "loader", "default_cases": "loader", "load_cases": "loader",
    "cases_for": "query", "coverage": "query", "gaps": "query",
    "ATLAS_IDS": "schema", "Case": "schema", "Source": "schema",
}

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


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"commonsim.atlas.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'commonsim.atlas' has no attribute {name!r}")
