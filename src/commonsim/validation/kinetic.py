"""Kinetic exchange models of money, run on the full engine (the ``kinetic-exchange`` preset).

Identical households start with one unit of money each; every period the engine runs
``engine.exchange_steps`` sweeps of the rule named in ``engine.exchange`` over household
deposits and books them through the ledger. The checks read every household's deposits at
the end of each period and compare their Gini coefficient (``commonsim.metrics.gini``) and
variance with the published equilibria (``research/validation.md`` section 2), averaging
over several seeds and over the last periods of each run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from commonsim.economy.engine import build_economy, check_size, step_period
from commonsim.metrics import gini
from commonsim.params import all_keys
from commonsim.regimes import apply_values, load_regime
from commonsim.validation.rows import CheckRow, bound, compare, failed

PRESET = "kinetic-exchange"
#: Engine keys for the yard-sale stake and the whole-unit random-pair rule, if the schema
#: has them (see docs/validation.md: the engine needs them to run these two variants).
FRACTION_KEY = "engine.exchange_fraction"
UNIT_KEY = "engine.exchange_unit"

#: Dragulescu & Yakovenko (2000): exponential law, Gini 1/2.
RANDOM_PAIR_GINI = 0.5
#: Chakraborti & Chakrabarti (2000), lambda = 0.5: Gini 0.2734 (Patriarca et al. 2004) and
#: variance (1 - lambda) / (1 + 2 lambda) = 0.25 for mean money 1.
SAVING_LAMBDA = 0.5
SAVING_GINI = 0.2734
SAVING_VARIANCE = (1.0 - SAVING_LAMBDA) / (1.0 + 2.0 * SAVING_LAMBDA)


def has_key(key: str) -> bool:
    """The parameter schema has the dotted `key`."""
    return key in all_keys()


def money_paths(
    households: int, years: int, seed: int, overrides: dict[str, Any]
) -> list[np.ndarray]:
    """Household deposits at the end of every period of one kinetic-exchange run.

    This is the loop :func:`commonsim.simulate` runs (``build_economy`` then ``step_period``
    per period); it is driven here directly because the checks need every household's money,
    which the ``Result`` keeps only as sector totals.
    """
    regime = load_regime(PRESET, overrides)
    check_size(households, years)
    economy = build_economy(regime.params, households, seed)
    paths = []
    for t in range(years):
        for change in regime.schedule:
            if change.year == t:
                economy.params = apply_values(economy.params, change.values, f"schedule {t}")
        step_period(economy)
        paths.append(economy.ledger.deposits["households"].copy())
    return paths


def _equilibrium(
    rule: str, households: int, years: int, seeds: Sequence[int], last: int,
    extra: dict[str, Any] | None = None,
) -> tuple[float, float]:
    """Mean Gini and mean variance / mean^2 over the last `last` periods of every seed."""
    overrides = {"engine.exchange": rule, **(extra or {})}
    ginis, variances = [], []
    for seed in seeds:
        for money in money_paths(households, years, seed, overrides)[-last:]:
            ginis.append(gini(money))
            variances.append(float(money.var() / money.mean() ** 2))
    return float(np.mean(ginis)), float(np.mean(variances))


def check_random_pair(
    households: int = 5000, years: int = 30, seeds: Sequence[int] = (0, 1, 2, 3, 4),
    tolerance: float = 0.01, extra: dict[str, Any] | None = None,
) -> list[CheckRow]:
    """Random pairwise exchange of continuous money settles at the exponential law (Gini 1/2).

    `extra` overrides other engine keys (tests use it to break the configuration).
    """
    group = f"Kinetic random-pair, N={households}, {len(seeds)} seeds"
    g, _ = _equilibrium("random-pair", households, years, seeds, last=10,
                        extra={"engine.exchange_steps": 10, **(extra or {})})
    rows = [compare(group, f"Gini, mean of periods {years - 9}-{years}", RANDOM_PAIR_GINI, g,
                    tolerance)]
    if has_key(UNIT_KEY):
        unit = 0.25
        mu = 1.0 / unit  # each household starts with one unit of money = 4 whole units
        g, _ = _equilibrium("random-pair", households, years, seeds, last=10,
                            extra={"engine.exchange_steps": 20, UNIT_KEY: unit})
        rows.append(compare(group, f"Gini, whole units of {unit:g} (mu={mu:g})",
                            (1.0 + mu) / (1.0 + 2.0 * mu), g, tolerance))
    return rows


def check_saving(
    households: int = 5000, years: int = 30, seeds: Sequence[int] = (0, 1, 2, 3, 4),
    extra: dict[str, Any] | None = None,
) -> list[CheckRow]:
    """Saving propensity lambda = 0.5: Gini 0.2734 (+-0.005) and variance 0.25.

    `extra` overrides other engine keys (tests use it to break the configuration).
    """
    group = f"Kinetic saving lambda={SAVING_LAMBDA:g}, N={households}, {len(seeds)} seeds"
    g, v = _equilibrium("saving", households, years, seeds, last=10,
                        extra={"engine.exchange_steps": 10,
                               "engine.saving_propensity": SAVING_LAMBDA, **(extra or {})})
    return [
        compare(group, f"Gini, mean of periods {years - 9}-{years}", SAVING_GINI, g, 0.005),
        compare(group, "variance / mean^2", SAVING_VARIANCE, v, 0.01),
    ]


def check_yard_sale(
    households: int = 2000, years: int = 30, seeds: Sequence[int] = (0, 1, 2),
    fraction: float = 0.2,
) -> list[CheckRow]:
    """Yard sale: no equilibrium; the Gini rises every period, past the exponential's 1/2."""
    group = f"Kinetic yard-sale, N={households}, {len(seeds)} seeds"
    overrides: dict[str, Any] = {"engine.exchange": "yard-sale", "engine.exchange_steps": 10}
    if has_key(FRACTION_KEY):
        overrides[FRACTION_KEY] = fraction
    falls, final = 0, []
    try:
        for seed in seeds:
            series = [gini(m) for m in money_paths(households, years, seed, overrides)]
            falls += int(np.sum(np.diff(series) <= 0.0))
            final.append(series[-1])
    except Exception as exc:  # the engine's error is the finding
        why = f"the engine cannot run yard-sale: {exc}"
        return [failed(group, "Gini falls in no period", 0.0, 0.0, why)]
    return [
        compare(group, f"periods (of {years - 1} per seed) in which the Gini fell", 0.0, falls,
                0.0),
        bound(group, f"Gini after {years} periods (mean)", "at least", RANDOM_PAIR_GINI,
              float(np.mean(final))),
    ]
