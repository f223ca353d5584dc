"""Kinetic exchange among households (validation presets only).

Runs one of the exchange kernels of :mod:`commonsim.economy.exchange` over household
deposits and books the result through the ledger as one intra-household flow, so that the
kinetic-exchange preset is the same engine as every other regime.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.exchange import exchange

IMPLEMENTS: tuple[str, ...] = ()


def exchange_money(e: Economy) -> None:
    """Households exchange money by the preset's kinetic rule, through the ledger."""
    eng = e.params.engine
    before = e.ledger.deposits["households"].copy()
    kwargs: dict[str, float] = {}
    if eng.exchange == "saving":
        kwargs["lam"] = eng.saving_propensity
    elif eng.exchange == "yard-sale":
        kwargs["fraction"] = eng.exchange_fraction
    elif eng.exchange_unit > 0:
        kwargs["unit"] = eng.exchange_unit
    after = exchange(before.copy(), e.rng["exchange"], eng.exchange, eng.exchange_steps, **kwargs)
    delta = after - before
    e.ledger.transfer("exchange", "households", np.maximum(-delta, 0.0), "households",
                      np.maximum(delta, 0.0))
