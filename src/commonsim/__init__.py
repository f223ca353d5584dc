"""commonsim: Bauwens' three models of value creation as a runnable economy.

>>> import commonsim
>>> result = commonsim.simulate("proprietary-weak-labour", households=1000, years=10)
>>> result.metrics["wealth_gini"].iloc[-1]   # doctest: +SKIP
>>> commonsim.compare(households=500, years=20)   # doctest: +SKIP

The public names load on first use, so ``import commonsim`` (and ``commonsim --help``) does
not import NumPy, pandas or the engine until something is run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from commonsim.errors import ConfigError
from commonsim.version import __version__

if TYPE_CHECKING:
    from commonsim.api import Result, simulate
    from commonsim.regimes import Regime, load_regime, preset_names
    from commonsim.report.api import ComparisonResult, compare

#: Public name -> module that defines it.
_LAZY = {
    "Result": "commonsim.api",
    "simulate": "commonsim.api",
    "ComparisonResult": "commonsim.report.api",
    "compare": "commonsim.report.api",
    "Regime": "commonsim.regimes",
    "load_regime": "commonsim.regimes",
    "preset_names": "commonsim.regimes",
}

__all__ = ["ComparisonResult", "ConfigError", "Regime", "Result", "__version__", "compare",
           "load_regime", "preset_names", "simulate"]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'commonsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, loaded or not."""
    return sorted([*globals(), *_LAZY])
