"""Kinetic exchange of money between households: truly sequential, random-order kernels.

Four rules from econophysics, each a Numba kernel that walks through the meetings of one
step *in order*, so that a later meeting sees the money moved by an earlier one (there is
no simultaneous-update shortcut):

===============  ============================================  ==============================
rule             one meeting / activation                      equilibrium (mean money ``mu``)
===============  ============================================  ==============================
``random-pair``  Dragulescu & Yakovenko (2000): a random       exponential, Gini 1/2;
                 pair splits its money at random, or (whole    whole units: geometric,
                 units) one of the two gives the other a unit  Gini (1 + mu) / (1 + 2 mu)
``saving``       Chakraborti & Chakrabarti (2000): each keeps  ~Gamma, variance
                 ``lam`` of its money, the rest is split       (1 - lam) / (1 + 2 lam);
                 at random                                     Gini 0.2734 at lam = 0.5
``yard-sale``    Boghosian et al.: a fair coin moves a         none: Gini rises towards 1
                 ``fraction`` of the poorer one's money        (condensation)
``boltzmann``    Mesa's Boltzmann wealth model: agents act in  Gini ~0.63 from 1 unit each
                 random order, each with a unit gives it to    (not 1/2 nor 2/3: a different
                 a uniformly random agent (possibly itself)    process from random pairs)
===============  ============================================  ==============================

See ``research/validation.md`` section 2 for the published results these reproduce.

Randomness and reproducibility
------------------------------
The kernels never draw random numbers themselves. The Python wrappers draw every random
number a step needs from the :class:`numpy.random.Generator` they are given, *one step at a
time and in a fixed order* (documented on each function), and pass the arrays to the
kernel. Hence:

* one generator state gives one result (no global random state, no Numba RNG);
* running ``steps=a`` then ``steps=b`` with the same generator gives exactly what
  ``steps=a + b`` gives;
* every kernel has a plain-Python reference (``reference=True``) that consumes the very same
  draws; the tests check that both give identical arrays.

The step-level kernels move money in place in a float64 array (``random_pair_exchange`` and
friends return that same array for convenience). The engine calls :func:`exchange`, which
works on a copy and returns the new money array, so that the engine can record the change
through its ledger.

A "step" is N meetings (pair rules) or N activations (``boltzmann``), N = number of agents,
so that every agent takes part in about two meetings (one activation) per step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

__all__ = [
    "RULES",
    "boltzmann_wealth_step",
    "exchange",
    "random_pair_exchange",
    "saving_propensity_exchange",
    "yard_sale_exchange",
]

#: The rule names accepted by :func:`exchange`.
RULES: tuple[str, ...] = ("random-pair", "saving", "yard-sale", "boltzmann")


# ---------------------------------------------------------------------------------------------
# Numba kernels: one step's meetings, given the step's random draws, in place on ``money``.
# ---------------------------------------------------------------------------------------------


@njit(cache=True)
def _split_kernel(money, giver, taker, eps, lam):  # pragma: no cover - compiled
    """Meeting k: pair (giver[k], taker[k]) keeps ``lam`` each and splits the rest by eps[k]."""
    for k in range(giver.shape[0]):
        i = giver[k]
        j = taker[k]
        pot = (1.0 - lam) * (money[i] + money[j])
        mi = lam * money[i] + eps[k] * pot
        mj = lam * money[j] + (1.0 - eps[k]) * pot
        money[i] = mi
        money[j] = mj


@njit(cache=True)
def _unit_kernel(money, giver, taker, unit):  # pragma: no cover - compiled
    """Meeting k: giver[k] hands ``unit`` to taker[k] if it holds at least one unit."""
    for k in range(giver.shape[0]):
        i = giver[k]
        if money[i] >= unit:
            money[i] -= unit
            money[taker[k]] += unit


@njit(cache=True)
def _yard_sale_kernel(money, giver, taker, coin, fraction):  # pragma: no cover - compiled
    """Meeting k: stake = fraction * poorer's money; coin[k] < 1/2 -> giver[k] wins it."""
    for k in range(giver.shape[0]):
        i = giver[k]
        j = taker[k]
        stake = fraction * min(money[i], money[j])
        if coin[k] < 0.5:
            money[i] += stake
            money[j] -= stake
        else:
            money[i] -= stake
            money[j] += stake


