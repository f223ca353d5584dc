"""commonsim: Bauwens' three models of value creation as a runnable economy.

    >>> import commonsim
    >>> result = commonsim.simulate("proprietary-weak-labour", households=1000, years=10)
    >>> result.metrics["wealth_gini"].iloc[-1]   # doctest: +SKIP
    >>> commonsim.compare(households=500, years=20)   # the four models, claims judged

The public names load on first use, so ``import commonsim`` (and ``commonsim --help``) does
not import NumPy, pandas or the engine until something is run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from commonsim.errors import ConfigError

if TYPE_CHECKING:
    from commonsim.api import ComparisonResult, Result, compare, simulate
    from commonsim.regimes import Regime, load_regime, preset_names

#: Public name -> module that defines it.
_LAZY = {
    "ComparisonResult": "commonsim.api",
    "Result": "commonsim.api",
    "compare": "commonsim.api",
    "simulate": "commonsim.api",
    "Regime": "commonsim.regimes",
    "load_regime": "commonsim.regimes",
    "preset_names": "commonsim.regimes",
}

__all__ = ["ComparisonResult", "ConfigError", "Regime", "Result", "compare", "load_regime",
           "preset_names", "simulate"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'commonsim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
