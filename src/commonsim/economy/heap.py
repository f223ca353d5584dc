"""Keep freed household-sized arrays in the process's heap instead of returning them.

Every period allocates and frees dozens of temporary arrays the size of the household
population (8 MB each at 1,000,000 households). With glibc's defaults each one comes from
a fresh ``mmap`` or is trimmed off the top of the heap when freed, so the next period
faults it back in page by page: at 1,000,000 households about a quarter of a run's time
was spent in the kernel on page faults. Raising the ``mmap`` threshold to glibc's own
dynamic maximum (32 MiB) and the trim threshold to 1 GiB lets freed arrays be reused.
Peak memory does not grow: a freed block is reused, never held beside a new one.

This is process-wide, done once when the engine is imported (before any economy is built
or loaded from the cache). A process started with its own malloc settings
(``MALLOC_MMAP_THRESHOLD_``, ``MALLOC_TRIM_THRESHOLD_`` or malloc ``GLIBC_TUNABLES``) keeps
them; on other C libraries it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

#: glibc's ``mallopt`` parameter numbers (``malloc.h``).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Blocks at least this large still get their own mapping (glibc's dynamic maximum).
MMAP_THRESHOLD = 32 * 2**20
#: Free memory at the top of the heap is returned to the system beyond this much.
TRIM_THRESHOLD = 2**30

#: Environment settings by which a process chooses its own malloc behaviour.
OWN_SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")

_done = False


def _chosen_by_process() -> bool:
    """True if the process was started with its own malloc thresholds."""
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    return any(key in os.environ for key in OWN_SETTINGS) or "malloc." in tunables


def keep_freed_memory() -> bool:
    """Set glibc's thresholds once for this process; True if they are (now) set."""
    global _done
    if _done:
        return True
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    if _chosen_by_process():
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name)
    _done = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    return _done