@njit(cache=True)
def _boltzmann_kernel(money, order, recipient, unit):  # pragma: no cover - compiled
    """Activation k: agent order[k], if it holds a unit, gives it to recipient[k]."""
    for k in range(order.shape[0]):
        a = order[k]
        if money[a] >= unit:
            money[a] -= unit
            money[recipient[k]] += unit


# ---------------------------------------------------------------------------------------------
# Plain-Python references: the same rules on the same draws, written as simply as possible.
# ---------------------------------------------------------------------------------------------


def _split_reference(money, giver, taker, eps, lam):
    m = [float(x) for x in money]
    for i, j, e in zip(giver.tolist(), taker.tolist(), eps.tolist(), strict=True):
        pot = (1.0 - lam) * (m[i] + m[j])
        m[i], m[j] = lam * m[i] + e * pot, lam * m[j] + (1.0 - e) * pot
    money[:] = m


def _unit_reference(money, giver, taker, unit):
    m = [float(x) for x in money]
    for i, j in zip(giver.tolist(), taker.tolist(), strict=True):
        if m[i] >= unit:
            m[i] -= unit
            m[j] += unit
    money[:] = m


def _yard_sale_reference(money, giver, taker, coin, fraction):
    m = [float(x) for x in money]
    for i, j, c in zip(giver.tolist(), taker.tolist(), coin.tolist(), strict=True):
        stake = fraction * min(m[i], m[j])
        winner, loser = (i, j) if c < 0.5 else (j, i)
        m[winner] += stake
        m[loser] -= stake
    money[:] = m


def _boltzmann_reference(money, order, recipient, unit):
    m = [float(x) for x in money]
    for a, r in zip(order.tolist(), recipient.tolist(), strict=True):
        if m[a] >= unit:
            m[a] -= unit
            m[r] += unit
    money[:] = m


# ---------------------------------------------------------------------------------------------
# Draws and argument checks
# ---------------------------------------------------------------------------------------------


def _draw_pairs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """N ordered pairs (giver, taker) of distinct agents, each uniform over the n (n - 1)."""
    giver = rng.integers(0, n, size=n)
    taker = rng.integers(0, n - 1, size=n)
    taker += taker >= giver  # skip the giver: uniform over the other n - 1 agents
    return giver, taker


def _check_money(money: np.ndarray) -> None:
    if not isinstance(money, np.ndarray):
        raise TypeError(f"money must be a numpy float64 array, got {type(money).__name__}")
    if money.ndim != 1 or money.dtype != np.float64:
        raise TypeError(
            "money must be a one-dimensional float64 array (use exchange() for other inputs), "
            f"got dtype {money.dtype} and shape {money.shape}"
        )
    if not money.flags.writeable:
        raise ValueError("money must be writeable: the kernels update it in place")
    if not np.all(np.isfinite(money)) or (money.size and money.min() < 0.0):
        raise ValueError("money must be finite and non-negative (allowed range: [0, inf))")


def _check_rng(rng: object) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )


def _check_steps(steps: object) -> int:
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    return int(steps)


def _check_unit(unit: object) -> float:
    try:
        value = float(unit)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = float("nan")
    if not (np.isfinite(value) and value > 0.0):
        raise ValueError(f"unit must be a finite number > 0, got {unit!r}")
    return value


