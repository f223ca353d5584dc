"""The hiring queue: households ordered by their fixed priority, best first.

The order is what a stable sort by descending priority gives: higher priority first, equal
priorities in index order. Priority changes only when heirs enter (a few percent of the
households a year), so re-sorting a million households every year (about 0.2 s) is waste:
:func:`rerank` keeps the others in their order and merges the heirs in, one linear pass.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.arrays import stable_argsort


def queue_order(priority: np.ndarray) -> np.ndarray:
    """Indices of households by descending priority, ties in index order."""
    return stable_argsort(-priority)


def rerank(queue: np.ndarray, priority: np.ndarray, changed: np.ndarray) -> None:
    """Put the households `changed` (ascending indices) in their new place, in place.

    `queue` must be the order of the priorities before the change (:func:`queue_order`);
    afterwards it equals ``queue_order(priority)`` for the new priorities.
    """
    if changed.size == 0:
        return
    moved = np.zeros(priority.size, dtype=np.bool_)
    moved[changed] = True
    entrants = changed[queue_order(priority[changed])]
    _merge_kernel(queue, priority, moved, entrants, priority[entrants])


#: Every STRIDE-th staying household brackets the entrants' places before bisection.
STRIDE = 256


@njit(cache=True)
def _goes_before(b, pb, k, priority):  # pragma: no cover - compiled
    """Whether household b (priority pb) comes before household k in the stable order."""
    pk = priority[k]
    return pb > pk or (pb == pk and b < k)


@njit(cache=True)
def _merge_kernel(queue, priority, moved, entrants, entrant_priority):  # pragma: no cover
    """Merge `entrants` (in queue order) into the staying part of `queue`, in place.

    The staying households keep their relative order, so the two sorted runs are merged by
    (priority descending, index ascending), the stable sort's order. Each entrant's place
    among the staying households is found by bisection; the staying households'
    priorities are scattered in memory, so only the few each bisection needs are read,
    and all entrants' bisections advance together (their reads do not wait on each other).
    """
    kept = np.empty(queue.size - entrants.size, dtype=queue.dtype)
    k = 0
    for q in range(queue.size):
        kept[k] = queue[q]  # written always, kept only if the household stays
        k += not moved[queue[q]]
    # Bracket each entrant between every STRIDE-th staying household (entrants come in
    # order, so one walk along those does it), then bisect within the bracket.
    lo = np.empty(entrants.size, dtype=np.int64)
    hi = np.empty(entrants.size, dtype=np.int64)
    t = 0
    for j in range(entrants.size):
        while t < kept.size and not _goes_before(entrants[j], entrant_priority[j], kept[t],
                                                 priority):
            t += STRIDE
        lo[j] = max(t - STRIDE + 1, 0)
        hi[j] = min(t, kept.size)
    searching = True
    while searching:
        searching = False
        for j in range(entrants.size):
            if lo[j] < hi[j]:
                mid = (lo[j] + hi[j]) // 2
                if _goes_before(entrants[j], entrant_priority[j], kept[mid], priority):
                    hi[j] = mid
                else:
                    lo[j] = mid + 1
                searching = True
    # lo[j]: staying households before entrant j (non-decreasing in j).
    q = 0
    i = 0
    for j in range(entrants.size):
        queue[q:q + lo[j] - i] = kept[i:lo[j]]
        q += lo[j] - i
        i = lo[j]
        queue[q] = entrants[j]
        q += 1
    queue[q:] = kept[i:]
