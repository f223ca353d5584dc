"""The hiring queue: households ordered by their fixed priority, best first.

The order is what a stable sort by descending priority gives: higher priority first, equal
priorities in index order. Priority changes only when heirs enter (a few percent of the
households a year), so re-sorting a million households every year (about 0.2 s) is waste:
:func:`rerank` keeps the others in their order and merges the heirs in, one linear pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numba import njit

from commonsim.economy.arrays import stable_argsort
from commonsim.economy.halves import both, worth_splitting


def queue_order(priority: np.ndarray) -> np.ndarray:
    """Indices of households by descending priority, ties in index order."""
    return stable_argsort(-priority)


def rerank(queue: np.ndarray, priority: np.ndarray, changed: np.ndarray) -> None:
    """Put the households `changed` (ascending indices) in their new place, in place.

    `queue` must be the order of the priorities before the change (:func:`queue_order`);
    afterwards it equals ``queue_order(priority)`` for the new priorities. Each of the
    merge's three passes (keep the others in order, find each entrant's place, write the
    new order) is split in two halves on two threads where worth it; the halves write
    disjoint parts, so the order is the same.
    """
    if changed.size == 0:
        return
    moved = np.zeros(priority.size, dtype=np.bool_)
    moved[changed] = True
    entrants = changed[queue_order(priority[changed])]
    entrant_priority = priority[entrants]
    kept = np.empty(queue.size - entrants.size, dtype=queue.dtype)
    places = np.empty(entrants.size, dtype=np.int64)
    split = worth_splitting(queue.size)
    _in_two(split, _keep_kernel, queue.size, queue, moved, kept)
    _in_two(split, _place_kernel, entrants.size, kept, priority, entrants, entrant_priority,
            places)
    _in_two(split, _write_kernel, entrants.size, queue, kept, entrants, places)


def _in_two(split: bool, kernel: Callable[..., None], n: int, *args: Any) -> None:
    """``kernel(0, n, *args)``, or its two halves on two threads if `split`."""
    if not split:
        kernel(0, n, *args)
        return
    half = n // 2
    both(lambda: kernel(0, half, *args), lambda: kernel(half, n, *args))


#: Every STRIDE-th staying household brackets the entrants' places before bisection.
STRIDE = 256


@njit(cache=True, nogil=True)
def _goes_before(b, pb, k, priority):  # pragma: no cover - compiled
    """Whether household b (priority pb) comes before household k in the stable order."""
    pk = priority[k]
    return pb > pk or (pb == pk and b < k)


@njit(cache=True, nogil=True)
def _keep_kernel(lo, hi, queue, moved, kept):  # pragma: no cover - compiled
    """The staying households of queue places lo..hi, in order, into `kept`.

    The first half (lo = 0) fills `kept` from its start, the other from its end
    backwards: together they fill it exactly, each writing only its own part.
    """
    if lo == 0:
        k = 0
        for q in range(lo, hi):
            if not moved[queue[q]]:
                kept[k] = queue[q]
                k += 1
    else:
        k = kept.size - 1
        for q in range(hi - 1, lo - 1, -1):
            if not moved[queue[q]]:
                kept[k] = queue[q]
                k -= 1


@njit(cache=True, nogil=True)
def _place_kernel(lo, hi, kept, priority, entrants, entrant_priority, places
                  ):  # pragma: no cover - compiled
    """places[j]: staying households before entrant j, for entrants lo..hi (in order).

    The staying households keep their relative order, so each entrant's place among them
    is found by (priority descending, index ascending), the stable sort's order: bracketed
    between every STRIDE-th staying household (one walk along those), then bisected. The
    staying households' priorities are scattered in memory, so only the few each
    bisection needs are read, and all entrants' bisections advance together (their reads
    do not wait on each other).
    """
    top = np.empty(hi - lo, dtype=np.int64)
    t = 0
    for j in range(lo, hi):
        while t < kept.size and not _goes_before(entrants[j], entrant_priority[j], kept[t],
                                                 priority):
            t += STRIDE
        places[j] = max(t - STRIDE + 1, 0)
        top[j - lo] = min(t, kept.size)
    searching = True
    while searching:
        searching = False
        for j in range(lo, hi):
            if places[j] < top[j - lo]:
                mid = (places[j] + top[j - lo]) // 2
                if _goes_before(entrants[j], entrant_priority[j], kept[mid], priority):
                    top[j - lo] = mid
                else:
                    places[j] = mid + 1
                searching = True


@njit(cache=True, nogil=True)
def _write_kernel(lo, hi, queue, kept, entrants, places):  # pragma: no cover - compiled
    """The new order around entrants lo..hi: the staying households before each, then it.

    The half of the entrants that ends the list also writes the staying households after
    the last entrant.
    """
    i = places[lo - 1] if lo > 0 else 0
    for j in range(lo, hi):
        q = i + j
        queue[q:q + places[j] - i] = kept[i:places[j]]
        i = places[j]
        queue[i + j] = entrants[j]
    if hi == entrants.size:
        queue[i + hi:] = kept[i:]
