"""Household-array helpers that give NumPy's numbers in fewer passes over memory.

At a million households every pass over an array costs milliseconds, and a chain of NumPy
expressions makes one pass (and one temporary) per operation. These helpers compute the
same values element by element in one compiled pass (the same operations in the same
order, so the same bits), or, for the median, select only what the answer needs.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def median(x: np.ndarray) -> float:
    """``np.median(x)`` of a 1-D float array by one partition instead of three.

    The median is the middle order statistic, or the mean of the two middle ones, which
    NumPy computes as their sum over two; a NaN anywhere makes it NaN, as in NumPy.
    """
    n = x.size
    if n == 0:
        return float("nan")
    k = n // 2
    part = np.partition(x, k)
    if np.isnan(part[k:].max()):
        return float("nan")
    if n % 2:
        return float(part[k])
    return float((part[:k].max() + part[k]) / 2.0)


def power_of(x: np.ndarray, y: float) -> np.ndarray:
    """``x ** y``, raising the most common value of `x` once rather than at every entry.

    Powers cost tens of nanoseconds each, and household arrays often hold one value many
    times (everyone working the standard hours). The common value is guessed from an even
    sample of 64 entries; any guess gives the same result, only the time depends on it.
    """
    if x.size == 0:
        return x ** y
    values, counts = np.unique(x[:: max(1, x.size // 64)], return_counts=True)
    common = values[np.argmax(counts)]
    out = np.full_like(x, (np.array([common]) ** y)[0])
    other = x != common
    out[other] = x[other] ** y
    return out


def masked(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``x[mask]`` for a 1-D array and a boolean mask, without a branch per element."""
    return _masked_kernel(x, mask)


def sum_of(arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """``0 + arrays[0] + arrays[1] + ...`` element by element, in one pass."""
    return _sum_kernel(arrays)


def max_of(arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """``np.maximum`` of zero and every array (NaN propagates), in one pass."""
    return _max_kernel(arrays)


@njit(cache=True)
def _masked_kernel(x, mask):  # pragma: no cover - compiled
    out = np.empty_like(x)
    k = 0
    for i in range(x.size):
        out[k] = x[i]  # written always, kept only where the mask is set
        k += mask[i]
    return out[:k]


@njit(cache=True)
def _sum_kernel(arrays):  # pragma: no cover - compiled
    out = np.empty(arrays[0].size)
    for i in range(out.size):
        total = 0.0
        for a in arrays:
            total += a[i]
        out[i] = total
    return out


@njit(cache=True)
def _max_kernel(arrays):  # pragma: no cover - compiled
    out = np.empty(arrays[0].size)
    for i in range(out.size):
        high = 0.0
        for a in arrays:
            v = a[i]
            if not (high >= v or high != high):  # as np.maximum: a NaN wins
                high = v
        out[i] = high
    return out
