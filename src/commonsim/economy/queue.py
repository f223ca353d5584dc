"""The hiring queue: households ordered by their fixed priority, best first.

The order is what a stable sort by descending priority gives: higher priority first, equal
priorities in index order. Priority changes only when heirs enter (a few percent of the
households a year), so re-sorting a million households every year (about 0.2 s) is waste:
:func:`rerank` keeps the others in their order and merges the heirs in, one linear pass.
"""

from __future__ import annotations

import numpy as np
from numba import njit


def queue_order(priority: np.ndarray) -> np.ndarray:
    """Indices of households by descending priority, ties in index order."""
    return np.argsort(-priority, kind="stable")


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
    # Gathered along the queue first (tight loops, many loads in flight), then merged in
    # one sequential pass.
    _merge_kernel(queue, priority[queue], moved[queue], entrants, priority[entrants])


@njit(cache=True)
def _merge_kernel(queue, ranked, leaving, entrants, entrant_priority):  # pragma: no cover
    """Merge `entrants` (in queue order) into the staying part of `queue`, in place.

    `ranked` and `leaving` are each place's priority and whether its household moves. The
    staying households keep their relative order, so the two sorted runs are merged by
    (priority descending, index ascending), the stable sort's order.
    """
    kept = np.empty(queue.size - entrants.size, dtype=queue.dtype)
    kept_priority = np.empty(kept.size)
    k = 0
    for q in range(queue.size):
        if not leaving[q]:
            kept[k] = queue[q]
            kept_priority[k] = ranked[q]
            k += 1
    i = 0
    j = 0
    for q in range(queue.size):
        if j < entrants.size:
            b = entrants[j]
            pb = entrant_priority[j]
            if i >= kept.size or pb > kept_priority[i] or (
                    pb == kept_priority[i] and b < kept[i]):
                queue[q] = b
                j += 1
                continue
        queue[q] = kept[i]
        i += 1
