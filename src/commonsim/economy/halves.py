"""One pass over the households on two threads: each thread takes one half of them.

Most passes over a million households are compiled loops in which household ``i`` reads
and writes entry ``i`` only (no sums across households). Such a loop gives the same bits
whichever thread runs which entries, so from :data:`SPLIT_FROM` households on, when the
process may use two cores, the calling thread runs the first half while a helper thread
runs the second. The kernels release Python's lock (``nogil``), so the halves run at the
same time; a single thread does not use all of the memory bandwidth, so even passes that
mostly move memory gain.

A pass that sums across households (a total, a group sum) is never split: splitting it
would change the order of its additions, and so its last bits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

#: Households from which an elementwise pass is split over two threads. Below this, a
#: pass takes well under a millisecond and handing half of it over costs more than it saves.
SPLIT_FROM = 50_000

_pool: ThreadPoolExecutor | None = None
_busy = threading.Lock()
#: Worker processes of one pool sharing this machine's cores (:func:`share_cores`).
_sharing = 1


def usable_cores() -> int:
    """Cores this process may run on (all of them where the OS cannot say)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worth_splitting(n: int) -> bool:
    """True if work over `n` households is shared by two threads.

    From :data:`SPLIT_FROM` households, when this process's share of the cores is two or
    more (all of them, unless it is one worker of a pool: :func:`share_cores`).
    """
    return n >= SPLIT_FROM and usable_cores() // _sharing >= 2


def share_cores(processes: int) -> None:
    """Note that this process is one of `processes` workers of a pool on this machine.

    A pool with a worker per core then runs one thread per worker, not two that wait for
    each other's core. Called by each worker as it starts.
    """
    global _sharing
    _sharing = max(1, int(processes))


def over_halves(kernel: Callable[..., Any], n: int, *args: Any) -> None:
    """Run ``kernel(lo, hi, *args)`` over ``[0, n)``, in two halves at once when worth it.

    `kernel` is compiled with ``nogil=True`` and treats each index in ``[lo, hi)`` on its
    own, writing only that index's entries of its output arrays.
    """
    if not worth_splitting(n):
        kernel(0, n, *args)
        return
    half = n // 2
    both(lambda: kernel(0, half, *args), lambda: kernel(half, n, *args))


def both(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """``(first(), second())``: `second` runs on the helper thread while `first` runs here.

    Only one pair runs at a time in a process; a caller that finds the helper busy (another
    thread's pair) runs both itself, one after the other. An error in either reaches the
    caller, after both have stopped.
    """
    if not _busy.acquire(blocking=False):
        return first(), second()
    try:
        other = _helper().submit(second)
        try:
            mine = first()
        finally:
            theirs = other.result()  # the helper is idle again before the caller goes on
        return mine, theirs
    finally:
        _busy.release()


@contextmanager
def helper_held() -> Iterator[None]:
    """Every pass started inside this block runs whole on the thread that starts it.

    For a caller that already keeps both cores busy with threads of its own (the
    metrics): a split would put a third thread on two cores and make each pass wait for
    a half that shares a core with the other thread.
    """
    _busy.acquire()
    try:
        yield
    finally:
        _busy.release()


def _helper() -> ThreadPoolExecutor:
    """The process's helper thread, started on first use."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="halves")
    return _pool


def _forget_helper() -> None:
    """In a forked child: the parent's helper thread does not exist there."""
    global _pool, _busy
    _pool = None
    _busy = threading.Lock()


os.register_at_fork(after_in_child=_forget_helper)
