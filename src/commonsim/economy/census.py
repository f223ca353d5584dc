"""One-pass counts, masked means and masked sums over household arrays, for the metrics.

The metrics read the finished period many times: a share of a group, a mean over a group,
a sum over a group. Done with NumPy each is a mask, a copy of the selected entries and a
reduction, three passes over a million entries; here each is one compiled pass that copies
nothing. Sums do not run in NumPy's pairwise order, so a mean can differ from
NumPy's in the last bits (relative 1e-13 at a million households); counts are exact. These
figures are reported, and read by the spin-up's settling test (whose bounds are far coarser);
no mechanism reads them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.halves import over_halves


def share(mask: np.ndarray) -> float:
    """``mask.mean()`` for a boolean array (exact: a count over the size)."""
    return np.count_nonzero(mask) / mask.size if mask.size else float("nan")


def masked_mean(x: np.ndarray, mask: np.ndarray) -> float:
    """Mean of `x` where `mask` is set (NaN when it is set nowhere)."""
    total, count = _masked_total(x, mask)
    return total / count if count else float("nan")


def masked_sum(x: np.ndarray, mask: np.ndarray) -> float:
    """Sum of `x` where `mask` is set."""
    return _masked_total(x, mask)[0]


def _masked_total(x: np.ndarray, mask: np.ndarray) -> tuple[float, int]:
    """Sum of `x` where `mask` is set, and how many entries are set.

    The fast pass multiplies by the mask as bytes (NumPy booleans convert to floats with a
    branch, and a branch on a mixed mask is mispredicted half the time). An infinite or
    NaN entry outside the mask would spoil that product, so a total that is not finite is
    summed again entry by entry, as a masked copy would.
    """
    flags = mask.view(np.uint8)
    values = x.view(np.uint8) if x.dtype == np.bool_ else x
    total, count = _masked_product_kernel(values, flags)
    if not np.isfinite(total):
        total = _masked_select_kernel(values, flags)
    return float(total), int(count)


def mean_of_positive_sum(x: np.ndarray, y: np.ndarray) -> float:
    """Mean of ``x + y`` over the entries where it is positive (NaN when there are none)."""
    total, count = _positive_pair_kernel(x, y)
    return total / count if count else float("nan")


@njit(cache=True, nogil=True)
def _masked_product_kernel(x, mask):  # pragma: no cover - compiled
    s0 = s1 = s2 = s3 = 0.0  # four running sums: no wait on the previous addition
    count = 0
    n = x.size
    top = n - n % 4
    for i in range(0, top, 4):
        m0, m1, m2, m3 = mask[i], mask[i + 1], mask[i + 2], mask[i + 3]
        s0 += x[i] * m0
        s1 += x[i + 1] * m1
        s2 += x[i + 2] * m2
        s3 += x[i + 3] * m3
        count += m0 + m1 + m2 + m3
    total = (s0 + s1) + (s2 + s3)
    for i in range(top, n):
        total += x[i] * mask[i]
        count += mask[i]
    return total, count


@njit(cache=True, nogil=True)
def _masked_select_kernel(x, mask):  # pragma: no cover - compiled
    total = 0.0
    for i in range(x.size):
        if mask[i]:
            total += x[i]
    return total


@njit(cache=True, nogil=True)
def _positive_pair_kernel(x, y):  # pragma: no cover - compiled
    total = 0.0
    count = 0
    for i in range(x.size):
        v = x[i] + y[i]
        m = v > 0
        total += v if m else 0.0
        count += m
    return total, count


def masked_sum_of(arrays: tuple[np.ndarray, ...], mask: np.ndarray) -> float:
    """Sum over the entries where `mask` is set of ``0 + arrays[0] + arrays[1] + ...``."""
    flags = mask.view(np.uint8)
    total = _masked_sum_of_kernel(arrays, flags, False)
    if not np.isfinite(total):  # as in _masked_total: entry by entry
        total = _masked_sum_of_kernel(arrays, flags, True)
    return float(total)


def positive_ratios(numerator: np.ndarray, denominator: np.ndarray,
                    floor: float) -> tuple[np.ndarray, bool]:
    """``numerator / max(denominator, floor)`` where the denominator is positive.

    Returns the ratios (in household order) and whether any of them is finite.
    """
    return _positive_ratios_kernel(numerator, denominator, floor)


def insecure_main(piece: np.ndarray, peer: np.ndarray, stipends: np.ndarray,
                  secure: np.ndarray, workers: np.ndarray, floor: bool) -> np.ndarray:
    """Workers whose main income is task work, or civic pay when no floor backs it.

    Task income is the larger of piece and peer pay; it is the main income when above
    every secure kind (`secure`: their largest, at least 0) and at least the stipends.
    Civic pay is main when above both.
    """
    out = np.empty(piece.size, dtype=np.bool_)
    # Booleans as bytes: compiled loops over NumPy booleans are not vectorised.
    over_halves(_insecure_main_kernel, piece.size, piece, peer, stipends, secure,
                workers.view(np.uint8), floor, out.view(np.uint8))
    return out


def log_growth_stds(now: np.ndarray, before: np.ndarray, first: np.ndarray,
                    second: np.ndarray) -> tuple[float, float]:
    """Standard deviations of ``log(now / before)`` over `first` and over `second`.

    Each over the households of its group where both are positive, as ``np.std`` of
    their growths (NaN when none qualifies); each household's log is taken once.

    One pass copies the growths of the households in either group, marking which group
    each is in; a second sums each group's squared deviations. Each group's sums are
    taken in household order, as a pass over that group alone would take them.
    """
    a, b = _log_growth_stds_kernel(now, before, first.view(np.uint8), second.view(np.uint8))
    return float(a), float(b)


@njit(cache=True, nogil=True)
def _log_growth_stds_kernel(now, before, first, second):  # pragma: no cover - compiled
    growth = np.empty(now.size)
    in_first = np.empty(now.size, dtype=np.uint8)
    in_second = np.empty(now.size, dtype=np.uint8)
    k = k1 = k2 = 0
    total1 = total2 = 0.0
    for i in range(now.size):
        if (first[i] or second[i]) and before[i] > 0 and now[i] > 0:
            g = np.log(max(now[i], 1e-9) / max(before[i], 1e-9))
            growth[k] = g
            in_first[k] = first[i]
            in_second[k] = second[i]
            if first[i]:
                total1 += g
                k1 += 1
            if second[i]:
                total2 += g
                k2 += 1
            k += 1
    mean1 = total1 / k1 if k1 else 0.0
    mean2 = total2 / k2 if k2 else 0.0
    squares1 = squares2 = 0.0
    for j in range(k):
        if in_first[j]:
            d = growth[j] - mean1
            squares1 += d * d
        if in_second[j]:
            d = growth[j] - mean2
            squares2 += d * d
    std1 = np.sqrt(squares1 / k1) if k1 else np.nan
    std2 = np.sqrt(squares2 / k2) if k2 else np.nan
    return std1, std2


@njit(cache=True, nogil=True)
def _masked_sum_of_kernel(arrays, mask, select):  # pragma: no cover - compiled
    s0 = s1 = 0.0  # two running sums: no wait on the previous addition
    for i in range(mask.size):
        v = 0.0
        for a in arrays:
            v += a[i]
        if select:
            if mask[i]:
                s0 += v
        elif i % 2:
            s1 += v * mask[i]
        else:
            s0 += v * mask[i]
    return s0 + s1


@njit(cache=True, nogil=True)
def _positive_ratios_kernel(numerator, denominator, floor):  # pragma: no cover - compiled
    out = np.empty(numerator.size)
    k = 0
    finite = False
    for i in range(numerator.size):
        d = denominator[i]
        if d > 0:
            r = numerator[i] / max(d, floor)
            out[k] = r
            finite = finite or np.isfinite(r)
            k += 1
    return out[:k], finite


@njit(cache=True, nogil=True)
def _insecure_main_kernel(lo, hi, piece, peer, stipends, secure, workers, floor, out
                          ):  # pragma: no cover - compiled
    """insecure_main for households lo..hi."""
    backed = not floor
    for i in range(lo, hi):  # bitwise logic, no branches: the masks are mixed
        a, b = piece[i], peer[i]
        gig = a if (a >= b) | (a != a) else b  # as np.maximum: a NaN wins
        other, civic = secure[i], stipends[i]
        gig_main = (gig > other) & (gig >= civic)
        civic_main = (civic > other) & (civic > gig)
        out[i] = (gig_main | (civic_main & backed)) & workers[i]
