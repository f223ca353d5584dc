"""Household-array helpers that give NumPy's numbers in fewer passes over memory.

At a million households every pass over an array costs milliseconds, and a chain of NumPy
expressions makes one pass (and one temporary) per operation. These helpers compute the
same values element by element in one compiled pass (the same operations in the same
order, so the same bits), or, for the median, select only what the answer needs.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.halves import both, over_halves, worth_splitting


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


def ranked_sum(x: np.ndarray) -> float:
    """``np.sum(np.arange(1, n + 1) * x)`` without the two temporaries.

    The products are summed in NumPy's pairwise order (blocks of up to 128 in eight
    partial sums, halves above that), so the result has the same bits.
    """
    return float(_ranked_pairwise(x, 0, x.size))


def total_of(x: np.ndarray | float) -> float:
    """``float(np.sum(x))``, its two halves summed on two threads for a large float array.

    NumPy sums a contiguous float64 array pairwise, and its first step splits the n
    entries at ``n // 2`` rounded down to a multiple of 8 and adds the two halves' sums;
    each half summed on its own gives the same bits, so the total has them too.
    """
    if (not isinstance(x, np.ndarray) or not worth_splitting(x.size)
            or x.dtype != np.float64 or x.ndim != 1 or not x.flags.c_contiguous):
        return float(np.sum(x))
    n = x.size
    cut = n // 2 - (n // 2) % 8
    first, second = both(lambda: np.sum(x[:cut]), lambda: np.sum(x[cut:]))
    return float(first + second)


def masked(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``x[mask]`` for a 1-D array and a boolean mask, without a branch per element."""
    return _masked_kernel(x, mask)