def _check_fraction(name: str, value: object, lo: float, hi: float, hi_open: bool) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        x = float("nan")
    ok = lo <= x < hi if hi_open else lo <= x <= hi
    if not ok:
        bracket = ")" if hi_open else "]"
        raise ValueError(f"{name} must be in [{lo:g}, {hi:g}{bracket}, got {value!r}")
    return x


def _check_common(money: np.ndarray, rng: np.random.Generator, steps: object) -> int:
    _check_money(money)
    _check_rng(rng)
    return _check_steps(steps)


# ---------------------------------------------------------------------------------------------
# Public kernels (in place)
# ---------------------------------------------------------------------------------------------


def random_pair_exchange(
    money: np.ndarray,
    rng: np.random.Generator,
    steps: int,
    unit: float | None = None,
    *,
    reference: bool = False,
) -> np.ndarray:
    """Dragulescu-Yakovenko random pairwise exchange, in place; total money is conserved.

    Each step is N meetings in sequence (N = ``len(money)``). Meeting k takes an ordered pair
    of distinct agents ``(i, j)``, uniform over all N (N - 1) ordered pairs, and

    * ``unit=None`` (continuous money, DY's "random reshuffling" rule): the pair pools its
      money and splits it at random, ``m_i' = eps (m_i + m_j)``, ``m_j' = (1 - eps)
      (m_i + m_j)`` with ``eps ~ U(0, 1)``. Equilibrium: exponential, Gini 1/2. (This is the
      ``saving`` rule with ``lam = 0``.)
    * ``unit=u`` (whole units): ``i`` gives one unit ``u`` to ``j`` if ``m_i >= u``, else
      nothing happens. Because the pair is ordered at random, this is "a random one of the
      two gives the other one unit if it has one". Every move and its reverse are equally
      likely, so all ways of spreading the units are equally likely in equilibrium; with
      N large the money of one agent is geometric with mean ``mu`` units and Gini
      ``(1 + mu) / (1 + 2 mu)``. Start from whole multiples of ``u`` to stay on the lattice.

    Draws per step, in this order: ``i = rng.integers(0, N, N)``,
    ``j' = rng.integers(0, N - 1, N)`` (``j = j' + (j' >= i)``), then, continuous only,
    ``eps = rng.random(N)``.

    Args:
        money: float64 array of holdings (>= 0), updated in place.
        rng: the generator all draws come from.
        steps: number of steps (each N meetings).
        unit: size of the whole unit that changes hands, or None for continuous money.
        reference: run the plain-Python reference on the same draws (slow; for tests).

    Returns:
        ``money`` (the same array).
    """
    steps = _check_common(money, rng, steps)
    n = money.shape[0]
    if n < 2:
        return money
    if unit is None:
        kernel = _split_reference if reference else _split_kernel
        for _ in range(steps):
            giver, taker = _draw_pairs(rng, n)
            kernel(money, giver, taker, rng.random(n), 0.0)
    else:
        u = _check_unit(unit)
        kernel = _unit_reference if reference else _unit_kernel
        for _ in range(steps):
            giver, taker = _draw_pairs(rng, n)
            kernel(money, giver, taker, u)
    return money


