"""Validation: the engine reproduces published models with known answers.

Each check runs the engine (:func:`commonsim.simulate` or its period loop) in a reference
configuration and compares what it gives with a published result or a closed-form result
stated in ``docs/validation.md``; it returns :class:`CheckRow` s. :func:`run_all` runs them
all (``commonsim validate``).
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> submodule that defines it. Loaded on first use, so that importing
#: ``commonsim.validation.cli`` (and so ``commonsim --help``) does not load the engine.
_LAZY = {
    "ALTERNATIVES": "sim", "STANDARD": "sim", "SimParameters": "sim",
    "check_alternatives": "sim", "check_hidden_equation": "sim",
    "check_published_path": "sim", "check_steady_state": "sim", "run_sim": "sim",
    "check_presets": "accounts", "sfc_problems": "accounts",
    "check_random_pair": "kinetic", "check_saving": "kinetic", "check_yard_sale": "kinetic",
    "check_pc_paths": "pc", "check_pc_steady_state": "pc",
    "check_stationarity": "stationarity",
    "CheckRow": "rows", "CHECKS": "suite", "run_all": "suite",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"commonsim.validation.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'commonsim.validation' has no attribute {name!r}")
