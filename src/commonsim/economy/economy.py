"""The economy of one run: the one type every mechanism, the schedule and the engine share.

It sits at the bottom of the layers (beside the state, the ledger and the period record)
so that mechanisms can name it without importing the engine that runs them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from commonsim.economy.ledger import Ledger
from commonsim.economy.period import PeriodRecord
from commonsim.economy.state import State
from commonsim.params import Parameters


@dataclass
class Economy:
    """Everything a mechanism may read or change during one period."""

    params: Parameters
    state: State
    ledger: Ledger
    rng: dict[str, np.random.Generator]
    t: int = 0
    years: int = 0
    #: What the steps of the current period hand each other (a new record every period).
    period: PeriodRecord = field(default_factory=PeriodRecord)

    @property
    def n(self) -> int:
        """Number of households."""
        return self.state.households.n


def snapshot(economy: Economy) -> Economy:
    """A deep copy, for trial runs of a period (to-order production)."""
    return copy.deepcopy(economy)