def saving_propensity_exchange(
    money: np.ndarray,
    rng: np.random.Generator,
    steps: int,
    lam: float,
    *,
    reference: bool = False,
) -> np.ndarray:
    """Chakraborti-Chakrabarti exchange with saving propensity ``lam``, in place.

    Each step is N meetings in sequence. Meeting k takes an ordered pair of distinct agents
    ``(i, j)`` (uniform) and ``eps ~ U(0, 1)``; each keeps ``lam`` of its money and the rest
    is split at random::

        m_i' = lam m_i + eps (1 - lam) (m_i + m_j)
        m_j' = lam m_j + (1 - eps) (1 - lam) (m_i + m_j)

    Equilibrium (mean money 1): close to a Gamma law with shape ``1 + 3 lam / (1 - lam)``,
    variance ``(1 - lam) / (1 + 2 lam)``; at ``lam = 0.5`` Gini 0.2734 and variance 0.25.

    Draws per step, in this order: ``i = rng.integers(0, N, N)``,
    ``j' = rng.integers(0, N - 1, N)`` (``j = j' + (j' >= i)``), ``eps = rng.random(N)``.

    Args:
        money: float64 array of holdings (>= 0), updated in place.
        rng: the generator all draws come from.
        steps: number of steps (each N meetings).
        lam: saving propensity, in [0, 1).
        reference: run the plain-Python reference on the same draws (slow; for tests).

    Returns:
        ``money`` (the same array).
    """
    steps = _check_common(money, rng, steps)
    lam = _check_fraction("lam", lam, 0.0, 1.0, hi_open=True)
    n = money.shape[0]
    if n < 2:
        return money
    kernel = _split_reference if reference else _split_kernel
    for _ in range(steps):
        giver, taker = _draw_pairs(rng, n)
        kernel(money, giver, taker, rng.random(n), lam)
    return money


def yard_sale_exchange(
    money: np.ndarray,
    rng: np.random.Generator,
    steps: int,
    fraction: float,
    *,
    reference: bool = False,
) -> np.ndarray:
    """Boghosian's yard-sale model, in place; total money is conserved.

    Each step is N meetings in sequence. Meeting k takes an ordered pair of distinct agents
    ``(i, j)`` (uniform); the stake is ``fraction * min(m_i, m_j)`` (a share of the poorer
    one's money) and a fair coin decides who wins it: ``u < 1/2`` -> ``i`` wins, else ``j``.
    No agent can go below zero. There is no equilibrium: money condenses, and the Gini
    coefficient rises towards 1.

    Draws per step, in this order: ``i = rng.integers(0, N, N)``,
    ``j' = rng.integers(0, N - 1, N)`` (``j = j' + (j' >= i)``), ``u = rng.random(N)``.

    Args:
        money: float64 array of holdings (>= 0), updated in place.
        rng: the generator all draws come from.
        steps: number of steps (each N meetings).
        fraction: share of the poorer agent's money at stake, in [0, 1].
        reference: run the plain-Python reference on the same draws (slow; for tests).

    Returns:
        ``money`` (the same array).
    """
    steps = _check_common(money, rng, steps)
    fraction = _check_fraction("fraction", fraction, 0.0, 1.0, hi_open=False)
    n = money.shape[0]
    if n < 2:
        return money
    kernel = _yard_sale_reference if reference else _yard_sale_kernel
    for _ in range(steps):
        giver, taker = _draw_pairs(rng, n)
        kernel(money, giver, taker, rng.random(n), fraction)
    return money


def boltzmann_wealth_step(
    money: np.ndarray,
    rng: np.random.Generator,
    steps: int,
    unit: float = 1.0,
    *,
    reference: bool = False,
) -> np.ndarray:
    """Mesa's Boltzmann wealth model rule, exactly, in place; total money is conserved.

    This is the non-spatial model of the Mesa 3 introductory tutorial::

        def exchange(self):                       # MoneyAgent
            if self.wealth > 0:
                other_agent = self.random.choice(self.model.agents)
                other_agent.wealth += 1
                self.wealth -= 1

        def step(self):                           # MoneyModel
            self.agents.shuffle_do("exchange")

    Each step, all N agents are activated once, in a fresh uniformly random order; the
    activated agent, if it holds at least one unit, gives one unit to an agent drawn
    uniformly from *all* N agents -- possibly itself, as in Mesa, which then changes
    nothing. Activations are sequential: a later agent sees the units earlier agents gave
    it this step (and may pass them on). Mesa's wealth is an integer, so its ``wealth > 0``
    is ``money >= unit`` here. From one unit each the Gini settles near 0.63 within
    ~100 steps.

    Draws per step, in this order: ``order = rng.permutation(N)``,
    ``recipient = rng.integers(0, N, N)`` (recipient[k] is used only if agent order[k]
    gives; it is drawn regardless, which leaves the law of the process unchanged).

    Args:
        money: float64 array of holdings (>= 0), updated in place.
        rng: the generator all draws come from.
        steps: number of steps (each N activations).
        unit: size of the unit given.
        reference: run the plain-Python reference on the same draws (slow; for tests).

    Returns:
        ``money`` (the same array).
    """
    steps = _check_common(money, rng, steps)
    u = _check_unit(unit)
    n = money.shape[0]
    if n < 1:
        return money
    kernel = _boltzmann_reference if reference else _boltzmann_kernel
    for _ in range(steps):
        order = rng.permutation(n)
        recipient = rng.integers(0, n, size=n)
        kernel(money, order, recipient, u)
    return money


