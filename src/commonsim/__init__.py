"""commonsim: Bauwens' three models of value creation as a runnable economy.

>>> import commonsim
>>> result = commonsim.simulate("proprietary-weak-labour", households=1000, years=10)
>>> result.metrics["wealth_gini"].iloc[-1]   # doctest: +SKIP
"""

from commonsim.api import Result, simulate
from commonsim.errors import ConfigError
from commonsim.regimes import Regime, load_regime, preset_names
from commonsim.version import __version__

__all__ = ["ConfigError", "Regime", "Result", "__version__", "load_regime", "preset_names",
           "simulate"]
