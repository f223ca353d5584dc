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
    """Households exchange money by the preset's kinetic rule, through the ledger.

    Equations:
        m_i = max(D_i, 0); engine.exchange_steps steps of N meetings (stream "exchange"):
        random-pair: pair (i, k), eps uniform: m_i' = eps * (m_i + m_k),
                     m_k' = (1 - eps) * (m_i + m_k); with engine.exchange_unit > 0, i gives
                     k one unit if it holds one
        saving:      m_i' = lam * m_i + eps * (1 - lam) * (m_i + m_k),
                     m_k' = lam * m_k + (1 - eps) * (1 - lam) * (m_i + m_k),
                     lam = engine.saving_propensity
        yard-sale:   stake = engine.exchange_fraction * min(m_i, m_k), won by i or k on a
                     fair coin
        boltzmann:   in random order, each agent holding a unit gives it to a random agent
        the change m' - m is booked as one household-to-household flow
        where D_i is household i's deposits, m_i the money it can exchange and N the
        number of households.
    """
    eng = e.params.engine
    # Only money held changes hands: a household whose account is overdrawn this period
    # (covered by a loan later in the period) has nothing to exchange.
    before = np.maximum(e.ledger.deposits["households"], 0.0)
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