# ---------------------------------------------------------------------------------------------
# Engine entry point
# ---------------------------------------------------------------------------------------------

#: rule -> (kernel function, its keyword parameters, the required ones among them)
_DISPATCH: dict[str, tuple[Callable[..., np.ndarray], tuple[str, ...], tuple[str, ...]]] = {
    "random-pair": (random_pair_exchange, ("unit", "reference"), ()),
    "saving": (saving_propensity_exchange, ("lam", "reference"), ("lam",)),
    "yard-sale": (yard_sale_exchange, ("fraction", "reference"), ("fraction",)),
    "boltzmann": (boltzmann_wealth_step, ("unit", "reference"), ()),
}


def exchange(
    money: np.ndarray, rng: np.random.Generator, rule: str, steps: int, **kw: object
) -> np.ndarray:
    """Run ``steps`` steps of an exchange rule and return the new money array.

    The input is not modified (the engine records the change through its ledger).

    Args:
        money: holdings, one per agent (any real 1-D array; >= 0).
        rng: the generator all draws come from.
        rule: one of :data:`RULES`: ``"random-pair"`` (keyword ``unit=None``),
            ``"saving"`` (``lam``), ``"yard-sale"`` (``fraction``), ``"boltzmann"``
            (``unit=1.0``).
        steps: number of steps (N meetings or N activations each).
        **kw: the rule's parameters, passed on to its kernel function.

    Returns:
        A new float64 array with the money after the exchanges.

    Raises:
        ValueError: unknown rule (the message names the allowed ones), unknown or missing
            parameter, or a parameter out of its range.
    """
    try:
        fn, allowed, required = _DISPATCH[rule]
    except (KeyError, TypeError):
        raise ValueError(f"unknown exchange rule {rule!r}; allowed: {', '.join(RULES)}") from None
    unknown = sorted(set(kw) - set(allowed))
    missing = [k for k in required if k not in kw]
    if unknown or missing:
        raise ValueError(
            f"exchange rule {rule!r} takes parameters {', '.join(allowed)}"
            f" (required: {', '.join(required) or 'none'});"
            + (f" unknown: {', '.join(unknown)}" if unknown else "")
            + (f" missing: {', '.join(missing)}" if missing else "")
        )
    new = np.array(money, dtype=np.float64, copy=True)
    if new.ndim != 1:
        raise ValueError(f"money must be one-dimensional, got shape {new.shape}")
    return fn(new, rng, steps, **kw)


def _gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative holdings (population form, as Mesa computes it).

    ``G = sum_i sum_j |x_i - x_j| / (2 N^2 mean)``; 0 for an empty or all-zero array.
    Private: the project's shared ``commonsim.metrics.gini`` will replace it.
    """
    x = np.sort(np.asarray(x, dtype=np.float64))
    n = x.shape[0]
    total = x.sum()
    if n == 0 or total == 0.0:
        return 0.0
    ranks = np.arange(1, n + 1, dtype=np.float64)
    return float(2.0 * np.dot(ranks, x) / (n * total) - (n + 1.0) / n)