def sum_of(arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """``0 + arrays[0] + arrays[1] + ...`` element by element, in one pass."""
    out = np.empty(arrays[0].size)
    over_halves(_sum_kernel, out.size, arrays, out)
    return out


def max_of(arrays: tuple[np.ndarray, ...]) -> np.ndarray:
    """``np.maximum`` of zero and every array (NaN propagates), in one pass."""
    out = np.empty(arrays[0].size)
    over_halves(_max_kernel, out.size, arrays, out)
    return out


@njit(cache=True, nogil=True)
def _masked_kernel(x, mask):  # pragma: no cover - compiled
    out = np.empty_like(x)
    k = 0
    for i in range(x.size):
        out[k] = x[i]  # written always, kept only where the mask is set
        k += mask[i]
    return out[:k]


@njit(cache=True, nogil=True)
def _sum_kernel(lo, hi, arrays, out):  # pragma: no cover - compiled
    """sum_of for entries lo..hi."""
    for i in range(lo, hi):
        total = 0.0
        for a in arrays:
            total += a[i]
        out[i] = total


@njit(cache=True, nogil=True)
def _max_kernel(lo, hi, arrays, out):  # pragma: no cover - compiled
    """max_of for entries lo..hi."""
    for i in range(lo, hi):
        high = 0.0
        for a in arrays:
            v = a[i]
            if not (high >= v or high != high):  # as np.maximum: a NaN wins
                high = v
        out[i] = high


@njit(cache=True, nogil=True)
def _ranked_pairwise(x, lo, n):  # pragma: no cover - compiled
    """Pairwise sum of (k + 1) * x[k] for k in lo .. lo + n - 1, as NumPy orders it."""
    if n < 8:
        total = 0.0
        for k in range(lo, lo + n):
            total += (k + 1) * x[k]
        return total
    if n <= 128:
        r = np.empty(8)
        for j in range(8):
            r[j] = (lo + j + 1) * x[lo + j]
        i = 8
        while i < n - n % 8:
            for j in range(8):
                r[j] += (lo + i + j + 1) * x[lo + i + j]
            i += 8
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n:
            total += (lo + i + 1) * x[lo + i]
            i += 1
        return total
    half = n // 2
    half -= half % 8
    return _ranked_pairwise(x, lo, half) + _ranked_pairwise(x, lo + half, n - half)


def sparse_sum(index: np.ndarray, values: np.ndarray, n: int) -> float:
    """``np.sum`` of an `n`-long array that is zero except `values` at `index`, without it.

    For a payment to a few holders among a million. NumPy sums pairwise (see
    :func:`ranked_sum`); a zero added to a partial sum leaves it unchanged, so the same
    tree walked over the listed entries alone gives the same bits. `index` must be
    distinct; the values must not be -0.0 (a zero array entry is +0.0).
    """
    order = np.argsort(index)
    return float(_sparse_pairwise(index[order], values[order], 0, n, 0, index.size))


@njit(cache=True)
def _sparse_pairwise(index, values, lo, n, first, last):  # pragma: no cover - compiled
    """Pairwise sum of places lo .. lo + n - 1, holding entries first .. last - 1."""
    if first == last:
        return 0.0
    if n < 8:
        total = 0.0
        for k in range(first, last):
            total += values[k]
        return total
    if n <= 128:
        r = np.zeros(8)
        end = lo + n - n % 8  # places from here on are added one by one after the lanes
        for k in range(first, last):
            if index[k] < end:
                r[(index[k] - lo) % 8] += values[k]
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for k in range(first, last):
            if index[k] >= end:
                total += values[k]
        return total
    half = n // 2
    half -= half % 8
    mid = first + np.searchsorted(index[first:last], lo + half)
    return (_sparse_pairwise(index, values, lo, half, first, mid)
            + _sparse_pairwise(index, values, lo + half, n - half, mid, last))


def stable_argsort(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of a 1-D float array, by the faster default sort.

    The default sort may order equal keys any way; putting each run of equal keys (NaNs
    count as equal, as they do to the stable sort) back in index order gives the stable
    sort's unique answer.
    """
    order = np.argsort(keys)
    _order_ties(keys, order)
    return order


@njit(cache=True)
def _order_ties(keys, order):  # pragma: no cover - compiled
    """Sort each run of equal keys in `order` by index, in place (insertion sort)."""
    for k in range(1, order.size):
        i = order[k]
        a = keys[i]
        q = k
        while q > 0:
            b = keys[order[q - 1]]
            if not (a == b or (a != a and b != b)) or order[q - 1] < i:
                break
            order[q] = order[q - 1]
            q -= 1
        order[q] = i


def group_sum(group: np.ndarray, weights: np.ndarray, m: int) -> np.ndarray:
    """``np.bincount(group[group >= 0], weights=weights[group >= 0], minlength=m)``.

    One pass and no masked copies; summed in index order, as ``np.bincount`` sums, so
    the totals have the same bits. Every `group` entry must be below `m`.
    """
    return _group_sum_kernel(group, weights, m)


def gathered(table: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``table[index]`` for a 1-D `index`, its two halves gathered on two threads."""
    out = np.empty(index.size, dtype=table.dtype)
    over_halves(_gather, index.size, table, index, out)
    return out


def in_order(order: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``order[mask[order]]``: the entries of `order` whose mask is set, in one pass."""
    return _in_order_kernel(order, mask.view(np.uint8))  # bytes: no branch per entry


@njit(cache=True)
def _group_sum_kernel(group, weights, m):  # pragma: no cover - compiled
    """Entries outside every group go to eight spare slots in turn, then are dropped.

    No branch per entry, and the spare additions do not wait on each other (about twice
    as fast at a million entries); each group's entries are still added in index order.
    """
    out = np.zeros(m + 8)
    for i in range(group.size):
        g = group[i]
        out[g if g >= 0 else m + (i & 7)] += weights[i]
    return out[:m].copy()


@njit(cache=True)
def _in_order_kernel(order, mask):  # pragma: no cover - compiled
    out = np.empty_like(order)
    k = 0
    for q in range(order.size):
        out[k] = order[q]  # written always, kept only where the mask is set
        k += mask[order[q]]
    return out[:k]


def power_by_value(x: np.ndarray, y: float) -> np.ndarray:
    """``x ** y`` for a 1-D float64 array, raising each distinct value of `x` once.

    Household arrays often hold a few hundred distinct values among a million entries
    (standard hours, an entity's share of work); each power costs tens of nanoseconds.
    The distinct values are found by hashing their bits, so each entry gets the power of
    its own value, the same bits as ``x ** y``; with too many distinct values it is
    ``x ** y`` itself.
    """
    codes, values = _distinct_codes(x.view(np.uint64), 1024)
    if codes.size != x.size:
        return x ** y
    out = np.empty(x.size)
    over_halves(_gather, x.size, values.view(np.float64) ** y, codes, out)
    return out


@njit(cache=True)
def _distinct_codes(bits, limit):  # pragma: no cover - compiled
    """Each entry's index among the distinct values (first-seen order), and the values.

    Open addressing on the bits; gives up (empty codes) beyond `limit` distinct values.
    """
    size = 4 * limit
    slots = np.full(size, -1, dtype=np.int64)
    values = np.empty(limit, dtype=np.uint64)
    codes = np.empty(bits.size, dtype=np.int32)
    count = 0
    for i in range(bits.size):
        b = bits[i]
        h = ((b * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(52)) % size
        while slots[h] >= 0 and values[slots[h]] != b:
            h = (h + 1) % size
        if slots[h] < 0:
            if count == limit:
                return np.empty(0, dtype=np.int32), values[:0]
            slots[h] = count
            values[count] = b
            count += 1
        codes[i] = slots[h]
    return codes, values[:count]


@njit(cache=True, nogil=True)
def _gather(lo, hi, table, codes, out):  # pragma: no cover - compiled
    """out_i = table[codes_i] for entries lo..hi."""
    for i in range(lo, hi):
        out[i] = table[codes[i]]


def group_count(group: np.ndarray, m: int) -> np.ndarray:
    """``np.bincount(group[group >= 0], minlength=m)`` in one pass, no masked copy."""
    return _group_count_kernel(group, m)


def scaled_plus_per_head(scale: float, x: np.ndarray, group: np.ndarray, totals: np.ndarray,
                         heads: np.ndarray | None = None,
                         plus: np.ndarray | None = None) -> np.ndarray:
    """``scale * x`` plus each group member's equal share of its group's total, in one pass.

    ``y = scale * x``; then ``y[i] += totals[g] / n_g`` for each entry of a group g
    (``group >= 0``; n_g its entries, the `heads` ``group_count(group, totals.size)``
    when the caller has them); then ``y += plus`` if given: each entry gets the same
    operations in the same order as those array expressions.
    """
    if heads is None:
        heads = _group_count_kernel(group, totals.size)
    per_head = np.where(heads > 0, totals / np.maximum(heads, 1), 0.0)
    out = np.empty(x.size)
    over_halves(_scaled_per_head_kernel, x.size, scale, x, group, per_head, plus, out)
    return out


@njit(cache=True, nogil=True)
def _scaled_per_head_kernel(lo, hi, scale, x, group, per_head, plus, out
                            ):  # pragma: no cover - compiled
    """scaled_plus_per_head for entries lo..hi."""
    for i in range(lo, hi):
        y = scale * x[i]
        if group[i] >= 0:
            y += per_head[group[i]]
        if plus is not None:
            y += plus[i]
        out[i] = y


@njit(cache=True, nogil=True)
def _group_count_kernel(group, m):  # pragma: no cover - compiled
    """Counts in four tables taken in turn, entries outside every group in a spare slot.

    Without a branch per entry, and consecutive entries of one group do not wait on each
    other's increment (three times faster at a million entries); counts are integers,
    so the order they are added in does not matter.
    """
    tables = np.zeros((4, m + 1), dtype=np.int64)
    for i in range(group.size):
        g = group[i]
        tables[i & 3, g if g >= 0 else m] += 1
    out = np.empty(m, dtype=np.int64)
    for g in range(m):
        out[g] = tables[0, g] + tables[1, g] + tables[2, g] + tables[3, g]
    return out


def shares_of(total: float, x: np.ndarray, x_sum: float) -> np.ndarray:
    """``total * x / x_sum``: each entry's part of a total, in one pass."""
    out = np.empty(x.size)
    over_halves(_shares_kernel, x.size, total, x, x_sum, out)
    return out


@njit(cache=True, nogil=True)
def _shares_kernel(lo, hi, total, x, x_sum, out):  # pragma: no cover - compiled
    """shares_of for entries lo..hi."""
    for i in range(lo, hi):
        out[i] = total * x[i] / x_sum
